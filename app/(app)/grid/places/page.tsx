import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/grid/list-controls";
import { Badge, ButtonLink, Empty, PageHeader } from "@/components/grid/ui";
import { PLACE_CATEGORIES, RISK_LEVELS } from "@/lib/grid/dictionary";
import { hrefWith } from "@/lib/grid/href";
import { found, plainParams } from "@/lib/grid/pages";
import { listPlaces } from "@/lib/grid/places-data";
import { placeListSchema } from "@/lib/grid/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "场所" };

const RISK_TONE = { LOW: "slate", MEDIUM: "amber", HIGH: "red" } as const;

export default async function PlacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const query = placeListSchema.parse(params);
  const [data, t, tl, tr] = await Promise.all([
    found(listPlaces(viewer, query)),
    getTranslations("grid.places"),
    getTranslations("grid.list"),
    getTranslations("grid.record"),
  ]);
  const base = "/grid/places";
  const { cursor: _c, sort: _s, ...exportFilter } = query;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("title")}
        subtitle={tl("total", { count: data.total })}
        actions={
          <>
            {can(viewer, "people.export") && <ExportButton request={{ registry: "places", filter: exportFilter }} />}
            {can(viewer.role, "places.edit") && <ButtonLink href={hrefWith(`${base}/new`, { gridId: query.gridId })} testId="new-place">{t("new")}</ButtonLink>}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={params}
        placeholder={t("searchPlaceholder")}
        selects={[
          { name: "category", label: t("fields.category"), options: PLACE_CATEGORIES.map((c) => ({ value: c, label: `${t(`categories.${c}`)} (${data.byCategory[c] ?? 0})` })) },
          { name: "riskLevel", label: t("fields.riskLevel"), options: RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) })) },
          { name: "dataState", label: tr("dataState"), options: ["ENTERED", "VERIFIED"].map((s) => ({ value: s, label: tr(`state.${s}`) })) },
          { name: "sort", label: tl("sortRecent"), emptyLabel: tl("sortRecent"), options: [{ value: "name", label: tl("sortName") }] },
        ]}
      />
      {query.gridId && (
        <p className="mb-2 text-xs text-slate-500">
          <Link href={base} className="text-brand-700">{tl("allGrids")}</Link>
        </p>
      )}
      {data.items.length === 0 ? (
        <Empty>{tl("noResults")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="place-list">
          {data.items.map((p) => (
            <li key={p.id} data-id={p.id}>
              <Link href={`${base}/${p.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{p.name}</span>
                  <Badge>{t(`categories.${p.category}`)}</Badge>
                  {p.riskLevel !== "LOW" && <Badge tone={RISK_TONE[p.riskLevel]}>{t(`risk.${p.riskLevel}`)}</Badge>}
                  <Badge tone={p.dataState === "VERIFIED" ? "green" : "slate"}>{tr(`state.${p.dataState}`)}</Badge>
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span>{p.grid.name}</span>
                  {p.address && <span className="truncate">{p.address}</span>}
                  {!p.hasPoint && <span className="text-amber-700">{tl("noPoint")}</span>}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager basePath={base} params={params} nextCursor={data.nextCursor} />
    </div>
  );
}
