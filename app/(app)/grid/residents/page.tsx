import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/people/list-controls";
import { Badge, ButtonLink, CARE_TONE, Empty, PageHeader } from "@/components/people/ui";
import { listResidents, listTags, pendingMoveCount } from "@/lib/people/data";
import { orNotFound, plainParams, scopeOptions } from "@/lib/people/pages";
import { DATA_STATES, PERSON_HOUSEHOLD_STATES, RESIDENCE_TYPES } from "@/lib/people/rules";
import { residentFilterSchema } from "@/lib/people/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "实有人口" };

export default async function ResidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const filter = residentFilterSchema.parse(params);
  const mayDecideMoves = can(viewer, "people.move.decide");
  const [data, tags, scope, t, locale, pendingMoves] = await Promise.all([
    orNotFound(listResidents(viewer, filter)),
    listTags(viewer),
    scopeOptions(viewer),
    getTranslations("people"),
    getLocale(),
    mayDecideMoves ? pendingMoveCount(viewer) : 0,
  ]);
  const { cursor: _c, ...exportFilter } = filter;
  const base = "/grid/residents";
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("residents.title")}
        subtitle={<span data-testid="total">{data.more ? t("residents.countMore", { count: data.total }) : t("residents.count", { count: data.total })}</span>}
        actions={
          <>
            {(mayDecideMoves || can(viewer, "people.move.request")) && (
              <ButtonLink href="/grid/moves" variant="secondary" testId="moves-link">
                {pendingMoves ? t("moves.residentsLinkPending", { count: pendingMoves }) : t("moves.residentsLink")}
              </ButtonLink>
            )}
            {can(viewer.role, "people.export") && <ExportButton request={{ registry: "residents", filter: exportFilter }} />}
            {can(viewer.role, "people.edit") && (
              <ButtonLink href={`${base}/new`} testId="new-resident">
                {t("residents.new")}
              </ButtonLink>
            )}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={params}
        placeholder={t("residents.searchPlaceholder")}
        units={scope.units}
        selects={[
          { name: "tagId", label: t("fields.tags"), options: tags.map((g) => ({ value: String(g.id), label: locale === "en" ? g.nameEn : g.name })) },
          { name: "state", label: t("fields.state"), options: PERSON_HOUSEHOLD_STATES.map((s) => ({ value: s, label: t(`state.${s}`) })) },
          { name: "residenceType", label: t("fields.residenceType"), options: RESIDENCE_TYPES.map((s) => ({ value: s, label: t(`residenceType.${s}`) })) },
          { name: "dataState", label: t("fields.dataState"), options: DATA_STATES.map((s) => ({ value: s, label: t(`dataState.${s}`) })) },
        ]}
      />
      {data.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="resident-list">
          {data.items.map((r) => (
            <li key={r.id} data-id={r.id}>
              <Link href={`${base}/${r.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900" data-testid="resident-name">
                    {r.name}
                  </span>
                  <span className="text-xs text-slate-500">
                    {t(`sex.${r.sex}`)} · {t("residents.ageYears", { age: r.age })}
                  </span>
                  {r.tags.map((g) => (
                    <Badge key={g.id} tone={CARE_TONE[g.careLevel as 1 | 2 | 3] ?? "blue"}>
                      {locale === "en" ? g.nameEn : g.name}
                    </Badge>
                  ))}
                  {r.state && r.state !== "TOGETHER" && <Badge tone="amber">{t(`state.${r.state}`)}</Badge>}
                  {r.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
                  {r.dataState === "VERIFIED" && <Badge tone="green">{t("dataState.VERIFIED")}</Badge>}
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span className="font-mono" data-testid="resident-id">
                    {r.idMasked}
                  </span>
                  {r.house && <span className="truncate">{r.house.address}</span>}
                  {viewer.unitLevel !== "GRID" && <span>{r.grid.name}</span>}
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
