import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/dashboard/breadcrumb";
import { dashHref, type Keep } from "@/components/dashboard/href";
import { drillList } from "@/lib/dashboard/data";
import { found, plainParams } from "@/lib/dashboard/pages";
import { periodLabel } from "@/lib/dashboard/periods";
import { drillQuerySchema } from "@/lib/dashboard/schemas";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "事件清单" };

const cn = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "");

/**
 * The events behind a dashboard figure, with the figure's own scope, period and category:
 * the dispatch worklists cannot filter by unit, period and category, so the dashboard
 * lists them itself and links each event to its dispatch page.
 */
export default async function DrillPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const q = drillQuerySchema.parse(plainParams(await searchParams));
  const [list, t, td, locale] = await Promise.all([found(drillList(viewer, q)), getTranslations("dashboard"), getTranslations("dispatch"), getLocale()]);
  const keep: Keep = { period: list.period.key, category: q.category, unit: list.unit.id };
  const extra = { figure: q.figure, source: q.source };
  return (
    <div className="space-y-3" data-testid="drill" data-figure={q.figure} data-unit={list.unit.id}>
      <Link href={dashHref("/dashboard", keep)} className="text-sm text-brand-700 hover:underline">
        ← {t("drill.back")}
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{t(`drill.figures.${q.figure}`)}</h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <Breadcrumb crumbs={list.breadcrumb} path="/dashboard/events" keep={{ ...keep, ...extra } as Keep} />
          <span>· {periodLabel((k, v) => t(`filters.${k}` as never, v as never), list.period.key)}</span>
          {q.source && <span>· {td(`sources.${q.source}` as never)}</span>}
        </div>
      </div>
      {list.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">{t("drill.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="w-full min-w-[56rem] text-sm" data-testid="drill-table">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {["no", "eventTitle", "category", "grid", "state", "reportedAt", "closedAt", "resolved", "rating"].map((k) => (
                  <th key={k} className="px-2 py-1 text-left font-medium">{t(`drill.${k}` as never)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100" data-event={r.id}>
                  <td className="px-2 py-1 tabular-nums">{r.no}</td>
                  <td className="px-2 py-1">
                    <Link href={`/dispatch/${r.id}`} className="text-brand-700 hover:underline">{r.title}</Link>
                    {r.superviseGrade > 0 && <span className="ml-1 rounded bg-red-50 px-1 text-xs text-red-700">{td(`grades.${r.superviseGrade}` as never)}</span>}
                  </td>
                  <td className="px-2 py-1">{locale === "en" ? r.categoryEn : r.category}</td>
                  <td className="px-2 py-1">{r.grid}</td>
                  <td className="px-2 py-1">
                    {td(`states.${r.state}` as never)}
                    {r.state === "CLOSED" && r.late && <span className="ml-1 rounded bg-amber-50 px-1 text-xs text-amber-800">{t("drill.late")}</span>}
                  </td>
                  <td className="px-2 py-1 tabular-nums">{cn(r.reportedAt)}</td>
                  <td className="px-2 py-1 tabular-nums">{r.state === "CLOSED" ? cn(r.closedAt) : ""}</td>
                  <td className="px-2 py-1">{r.resolvedLevel ? t(`drill.resolvedLevels.${r.resolvedLevel}` as never) : ""}</td>
                  <td className="px-2 py-1 tabular-nums">{r.rating ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex justify-between text-sm">
        {q.cursor ? <Link href={dashHref("/dashboard/events", keep, extra)} className="text-brand-700 hover:underline">{t("drill.first")}</Link> : <span />}
        {list.nextCursor && (
          <Link href={dashHref("/dashboard/events", keep, { ...extra, cursor: list.nextCursor })} className="text-brand-700 hover:underline" data-testid="drill-next">
            {t("drill.next")}
          </Link>
        )}
      </div>
    </div>
  );
}
