import { getTranslations } from "next-intl/server";
import type { RateSummary } from "@/lib/visits/rates";
import { Card } from "./ui";

type Row = RateSummary & { id: string | number; name: string; extra?: React.ReactNode };

function pct(rate: number | null) {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

/** Completion rates of a month, per grid and per worker, with the month picker and the definition. */
export async function RatesTable({
  month,
  basePath,
  keep,
  total,
  grids,
  workers,
}: {
  month: string;
  basePath: string;
  keep: Record<string, string>;
  total: RateSummary;
  grids: Row[];
  workers: (Row & { visits: number; gridName: string })[];
}) {
  const t = await getTranslations("grid.visits");
  const head = (first: string, withVisits = false) => (
    <thead className="bg-slate-50 text-xs text-slate-600">
      <tr>
        <th className="px-2 py-1.5 text-left font-medium">{first}</th>
        <th className="px-2 py-1.5 text-right font-medium">{t("rateDue")}</th>
        <th className="px-2 py-1.5 text-right font-medium">{t("rateOnTime")}</th>
        <th className="hidden px-2 py-1.5 text-right font-medium sm:table-cell">{t("rateLate")}</th>
        <th className="hidden px-2 py-1.5 text-right font-medium sm:table-cell">{t("ratePending")}</th>
        {withVisits && <th className="px-2 py-1.5 text-right font-medium">{t("rateVisits")}</th>}
        <th className="px-2 py-1.5 text-right font-medium">{t("rateValue")}</th>
      </tr>
    </thead>
  );
  const cells = (r: RateSummary) => (
    <>
      <td className="px-2 py-1.5 text-right tabular-nums">{r.due}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{r.onTime}</td>
      <td className="hidden px-2 py-1.5 text-right tabular-nums sm:table-cell">{r.late}</td>
      <td className="hidden px-2 py-1.5 text-right tabular-nums sm:table-cell">{r.pending}</td>
    </>
  );
  return (
    <Card title={t("rates")} testId="visit-rates">
      <form method="get" action={basePath} className="mb-3 flex items-end gap-2">
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <label className="text-sm">
          <span className="block text-xs text-slate-600">{t("month")}</span>
          <input type="month" name="month" defaultValue={month} className="rounded border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
          {t("show")}
        </button>
      </form>
      <div className="max-h-[28rem] overflow-auto rounded border border-slate-200">
        <table className="w-full text-sm">
          {head(t("rateGrid"))}
          <tbody className="divide-y divide-slate-100">
            {grids.map((g) => (
              <tr key={g.id}>
                <td className="px-2 py-1.5">{g.extra ?? g.name}</td>
                {cells(g)}
                <td className="px-2 py-1.5 text-right font-medium tabular-nums">{pct(g.rate)}</td>
              </tr>
            ))}
            {grids.length > 1 && (
              <tr className="bg-slate-50 font-medium">
                <td className="px-2 py-1.5">{t("total")}</td>
                {cells(total)}
                <td className="px-2 py-1.5 text-right tabular-nums" data-testid="rate-total">{pct(total.rate)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {workers.length > 0 && (
        <div className="mt-3 max-h-[20rem] overflow-auto rounded border border-slate-200">
          <table className="w-full text-sm">
            {head(t("rateWorker"), true)}
            <tbody className="divide-y divide-slate-100">
              {workers.map((w) => (
                <tr key={w.id}>
                  <td className="px-2 py-1.5">
                    {w.name}
                    <span className="block text-xs text-slate-500">{w.gridName}</span>
                  </td>
                  {cells(w)}
                  <td className="px-2 py-1.5 text-right tabular-nums">{w.visits}</td>
                  <td className="px-2 py-1.5 text-right font-medium tabular-nums">{pct(w.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-2 text-xs text-slate-500">{t("rateDefinition")}</p>
    </Card>
  );
}
