import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { GridDetailMapLoader } from "@/components/grid/grid-detail-map-loader";
import { GridPicker } from "@/components/grid/grid-picker";
import { TeamList } from "@/components/grid/team-list";
import { ButtonLink, Card, Stat } from "@/components/grid/ui";
import { gridOverview, ownGridId, pickGrids } from "@/lib/grid/data";
import { hrefWith } from "@/lib/grid/href";
import { found, mapTiles, plainParams } from "@/lib/grid/pages";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "网格" };

export default async function GridPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const t = await getTranslations("grid.overview");
  const requested = Number(params.gridId);
  const gridId = Number.isInteger(requested) && requested > 0 ? requested : ownGridId(viewer);

  if (gridId === null) {
    const result = await found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 }));
    return (
      <div className="mx-auto max-w-3xl">
        <h1 className="mb-3 text-xl font-semibold">{t("title")}</h1>
        <GridPicker basePath="/grid" result={result} q={params.q} />
      </div>
    );
  }

  const o = await found(gridOverview(viewer, gridId));
  const tiles = await mapTiles();
  const scoped = (path: string) => hrefWith(path, { gridId: ownGridId(viewer) === o.grid.id ? undefined : o.grid.id });
  const decided = o.rate.onTime + o.rate.late;
  const markers = [
    ...o.markers.places.map((p) => ({
      id: p.id,
      lat: p.lat,
      lng: p.lng,
      kind: p.riskLevel === "HIGH" ? ("hazard" as const) : ("place" as const),
      label: p.name,
      href: `/grid/places/${p.id}`,
    })),
    ...o.markers.facilities.map((f) => ({
      id: f.id,
      lat: f.lat,
      lng: f.lng,
      kind: f.isHazard ? ("hazard" as const) : ("facility" as const),
      label: f.name,
      href: `/grid/facilities/${f.id}`,
    })),
  ];

  return (
    <div className="space-y-4" data-testid="grid-overview" data-grid-id={o.grid.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold" data-testid="grid-name">{o.grid.name}</h1>
          <p className="text-sm text-slate-600">{o.path.join(" · ")}</p>
        </div>
        {ownGridId(viewer) !== o.grid.id && (
          <Link href="/grid" className="text-sm text-brand-700">
            {t("changeGrid")}
          </Link>
        )}
      </div>

      <section aria-label={t("visits")} className="grid grid-cols-3 gap-2">
        <Stat label={t("overdue")} value={o.due.overdue} href={scoped("/grid/visits")} tone={o.due.overdue ? "red" : "slate"} />
        <Stat label={t("thisWeek")} value={o.due.thisWeek} href={scoped("/grid/visits")} />
        <Stat
          label={t("rate")}
          value={o.rate.rate === null ? "—" : `${Math.round(o.rate.rate * 100)}%`}
          href={scoped("/grid/visits")}
        />
      </section>
      <p className="-mt-2 text-xs text-slate-500" data-testid="grid-rate">
        {o.rate.rate === null ? t("rateNone") : t("rateDetail", { onTime: o.rate.onTime, decided })}
      </p>
      <ButtonLink href={scoped("/grid/visits")} testId="open-visits">
        {t("openVisits")}
      </ButtonLink>

      <section aria-label={t("title")} className="grid grid-cols-3 gap-2 sm:grid-cols-6" data-testid="grid-counts">
        <Stat label={t("counts.residents")} value={o.counts.residents} href={scoped("/grid/residents")} />
        <Stat label={t("counts.households")} value={o.counts.households} href={scoped("/grid/households")} />
        <Stat label={t("counts.houses")} value={o.counts.houses} href={scoped("/grid/houses")} />
        <Stat label={t("counts.places")} value={o.counts.places} href={scoped("/grid/places")} />
        <Stat label={t("counts.facilities")} value={o.counts.facilities} href={scoped("/grid/facilities")} />
        <Stat
          label={t("counts.openSentiments")}
          value={o.counts.openSentiments}
          href={hrefWith("/grid/sentiments", { gridId: ownGridId(viewer) === o.grid.id ? undefined : o.grid.id, open: 1 })}
          tone={o.counts.openSentiments ? "red" : "slate"}
        />
      </section>

      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Card title={t("map")}>
          <GridDetailMapLoader boundary={o.grid.boundary} markers={markers} tiles={tiles} height={340} />
          <ul className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
            <li><span className="mr-1 inline-block h-2.5 w-2.5 rounded-full bg-[#1d5fd0]" />{t("legend.place")}</li>
            <li><span className="mr-1 inline-block h-2.5 w-2.5 rounded-full bg-[#475569]" />{t("legend.facility")}</li>
            <li><span className="mr-1 inline-block h-2.5 w-2.5 rounded-full bg-[#dc2626]" />{t("legend.hazard")}</li>
          </ul>
          {!tiles.url && <p className="mt-1 text-xs text-slate-500">{t("mapNoTiles")}</p>}
        </Card>
        <div className="space-y-4">
          <Card title={t("workers")} testId="grid-workers">
            {o.workers.length === 0 ? (
              <p className="text-sm text-slate-500">{t("noWorkers")}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {o.workers.map((w) => (
                  <li key={w.id} className="flex items-center justify-between gap-2">
                    <span>{w.displayName}</span>
                    {w.phone && (
                      <a href={`tel:${w.phone}`} className="text-brand-700">
                        {w.phone}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t("team")} actions={<Link href={scoped("/grid/team")} className="text-sm text-brand-700">›</Link>} testId="grid-team">
            <TeamList team={o.team} />
          </Card>
        </div>
      </div>
    </div>
  );
}
