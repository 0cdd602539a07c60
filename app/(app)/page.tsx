import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GridMapLoader } from "@/components/map/grid-map-loader";
import { UnitTree } from "@/components/territory/unit-tree";
import { requireViewer } from "@/lib/server/auth";
import { can } from "@/lib/permissions";
import { mapConfig } from "@/lib/settings/map";
import { getTerritory } from "@/lib/territory/data";

export const metadata: Metadata = { title: "我的辖区" };

export default async function HomePage() {
  const viewer = await requireViewer();
  // Grid workers start from their own grid's page (grid module).
  if (viewer.role === "GRID_WORKER") redirect("/grid");
  // The security and audit administrators have no territory to look at (三员): their work is in /admin.
  if (!can(viewer, "territory.view")) redirect(can(viewer, "admin.view") ? "/admin" : "/account");
  const [territory, t, map] = await Promise.all([getTerritory(viewer), getTranslations("home"), mapConfig()]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600" data-testid="territory-counts">
          {viewer.unitName} ·{" "}
          {t("counts", { townships: territory.counts.TOWNSHIP, villages: territory.counts.VILLAGE, grids: territory.counts.GRID })}
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
        <section aria-labelledby="tree-title" className="max-h-[36rem] overflow-auto rounded-lg border border-slate-200 bg-white p-3">
          <h2 id="tree-title" className="mb-2 font-medium">{t("tree")}</h2>
          <UnitTree units={territory.units} rootId={territory.rootId} />
        </section>
        <section aria-labelledby="map-title" className="rounded-lg border border-slate-200 bg-white p-3">
          <div className="mb-2 flex items-baseline justify-between">
            <h2 id="map-title" className="font-medium">{t("map")}</h2>
            <span className="text-xs text-slate-500">{t("gridCount", { count: territory.grids.length })}</span>
          </div>
          {territory.grids.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noGrids")}</p>
          ) : (
            <GridMapLoader features={territory.grids} tiles={map.tiles} center={map.center} />
          )}
          {!map.tiles.url && <p className="mt-1 text-xs text-slate-500">{t("mapNoTiles")}</p>}
        </section>
      </div>
    </div>
  );
}
