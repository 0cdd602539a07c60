import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/grid/list-controls";
import { Badge, ButtonLink, Empty, PageHeader } from "@/components/grid/ui";
import { FACILITY_STATUSES, FACILITY_TYPES, facilityTypeName } from "@/lib/grid/dictionary";
import { listFacilities } from "@/lib/grid/facilities-data";
import { hrefWith } from "@/lib/grid/href";
import { found, plainParams } from "@/lib/grid/pages";
import { facilityListSchema } from "@/lib/grid/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "部件" };

const STATUS_TONE = { NORMAL: "slate", DAMAGED: "red", MISSING: "red", DECOMMISSIONED: "amber" } as const;

export default async function FacilitiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const query = facilityListSchema.parse(params);
  const [data, t, tl, tr, locale, format] = await Promise.all([
    found(listFacilities(viewer, query)),
    getTranslations("grid.facilities"),
    getTranslations("grid.list"),
    getTranslations("grid.record"),
    getLocale(),
    getFormatter(),
  ]);
  const base = "/grid/facilities";
  const { cursor: _c, ...exportFilter } = query;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("title")}
        subtitle={tl("total", { count: data.total })}
        actions={
          <>
            {can(viewer, "people.export") && <ExportButton request={{ registry: "facilities", filter: exportFilter }} />}
            {can(viewer.role, "places.edit") && <ButtonLink href={hrefWith(`${base}/new`, { gridId: query.gridId })} testId="new-facility">{t("new")}</ButtonLink>}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={params}
        placeholder={t("searchPlaceholder")}
        selects={[
          { name: "type", label: t("fields.type"), options: FACILITY_TYPES.map((x) => ({ value: x.code, label: `${facilityTypeName(x.code, locale)} (${data.byType[x.code] ?? 0})` })) },
          { name: "hazard", label: t("hazardFilter"), emptyLabel: t("hazardAll"), options: [{ value: "1", label: t("hazardYes") }, { value: "0", label: t("hazardNo") }] },
          { name: "status", label: t("fields.status"), options: FACILITY_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })) },
          { name: "dataState", label: tr("dataState"), options: ["ENTERED", "VERIFIED"].map((s) => ({ value: s, label: tr(`state.${s}`) })) },
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
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="facility-list">
          {data.items.map((f) => (
            <li key={f.id} data-id={f.id}>
              <Link href={`${base}/${f.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{f.name}</span>
                  <Badge tone={f.isHazard ? "red" : "slate"}>{facilityTypeName(f.type, locale)}</Badge>
                  {f.status !== "NORMAL" && <Badge tone={STATUS_TONE[f.status]}>{t(`statuses.${f.status}`)}</Badge>}
                  <Badge tone={f.dataState === "VERIFIED" ? "green" : "slate"}>{tr(`state.${f.dataState}`)}</Badge>
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span>{f.grid.name}</span>
                  <span>{f.lastInspectedAt ? t("inspected", { date: format.dateTime(f.lastInspectedAt, { dateStyle: "medium" }) }) : t("neverInspected")}</span>
                  {!f.hasPoint && <span className="text-amber-700">{tl("noPoint")}</span>}
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
