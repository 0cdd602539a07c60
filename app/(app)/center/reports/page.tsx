import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/center/ui";
import { monthlyReport, type ReportRow } from "@/lib/center/data";
import { reportQuerySchema } from "@/lib/center/schemas";
import { can } from "@/lib/permissions";
import { found } from "@/lib/center/pages";
import { requireViewer } from "@/lib/server/auth";

const COLUMNS = ["disputes", "highRisk", "agreed", "referred", "successRate", "petitions", "joint", "repeat", "decided", "decidedOnTime", "replied", "repliedOnTime", "onTimeRate"] as const;

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const viewer = await requireViewer();
  if (!can(viewer, "center.reports")) notFound();
  const q = reportQuerySchema.parse(await searchParams);
  const [r, t] = await Promise.all([found(monthlyReport(viewer, q)), getTranslations("center")]);
  const cell = (row: ReportRow, c: (typeof COLUMNS)[number]) => {
    const v = row[c];
    if (c === "successRate" || c === "onTimeRate") return v === null ? "—" : `${Math.round((v as number) * 1000) / 10}%`;
    return v as number;
  };
  const exportHref = `/center/reports/export?month=${r.month}&unitId=${r.unit.id}`;
  return (
    <div className="space-y-4">
      <PageHeader title={t("reports.title")} subtitle={`${r.unit.name} · ${r.month}`} actions={<a href={exportHref} className="rounded border border-slate-300 bg-white px-3 py-2 text-sm" data-testid="export">{t("reports.export")}</a>} />
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/center/reports">
        <label>
          <span className="block text-xs text-slate-500">{t("reports.month")}</span>
          <input type="month" name="month" defaultValue={r.month} className="rounded border border-slate-300 bg-white px-2 py-1.5" />
        </label>
        <label>
          <span className="block text-xs text-slate-500">{t("reports.unit")}</span>
          <select name="unitId" defaultValue={r.unit.id} className="rounded border border-slate-300 bg-white px-2 py-1.5">
            {r.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <button className="rounded bg-brand-600 px-3 py-1.5 text-white">{t("reports.show")}</button>
      </form>
      <Card>
        <div className="overflow-x-auto">
          <table className="min-w-full text-right text-sm" data-testid="report-table">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="sticky left-0 bg-white px-2 py-1 text-left">{t("reports.columns.unit")}</th>
                {COLUMNS.map((c) => <th key={c} className="px-2 py-1 whitespace-nowrap">{t(`reports.columns.${c}`)}</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {r.rows.map((row) => (
                <tr key={row.unitId} data-unit={row.unitId}>
                  <td className="sticky left-0 bg-white px-2 py-1 text-left whitespace-nowrap">{row.name}{row.own ? t("reports.own") : ""}</td>
                  {COLUMNS.map((c) => <td key={c} className="px-2 py-1">{cell(row, c)}</td>)}
                </tr>
              ))}
              <tr className="font-semibold" data-testid="report-total">
                <td className="sticky left-0 bg-white px-2 py-1 text-left">{t("reports.total")}</td>
                {COLUMNS.map((c) => <td key={c} className="px-2 py-1">{cell(r.total, c)}</td>)}
              </tr>
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={t("reports.byType")}>
        <div className="overflow-x-auto">
          <table className="min-w-full text-right text-sm" data-testid="report-types">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="sticky left-0 bg-white px-2 py-1 text-left">{t("reports.columns.type")}</th>
                <th className="px-2 py-1 whitespace-nowrap">{t("reports.total")}</th>
                {r.rows.map((row) => <th key={row.unitId} className="px-2 py-1 whitespace-nowrap">{row.name}{row.own ? t("reports.own") : ""}</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {r.byType.map((x) => (
                <tr key={x.type} data-type={x.type}>
                  <td className="sticky left-0 bg-white px-2 py-1 text-left whitespace-nowrap">{t(`topics.${x.type}`)}</td>
                  <td className="px-2 py-1 font-semibold whitespace-nowrap">{x.disputes} / {x.petitions}</td>
                  {r.rows.map((row) => <td key={row.unitId} className="px-2 py-1 whitespace-nowrap">{row.types[x.type].disputes} / {row.types[x.type].petitions}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-xs text-slate-500">{t("reports.byTypeHelp")}</p>
      </Card>
    </div>
  );
}
