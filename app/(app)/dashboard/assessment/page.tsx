import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DashboardFilters } from "@/components/dashboard/filters";
import { dashHref } from "@/components/dashboard/href";
import { DashboardNav } from "@/components/dashboard/module-nav";
import { RulesEditor } from "@/components/dashboard/rules-editor";
import { assessment } from "@/lib/dashboard/data";
import { found, plainParams } from "@/lib/dashboard/pages";
import { periodChoices } from "@/lib/dashboard/periods";
import { assessmentQuerySchema } from "@/lib/dashboard/schemas";
import { isRateMetric, METRICS_OF, type Rule, type ScoreLine } from "@/lib/dashboard/scoring";
import { can } from "@/lib/permissions";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "考核" };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export default async function AssessmentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const q = assessmentQuerySchema.parse(plainParams(await searchParams));
  const [board, t, locale] = await Promise.all([found(assessment(viewer, q)), getTranslations("dashboard"), getLocale()]);
  const metrics = METRICS_OF[board.kind];
  const keep = { period: board.period.key };
  const m = (metric: string) => t(`assessment.metrics.${metric}` as never);
  const explain = (l: ScoreLine) => {
    if (l.kind === "rate") {
      return l.value === null
        ? t("assessment.lineNoData", { metric: m(l.metric), noData: l.noData, earned: num(l.earned) })
        : t("assessment.lineRate", { metric: m(l.metric), value: pct(l.value), points: num(l.points), earned: num(l.earned) });
    }
    const base = t("assessment.lineCount", { metric: m(l.metric), count: l.value ?? 0, points: num(l.points), raw: num(l.raw) });
    return l.capped ? base + t("assessment.lineCapped", { earned: num(l.earned) }) : base;
  };
  const ruleText = (r: Rule) =>
    isRateMetric(r.metric)
      ? t("assessment.ruleRate", { metric: m(r.metric), points: num(r.points), noData: r.noData })
      : t("assessment.ruleCount", { metric: m(r.metric), points: num(r.points), cap: r.cap === null ? "none" : num(r.cap) });
  const navLinks = [
    ...(can(viewer, "dashboard.view") ? [{ key: "overview" as const, href: dashHref("/dashboard", keep) }] : []),
    { key: "assessment" as const, href: dashHref("/dashboard/assessment", keep) },
  ];
  return (
    <div className="space-y-4" data-testid="assessment" data-kind={board.kind}>
      <DashboardNav current="assessment" links={navLinks} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t("assessment.title")}</h1>
          <p className="text-sm text-slate-600">{t("assessment.subtitle")}</p>
        </div>
        <DashboardFilters path="/dashboard/assessment" keep={{ ...keep, ...(q.kind ? { kind: q.kind } : {}), ...(q.level ? { level: q.level } : {}) } as never} options={{ periods: periodChoices(new Date()), categories: [] }} locale={locale} showCategory={false} />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {board.kinds.map((k) => (
          <Link
            key={k}
            href={dashHref("/dashboard/assessment", keep, { kind: k })}
            aria-current={k === board.kind ? "page" : undefined}
            className={`rounded-full px-3 py-1 ${k === board.kind ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}
            data-testid={`kind-${k}`}
          >
            {t(`assessment.kinds.${k}`)}
          </Link>
        ))}
        {board.kind === "UNIT" && board.levels.length > 1 && (
          <span className="ml-2 flex items-center gap-1">
            <span className="text-slate-500">{t("assessment.level")}</span>
            {board.levels.map((l) => (
              <Link key={l} href={dashHref("/dashboard/assessment", keep, { kind: "UNIT", level: l })} aria-current={l === board.level ? "page" : undefined} className={`rounded px-2 py-0.5 ${l === board.level ? "bg-slate-800 text-white" : "ring-1 ring-slate-200"}`}>
                {t(`levels.${l}`)}
              </Link>
            ))}
          </span>
        )}
      </div>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(18rem,1fr)]">
        <section className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          {board.rows.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-500">{t("assessment.empty")}</p>
          ) : (
            <table className="w-full min-w-[48rem] text-sm" data-testid="scoreboard">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-2 py-1 text-right font-medium">{t("assessment.rank")}</th>
                  <th className="px-2 py-1 text-left font-medium">{t("assessment.name")}</th>
                  {metrics.map((k) => (
                    <th key={k} className="px-2 py-1 text-right font-medium">{m(k)}</th>
                  ))}
                  <th className="px-2 py-1 text-right font-medium">{t("assessment.score")}</th>
                </tr>
              </thead>
              <tbody>
                {board.rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100 align-top" data-subject={r.id}>
                    <td className="px-2 py-1 text-right tabular-nums">{r.rank}</td>
                    <td className="px-2 py-1">
                      <div className="font-medium">{r.name}</div>
                      {r.unitName && <div className="text-xs text-slate-500">{r.unitName}</div>}
                      <details className="mt-1 text-xs text-slate-600" data-testid="explain">
                        <summary className="cursor-pointer text-brand-700">{t("assessment.explain")}</summary>
                        <ol className="mt-1 list-decimal space-y-0.5 pl-4">
                          {r.score.lines.map((l) => (
                            <li key={l.metric}>{explain(l)}</li>
                          ))}
                        </ol>
                        <div className="mt-1 font-medium">{t("assessment.total", { total: num(r.score.total) })}</div>
                        <div className="text-slate-500">
                          {board.kind === "DEPARTMENT"
                            ? t("assessment.detailDepartment", { tasks: r.detail.tasks ?? 0, rated: r.detail.rated })
                            : board.kind === "WORKER"
                              ? t("assessment.detailWorker", { closed: r.detail.closed, rated: r.detail.rated, visitsDue: r.detail.visitsDue, visits: r.detail.visits ?? 0 })
                              : t("assessment.detail", { closed: r.detail.closed, rated: r.detail.rated, visitsDue: r.detail.visitsDue })}
                        </div>
                      </details>
                    </td>
                    {metrics.map((k) => (
                      <td key={k} className="px-2 py-1 text-right tabular-nums">{isRateMetric(k) ? pct(r.measured[k]) : (r.measured[k] ?? 0)}</td>
                    ))}
                    <td className="px-2 py-1 text-right">
                      <div className="text-base font-semibold tabular-nums" data-testid="score">{num(r.score.total)}</div>
                      <div className="text-xs text-slate-500">{t("assessment.max", { max: r.score.max })}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="space-y-3 rounded-lg bg-white p-3 ring-1 ring-slate-200" data-testid="rules">
          <h2 className="font-medium">{t("assessment.rulesTitle")}</h2>
          <p className="text-xs text-slate-500">{board.rulesVersion ? t("assessment.rulesVersion", { version: board.rulesVersion }) : t("assessment.rulesDefault")}</p>
          <p className="text-sm text-slate-600">{t("assessment.rulesIntro")}</p>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="rules-text">
            {board.rules[board.kind].map((r) => (
              <li key={r.metric}>{ruleText(r)}</li>
            ))}
          </ul>
          {board.visitsFreshness?.asOf && (
            <p className="text-xs text-slate-500">{t("assessment.visitsAsOf", { time: new Date(board.visitsFreshness.asOf.getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace("T", " ") })}</p>
          )}
          {can(viewer, "dashboard.rules") && <RulesEditor rules={board.rules} version={board.rulesVersion} />}
        </aside>
      </div>
    </div>
  );
}
