import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Breadcrumb } from "@/components/dashboard/breadcrumb";
import { dashHref, type Keep } from "@/components/dashboard/href";
import { centerDrill } from "@/lib/dashboard/data";
import { found, plainParams } from "@/lib/dashboard/pages";
import { periodLabel } from "@/lib/dashboard/periods";
import { centerDrillSchema } from "@/lib/dashboard/schemas";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "综治记录" };

const cn = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : "");
const RISK_TONE: Record<string, string> = { RED: "bg-red-100 text-red-800", ORANGE: "bg-orange-100 text-orange-800", YELLOW: "bg-yellow-100 text-yellow-800", GREEN: "bg-green-100 text-green-800" };

/**
 * The disputes and petitions behind the center figures, for the dashboard's unit and
 * period (the center module's own lists follow the viewer's center, not a chosen unit).
 */
export default async function CenterDrillPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const q = centerDrillSchema.parse(plainParams(await searchParams));
  const [list, t] = await Promise.all([found(centerDrill(viewer, q)), getTranslations("dashboard")]);
  const keep: Keep = { period: list.period.key, unit: list.unit.id };
  const extra = { figure: q.figure, risk: q.risk };
  const page = q.page ?? 1;
  const base = list.kind === "dispute" ? "/center/disputes" : "/center/petitions";
  return (
    <div className="space-y-3" data-testid="center-drill" data-figure={q.figure}>
      <Link href={dashHref("/dashboard", keep)} className="text-sm text-brand-700 hover:underline">← {t("drill.back")}</Link>
      <div>
        <h1 className="text-xl font-semibold">
          {t(`centerDrill.figures.${q.figure}`)}
          {q.risk && ` · ${t(`risks.${q.risk}`)}`}
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <Breadcrumb crumbs={list.breadcrumb} path="/dashboard/center" keep={{ ...keep, ...extra } as Keep} />
          <span>· {periodLabel((k, v) => t(`filters.${k}` as never, v as never), list.period.key)}</span>
        </div>
      </div>
      {list.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">{t("centerDrill.empty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="w-full min-w-[44rem] text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {["no", "title", "unit", "grid", ...(list.kind === "dispute" ? ["risk"] : []), "date", "outcome"].map((k) => (
                  <th key={k} className="px-2 py-1 text-left font-medium">{t(`centerDrill.${k}` as never)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td className="px-2 py-1 tabular-nums">{r.no}</td>
                  <td className="px-2 py-1"><Link href={`${base}/${r.id}`} className="text-brand-700 hover:underline">{r.title}</Link></td>
                  <td className="px-2 py-1">{r.unit}</td>
                  <td className="px-2 py-1">{r.grid ?? ""}</td>
                  {list.kind === "dispute" && <td className="px-2 py-1">{r.risk && <span className={`rounded px-1 text-xs ${RISK_TONE[r.risk]}`}>{t(`risks.${r.risk}` as never)}</span>}</td>}
                  <td className="px-2 py-1 tabular-nums">{cn(r.at)}</td>
                  <td className="px-2 py-1">{r.outcome ? t(`centerDrill.${r.outcome}` as never) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex justify-between text-sm">
        {page > 1 ? <Link href={dashHref("/dashboard/center", keep, { ...extra, page: page - 1 })} className="text-brand-700 hover:underline">{t("centerDrill.prev")}</Link> : <span />}
        {list.hasMore && <Link href={dashHref("/dashboard/center", keep, { ...extra, page: page + 1 })} className="text-brand-700 hover:underline">{t("centerDrill.next")}</Link>}
      </div>
    </div>
  );
}
