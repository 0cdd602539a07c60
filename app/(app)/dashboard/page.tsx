import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/dashboard/breadcrumb";
import { Breakdowns } from "@/components/dashboard/breakdowns";
import { FigureCards } from "@/components/dashboard/cards";
import { DashboardFilters } from "@/components/dashboard/filters";
import { dashHref, type Keep } from "@/components/dashboard/href";
import { DashboardNav } from "@/components/dashboard/module-nav";
import { RankingTable } from "@/components/dashboard/ranking-table";
import { RiskPanel } from "@/components/dashboard/risk-panel";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { DashboardMapLoader } from "@/components/map/dashboard-map-loader";
import { cardsOf } from "@/lib/dashboard/cards";
import { dashboardView, gridLayerVersion } from "@/lib/dashboard/data";
import { found, plainParams } from "@/lib/dashboard/pages";
import { monthsSoFar } from "@/lib/dashboard/periods";
import { filtersSchema } from "@/lib/dashboard/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { mapConfig } from "@/lib/settings/map";

export const metadata: Metadata = { title: "指挥调度大屏" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  // Department staff come for their assessment line only.
  if (!can(viewer, "dashboard.view") && can(viewer, "dashboard.assessment")) redirect("/dashboard/assessment");
  const filters = filtersSchema.parse(plainParams(await searchParams));
  const [view, gridVersion, map, t, locale] = await Promise.all([
    found(dashboardView(viewer, filters)),
    found(gridLayerVersion(viewer, filters.unit)),
    mapConfig(),
    getTranslations("dashboard"),
    getLocale(),
  ]);
  const keep: Keep = { period: view.period.key, category: view.category, unit: view.unit.id === viewer.unitId ? undefined : view.unit.id };
  const keepAll: Keep = { ...keep, unit: view.unit.id };
  const month = monthsSoFar(view.period, new Date()).at(-1) ?? view.period.months[0];
  const links = {
    visits: dashHref("/grid/visits", {}, { month, gridId: view.unit.level === "GRID" ? view.unit.id : undefined }),
    residents: dashHref("/grid/residents", {}, { unitId: view.unit.id }),
  };
  const exportQuery = { period: view.period.key, category: view.category, unit: view.unit.id };
  return (
    <div className="space-y-4" data-testid="dashboard" data-unit={view.unit.id} data-level={view.unit.level}>
      <DashboardNav
        current="overview"
        links={[
          { key: "overview", href: dashHref("/dashboard", keep) },
          { key: "assessment", href: dashHref("/dashboard/assessment", { period: view.period.key }) },
          { key: "screen", href: dashHref("/dashboard/screen", keep) },
          ...(can(viewer, "dashboard.export")
            ? [
                { key: "exportXlsx" as const, href: dashHref("/api/dashboard/export", exportQuery, { format: "xlsx" }), download: true },
                { key: "exportPdf" as const, href: dashHref("/api/dashboard/export", exportQuery, { format: "pdf" }), download: true },
              ]
            : []),
        ]}
      />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("title")}</h1>
          <Breadcrumb crumbs={view.breadcrumb} path="/dashboard" keep={keep} />
        </div>
        <DashboardFilters path="/dashboard" keep={keepAll} options={view.options} locale={locale} />
      </div>
      <FigureCards cards={cardsOf(view.figures)} keep={keepAll} links={links} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="map-title" className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
          <h2 id="map-title" className="mb-2 font-medium">{t("map.title")}</h2>
          <DashboardMapLoader
            unitId={view.unit.id}
            gridVersion={gridVersion}
            query={Object.fromEntries(Object.entries({ period: view.period.key, category: view.category ? String(view.category) : "" }).filter(([, v]) => v))}
            basePath="/dashboard"
            tiles={map.tiles}
            center={map.center}
            initialMeasure={filters.measure}
          />
        </section>
        <div className="space-y-4">
          <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <TrendChart points={view.trend} granularity={view.granularity} keep={keepAll} path="/dashboard" />
          </div>
          <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <Breakdowns byCategory={view.byCategory} bySource={view.bySource} keep={keepAll} locale={locale} />
          </div>
          <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <RiskPanel openByRisk={view.figures.center.counts.openByRisk} keep={keepAll} />
          </div>
        </div>
      </div>
      <section aria-labelledby="ranking-title" className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
        <h2 id="ranking-title" className="mb-2 font-medium">{t("ranking.title")}</h2>
        {view.unit.level === "GRID" ? (
          <p className="text-sm text-slate-500">{t("ranking.gridLevel")}</p>
        ) : view.ranking.length === 0 ? (
          <p className="text-sm text-slate-500">{t("ranking.empty")}</p>
        ) : (
          <RankingTable
            keep={keepAll}
            rows={view.ranking.map((r) => ({
              id: r.id,
              name: r.name,
              reported: r.counts.reportedPeriod,
              open: r.counts.open,
              overdue: r.counts.overdue,
              onTime: r.rates.onTime.rate,
              resolvedGrid: r.rates.resolvedGrid.rate,
              satisfaction: r.rates.satisfaction.rate,
              visits: r.visits.rate,
              keyPer1000: r.keyPer1000,
            }))}
          />
        )}
      </section>
    </div>
  );
}
