import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/people/list-controls";
import { Badge, ButtonLink, Empty, PageHeader, TIER_TONE, formatDate } from "@/components/people/ui";
import { listHouseholds } from "@/lib/people/data";
import { orNotFound, plainParams, scopeOptions } from "@/lib/people/pages";
import { DATA_STATES, VISIT_TIERS } from "@/lib/people/rules";
import { householdFilterSchema } from "@/lib/people/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "户籍家庭" };

export default async function HouseholdsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const filter = householdFilterSchema.parse(params);
  const [data, scope, t] = await Promise.all([orNotFound(listHouseholds(viewer, filter)), scopeOptions(viewer), getTranslations("people")]);
  const { cursor: _c, ...exportFilter } = filter;
  const base = "/grid/households";
  const now = Date.now();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("households.title")}
        subtitle={<span data-testid="total">{data.more ? t("common.totalMore", { count: data.total }) : t("common.total", { count: data.total })}</span>}
        actions={
          <>
            {can(viewer.role, "people.export") && <ExportButton request={{ registry: "households", filter: exportFilter }} />}
            {can(viewer.role, "people.edit") && <ButtonLink href={`${base}/new`} testId="new-household">{t("households.new")}</ButtonLink>}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={params}
        placeholder={t("households.searchPlaceholder")}
        units={scope.units}
        selects={[
          { name: "visitTier", label: t("fields.visitTier"), options: VISIT_TIERS.map((s) => ({ value: s, label: t(`visitTierShort.${s}`) })) },
          { name: "dataState", label: t("fields.dataState"), options: DATA_STATES.map((s) => ({ value: s, label: t(`dataState.${s}`) })) },
        ]}
      />
      {data.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="household-list">
          {data.items.map((h) => (
            <li key={h.id}>
              <Link href={`${base}/${h.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{h.head?.name ?? t("households.noHead")}</span>
                  {h.householdNo && <span className="font-mono text-xs text-slate-500">{h.householdNo}</span>}
                  <Badge tone={TIER_TONE[h.visitTier]}>{t(`visitTierShort.${h.visitTier}`)}</Badge>
                  <span className="text-xs text-slate-500">{t("households.memberCount", { count: h.memberCount })}</span>
                  {h.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
                  {h.dataState === "VERIFIED" && <Badge tone="green">{t("dataState.VERIFIED")}</Badge>}
                </div>
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span className="truncate">{h.house?.address ?? t("households.noHouse")}</span>
                  <span className={h.nextVisitDue.getTime() < now ? "text-red-700" : ""}>
                    {t("fields.nextVisitDue")} {formatDate(h.nextVisitDue)}
                  </span>
                  {viewer.unitLevel !== "GRID" && <span>{h.grid.name}</span>}
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
