import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DictionaryEditor } from "@/components/admin/dictionary-editor";
import { Empty, PageHeader } from "@/components/admin/ui";
import { createResponsibilityAction, deleteResponsibilityAction, updateResponsibilityAction } from "@/lib/admin/actions";
import { listResponsibilities } from "@/lib/admin/data";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "权责清单" };

const LEVELS = ["COUNTY", "TOWNSHIP", "VILLAGE", "GRID"] as const;

export default async function ResponsibilitiesPage() {
  const viewer = await requireViewer();
  const [list, t, tl] = await Promise.all([orNotFound(listResponsibilities(viewer)), getTranslations("admin.responsibilities"), getTranslations("levels")]);
  const parents = new Map(list.categories.filter((c) => c.parentId === null).map((c) => [c.id, c.name]));
  const categoryOptions = list.categories
    .filter((c) => c.parentId !== null || !list.categories.some((x) => x.parentId === c.id))
    .map((c) => ({ value: c.id, label: c.parentId ? `${parents.get(c.parentId) ?? ""} / ${c.name}` : c.name }));
  const columns = [
    { name: "level", label: t("level"), type: "select" as const, options: LEVELS.map((l) => ({ value: l, label: t(`levelNames.${l}`) })) },
    { name: "departmentId", label: t("department"), type: "select" as const, nullable: true, options: list.departments.map((d) => ({ value: d.id, label: d.name })) },
    { name: "categoryId", label: t("category"), type: "select" as const, options: categoryOptions },
    { name: "matter", label: t("matter"), type: "text" as const },
    { name: "basis", label: t("basis"), type: "text" as const },
    { name: "duty", label: t("duty"), type: "select" as const, options: [{ value: "LEAD", label: t("duties.LEAD") }, { value: "ASSIST", label: t("duties.ASSIST") }] },
    { name: "enabled", label: t("enabled"), type: "checkbox" as const },
  ];
  const rows = list.items.map((i) => ({ id: i.id, version: i.version, level: i.level, departmentId: i.departmentId, categoryId: i.categoryId, matter: i.matter, basis: i.basis, duty: i.duty, enabled: i.enabled }));
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle", { county: tl("COUNTY") })} />
      {categoryOptions.length === 0 && <Empty>{t("noCategories")}</Empty>}
      {list.canManage ? (
        <DictionaryEditor
          title={t("list")}
          testId="responsibilities"
          rows={rows}
          columns={columns}
          defaults={{ level: "GRID", departmentId: null, categoryId: categoryOptions[0]?.value ?? null, matter: "", basis: "", duty: "LEAD", enabled: true }}
          create={createResponsibilityAction}
          update={updateResponsibilityAction}
          remove={deleteResponsibilityAction}
        />
      ) : (
        <DictionaryEditor title={t("list")} testId="responsibilities" rows={rows} columns={columns} defaults={{}} />
      )}
    </div>
  );
}
