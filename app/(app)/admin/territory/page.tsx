import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AdminUnitTree } from "@/components/admin/admin-unit-tree";
import { BoundaryImportForm } from "@/components/admin/boundary-import-form";
import { ImportDivisionsForm } from "@/components/admin/import-divisions-form";
import { Card, PageHeader } from "@/components/admin/ui";
import { can } from "@/lib/permissions";
import { orNotFound } from "@/lib/admin/pages";
import { requireViewer } from "@/lib/server/auth";
import { getTerritory } from "@/lib/territory/data";

export const metadata: Metadata = { title: "组织架构" };

export default async function TerritoryAdminPage() {
  const viewer = await requireViewer();
  // The page only hides the forms; every data function checks the permission again.
  if (!can(viewer, "territory.edit") && !can(viewer, "territory.import")) notFound();
  const [territory, t] = await Promise.all([orNotFound(getTerritory(viewer)), getTranslations("admin")]);
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("territory.title")}
        subtitle={t("territory.subtitle", { townships: territory.counts.TOWNSHIP, villages: territory.counts.VILLAGE, grids: territory.counts.GRID })}
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(18rem,28rem)_1fr]">
        <Card title={t("territory.tree")}>
          <p className="mb-2 text-xs text-slate-500">{t("territory.treeHint")}</p>
          <div className="max-h-[40rem] overflow-auto">
            <AdminUnitTree units={territory.units} rootId={territory.rootId} />
          </div>
        </Card>
        <div className="space-y-4">
          {can(viewer, "territory.import") && (
            <Card title={t("importTitle")}>
              <ImportDivisionsForm />
            </Card>
          )}
          {can(viewer, "territory.edit") && (
            <Card title={t("territory.geojsonTitle")}>
              <BoundaryImportForm />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
