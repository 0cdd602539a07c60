import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ExportButton } from "@/components/people/export-button";
import { ListFilters, Pager } from "@/components/people/list-controls";
import { Badge, ButtonLink, Empty, PageHeader } from "@/components/people/ui";
import { listHouses } from "@/lib/people/data";
import { orNotFound, plainParams, scopeOptions } from "@/lib/people/pages";
import { DATA_STATES, HOUSE_TENURES, HOUSE_USES } from "@/lib/people/rules";
import { houseFilterSchema } from "@/lib/people/schemas";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "房屋" };

export default async function HousesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const filter = houseFilterSchema.parse(params);
  const [data, scope, t] = await Promise.all([orNotFound(listHouses(viewer, filter)), scopeOptions(viewer), getTranslations("people")]);
  const { cursor: _c, ...exportFilter } = filter;
  const base = "/grid/houses";
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={t("houses.title")}
        subtitle={<span data-testid="total">{data.more ? t("common.totalMore", { count: data.total }) : t("common.total", { count: data.total })}</span>}
        actions={
          <>
            {can(viewer.role, "people.export") && <ExportButton request={{ registry: "houses", filter: exportFilter }} />}
            {can(viewer.role, "people.edit") && <ButtonLink href={`${base}/new`} testId="new-house">{t("houses.new")}</ButtonLink>}
          </>
        }
      />
      <ListFilters
        basePath={base}
        params={params}
        placeholder={t("houses.searchPlaceholder")}
        units={scope.units}
        selects={[
          { name: "use", label: t("fields.use"), options: HOUSE_USES.map((s) => ({ value: s, label: t(`houseUse.${s}`) })) },
          { name: "tenure", label: t("fields.tenure"), options: HOUSE_TENURES.map((s) => ({ value: s, label: t(`tenure.${s}`) })) },
          { name: "dataState", label: t("fields.dataState"), options: DATA_STATES.map((s) => ({ value: s, label: t(`dataState.${s}`) })) },
        ]}
      />
      {data.items.length === 0 ? (
        <Empty>{t("common.empty")}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="house-list">
          {data.items.map((h) => {
            const crowded = h.permittedOccupants != null && h.occupants > h.permittedOccupants;
            return (
              <li key={h.id}>
                <Link href={`${base}/${h.id}`} className="block px-3 py-2.5 hover:bg-slate-50">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{h.address}</span>
                    <Badge>{t(`houseUse.${h.use}`)}</Badge>
                    <Badge tone={h.tenure === "RENTED" ? "amber" : "slate"}>{t(`tenure.${h.tenure}`)}</Badge>
                    {crowded && <Badge tone="red">{t("houses.overcrowded", { actual: h.occupants, permitted: h.permittedOccupants! })}</Badge>}
                    {h.deletedAt && <Badge tone="red">{t("common.deleted")}</Badge>}
                    {h.dataState === "VERIFIED" && <Badge tone="green">{t("dataState.VERIFIED")}</Badge>}
                  </div>
                  <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                    <span>{t("fields.households")} {h.households}</span>
                    <span>{t("fields.occupants")} {h.occupants}</span>
                    {h.landlordName && <span>{t("houses.landlord")} {h.landlordName}</span>}
                    {viewer.unitLevel !== "GRID" && <span>{h.grid.name}</span>}
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <Pager basePath={base} params={params} nextCursor={data.nextCursor} />
    </div>
  );
}
