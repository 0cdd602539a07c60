import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/dashboard/breadcrumb";
import { Breakdowns } from "@/components/dashboard/breakdowns";
import { FigureCards } from "@/components/dashboard/cards";
import { dashHref, type Keep } from "@/components/dashboard/href";
import { RiskPanel } from "@/components/dashboard/risk-panel";
import { ScreenRefresh } from "@/components/dashboard/screen-refresh";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { DashboardMapLoader } from "@/components/map/dashboard-map-loader";
import { cardsOf } from "@/lib/dashboard/cards";
import { dashboardView, gridLayerVersion, screenFeed, type FeedItem } from "@/lib/dashboard/data";
import { found, plainParams } from "@/lib/dashboard/pages";
import { monthsSoFar, periodLabel } from "@/lib/dashboard/periods";
import { filtersSchema } from "@/lib/dashboard/schemas";
import { requireViewer } from "@/lib/server/auth";
import { mapConfig } from "@/lib/settings/map";

export const metadata: Metadata = { title: "指挥调度大屏" };
export const dynamic = "force-dynamic";

const cnTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace("T", " ");

async function FeedList({ title, items, testid }: { title: string; items: FeedItem[]; testid: string }) {
  const t = await getTranslations("dashboard.screen");
  const td = await getTranslations("dispatch");
  return (
    <section className="flex min-h-0 flex-1 flex-col rounded-lg bg-slate-900/80 p-3 ring-1 ring-slate-700">
      <h2 className="mb-2 font-medium text-slate-200">{title}</h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-1.5 overflow-hidden" data-testid={testid}>
          {items.map((e) => (
            <li key={e.id} className="rounded bg-slate-800/70 px-2 py-1.5 text-sm">
              <Link href={`/dispatch/${e.id}`} className="flex items-baseline gap-2 hover:underline">
                <span className="font-mono text-xs text-slate-400">#{e.no}</span>
                <span className="min-w-0 flex-1 truncate text-slate-100">{e.title}</span>
                {e.superviseGrade > 0 && (
                  <span className={`rounded px-1 text-xs ${e.superviseGrade === 3 ? "bg-red-600/80" : e.superviseGrade === 2 ? "bg-amber-500/80 text-slate-900" : "bg-sky-700"}`}>
                    {td(`grades.${e.superviseGrade}` as never)}
                  </span>
                )}
              </Link>
              <div className="flex gap-2 text-xs text-slate-400">
                <span>{e.grid}</span>
                <span>{td(`states.${e.state}` as never)}</span>
                <span className="ml-auto tabular-nums">{cnTime(e.reportedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The command hall's big screen: the dashboard in dark, refreshing itself, with live lists. */
export default async function ScreenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const filters = filtersSchema.parse(plainParams(await searchParams));
  const [view, feed, gridVersion, map, t, locale] = await Promise.all([
    found(dashboardView(viewer, filters)),
    found(screenFeed(viewer, filters)),
    found(gridLayerVersion(viewer, filters.unit)),
    mapConfig(),
    getTranslations("dashboard"),
    getLocale(),
  ]);
  const renderedAt = Date.now();
  const keep: Keep = { period: view.period.key, category: view.category, unit: view.unit.id };
  const month = monthsSoFar(view.period, new Date()).at(-1) ?? view.period.months[0];
  return (
    <div className="flex h-screen flex-col gap-3 overflow-hidden p-4" data-testid="screen" data-unit={view.unit.id}>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-baseline gap-4">
          <h1 className="text-2xl font-bold tracking-wide text-sky-300">{t("screen.title")}</h1>
          <Breadcrumb crumbs={view.breadcrumb} path="/dashboard/screen" keep={keep} dark />
          <span className="text-sm text-slate-400">{periodLabel((k, v) => t(`filters.${k}` as never, v as never), view.period.key)}</span>
        </div>
        <div className="flex items-center gap-3">
          <ScreenRefresh renderedAt={renderedAt} />
          <Link href={dashHref("/dashboard", keep)} className="rounded px-2 py-1 text-sm text-slate-300 ring-1 ring-slate-600 hover:bg-slate-800">
            {t("screen.exit")}
          </Link>
        </div>
      </header>
      <FigureCards cards={cardsOf(view.figures)} keep={keep} dark compact links={{ visits: dashHref("/grid/visits", {}, { month }), residents: dashHref("/grid/residents", {}, { unitId: view.unit.id }) }} />
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_minmax(0,2fr)_minmax(0,1fr)] gap-3">
        <div className="flex min-h-0 flex-col gap-3 overflow-hidden">
          <div className="rounded-lg bg-slate-900/80 p-3 ring-1 ring-slate-700">
            <TrendChart points={view.trend} granularity={view.granularity} keep={keep} path="/dashboard/screen" dark />
          </div>
          <div className="rounded-lg bg-slate-900/80 p-3 ring-1 ring-slate-700">
            <RiskPanel openByRisk={view.figures.center.counts.openByRisk} keep={keep} dark />
          </div>
          <div className="min-h-0 overflow-hidden rounded-lg bg-slate-900/80 p-3 ring-1 ring-slate-700">
            <Breakdowns byCategory={view.byCategory.slice(0, 8)} bySource={view.bySource} keep={keep} locale={locale} dark />
          </div>
        </div>
        <div className="min-h-0">
          <DashboardMapLoader
            unitId={view.unit.id}
            gridVersion={gridVersion}
            query={Object.fromEntries(Object.entries({ period: view.period.key, category: view.category ? String(view.category) : "" }).filter(([, v]) => v))}
            basePath="/dashboard/screen"
            tiles={map.tiles}
            center={map.center}
            initialMeasure={filters.measure}
            dark
            height="calc(100vh - 17rem)"
            refreshKey={String(renderedAt)}
          />
        </div>
        <div className="flex min-h-0 flex-col gap-3">
          <FeedList title={t("screen.latest")} items={feed.latest} testid="screen-latest" />
          <FeedList title={t("screen.supervised")} items={feed.supervised} testid="screen-supervised" />
        </div>
      </div>
    </div>
  );
}
