import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DueList, type DueHousehold } from "@/components/grid/due-list";
import { GridPicker } from "@/components/grid/grid-picker";
import { RatesTable } from "@/components/grid/rates-table";
import { PageHeader } from "@/components/grid/ui";
import { ownGridId, pickGrids } from "@/lib/grid/data";
import { hrefWith } from "@/lib/grid/href";
import { found, plainParams } from "@/lib/grid/pages";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";
import { completionRates, dueList, visitsGrid } from "@/lib/visits/data";
import { daysOverdue } from "@/lib/visits/due";
import { visitsQuerySchema } from "@/lib/visits/schemas";

export const metadata: Metadata = { title: "走访" };

export default async function VisitsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const params = plainParams(await searchParams);
  const query = visitsQuerySchema.parse(params);
  const t = await getTranslations("grid.visits");
  const grid = await found(visitsGrid(viewer, query.gridId));
  const now = new Date();

  if (!grid) {
    const [picked, rates] = await Promise.all([
      found(pickGrids(viewer, { q: params.q, page: Number(params.page) || 0 })),
      found(completionRates(viewer, { month: query.month }, now)),
    ]);
    return (
      <div className="mx-auto max-w-4xl space-y-4">
        <PageHeader title={t("rates")} subtitle={t("pickGrid")} />
        <GridPicker basePath="/grid/visits" result={picked} q={params.q} />
        <RatesTable
          month={rates.month}
          basePath="/grid/visits"
          keep={{}}
          total={rates.total}
          grids={rates.grids.map((g) => ({ ...g, extra: <Link href={hrefWith("/grid/visits", { gridId: g.id, month: rates.month })} className="text-brand-700">{g.name}</Link> }))}
          workers={rates.workers}
        />
      </div>
    );
  }

  const [due, rates] = await Promise.all([dueList(viewer, grid.id, now), completionRates(viewer, { month: query.month, gridId: grid.id }, now)]);
  const card = (h: (typeof due.overdue)[number]): DueHousehold => ({
    id: h.id,
    address: h.house?.address ?? null,
    householdNo: h.householdNo,
    visitTier: h.visitTier,
    lastVisitAt: h.lastVisitAt,
    nextVisitDue: h.nextVisitDue,
    daysOverdue: daysOverdue(h.nextVisitDue, now),
    members: h.members,
  });
  const own = ownGridId(viewer) === grid.id;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={own ? t("title") : t("gridTitle", { grid: grid.name })}
        subtitle={own ? grid.name : <Link href="/grid/visits" className="text-brand-700">{t("allGridsRates")}</Link>}
      />
      <DueList
        overdue={due.overdue.map(card)}
        thisWeek={due.thisWeek.map(card)}
        later={due.later.map(card)}
        laterCount={due.laterCount}
        canLog={can(viewer.role, "visits.log")}
      />
      <RatesTable
        month={rates.month}
        basePath="/grid/visits"
        keep={own ? {} : { gridId: String(grid.id) }}
        total={rates.total}
        grids={rates.grids}
        workers={rates.workers}
      />
    </div>
  );
}
