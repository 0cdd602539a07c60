import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DictionaryEditor } from "@/components/admin/dictionary-editor";
import { PageHeader } from "@/components/admin/ui";
import { createDepartmentAction, updateDepartmentAction } from "@/lib/admin/actions";
import { listDepartments } from "@/lib/admin/data";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "部门" };

export default async function DepartmentsPage() {
  const viewer = await requireViewer();
  const [{ departments, centers }, t, tl] = await Promise.all([orNotFound(listDepartments(viewer)), getTranslations("admin.departments"), getTranslations("levels")]);
  return (
    <div className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <DictionaryEditor
        title={t("list")}
        testId="departments"
        rows={departments.map((d) => ({ id: d.id, version: d.version, code: d.code, name: d.name, nameEn: d.nameEn, sortOrder: d.sortOrder, enabled: d.enabled, stationUnitIds: d.stationUnitIds }))}
        columns={[
          { name: "code", label: t("code"), type: "text", fixedAfterCreate: true },
          { name: "name", label: t("name"), type: "text" },
          { name: "nameEn", label: t("nameEn"), type: "text" },
          { name: "sortOrder", label: t("sortOrder"), type: "number", min: 0, max: 9999 },
          { name: "enabled", label: t("enabled"), type: "checkbox" },
          { name: "stationUnitIds", label: t("stations"), type: "multiselect", options: centers.map((c) => ({ value: c.id, label: c.level === "COUNTY" ? `${c.name}（${tl(c.level)}）` : c.name })) },
        ]}
        defaults={{ code: "", name: "", nameEn: "", sortOrder: departments.length + 1, enabled: true, stationUnitIds: [] }}
        create={createDepartmentAction}
        update={updateDepartmentAction}
      />
    </div>
  );
}
