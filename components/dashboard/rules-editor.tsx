"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveRulesAction } from "@/lib/dashboard/actions";
import { isRateMetric, METRICS_OF, SUBJECT_KINDS, type Metric, type Rule, type RuleSet, type SubjectKind } from "@/lib/dashboard/scoring";

/** Edits the county's scoring rules; saving re-scores the board at once. */
export function RulesEditor({ rules, version }: { rules: RuleSet; version: number }) {
  const t = useTranslations("dashboard.assessment");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<RuleSet>(rules);
  const [message, setMessage] = useState<{ ok: boolean; text: string; fields?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();

  const update = (kind: SubjectKind, i: number, change: Partial<Rule>) =>
    setDraft((d) => ({ ...d, [kind]: d[kind].map((r, j) => (j === i ? { ...r, ...change } : r)) }));
  const remove = (kind: SubjectKind, i: number) => setDraft((d) => ({ ...d, [kind]: d[kind].filter((_, j) => j !== i) }));
  const add = (kind: SubjectKind) => {
    const free = METRICS_OF[kind].find((m) => !draft[kind].some((r) => r.metric === m));
    if (!free) return;
    setDraft((d) => ({ ...d, [kind]: [...d[kind], { metric: free, points: isRateMetric(free) ? 10 : -1, cap: isRateMetric(free) ? null : 10, noData: isRateMetric(free) ? "full" : "zero" }] }));
  };
  const save = () =>
    start(async () => {
      const result = await saveRulesAction({ version, rules: draft });
      if (result.ok) {
        setMessage({ ok: true, text: t("saved") });
        setOpen(false);
        router.refresh();
      } else setMessage({ ok: false, text: result.message, fields: result.fieldErrors });
    });

  if (!open)
    return (
      <div className="space-y-2">
        <button type="button" onClick={() => { setDraft(rules); setOpen(true); setMessage(null); }} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" data-testid="rules-edit">
          {t("edit")}
        </button>
        {message && <p className={`text-sm ${message.ok ? "text-green-700" : "text-red-700"}`} role="status">{message.text}</p>}
      </div>
    );

  const input = "w-20 rounded border border-slate-300 px-1 py-0.5 text-right";
  return (
    <form
      className="space-y-4"
      data-testid="rules-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {SUBJECT_KINDS.map((kind) => (
        <fieldset key={kind} className="space-y-1">
          <legend className="font-medium">{t(`kinds.${kind}`)}</legend>
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="text-left font-normal">{t("metric")}</th>
                <th className="text-right font-normal">{t("points")}</th>
                <th className="text-right font-normal">{t("cap")}</th>
                <th className="text-left font-normal">{t("noData")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft[kind].map((r, i) => {
                const rate = isRateMetric(r.metric);
                const err = message?.fields && Object.entries(message.fields).find(([k]) => k.startsWith(`rules.${kind}.${i}`))?.[1];
                return (
                  <tr key={`${kind}-${i}`} data-rule={`${kind}-${r.metric}`}>
                    <td>
                      <select
                        value={r.metric}
                        onChange={(e) => {
                          const m = e.target.value as Metric;
                          update(kind, i, { metric: m, cap: isRateMetric(m) ? null : (r.cap ?? 10) });
                        }}
                        className="rounded border border-slate-300 px-1 py-0.5"
                      >
                        {METRICS_OF[kind]
                          .filter((m) => m === r.metric || !draft[kind].some((x) => x.metric === m))
                          .map((m) => (
                            <option key={m} value={m}>{t(`metrics.${m}`)}</option>
                          ))}
                      </select>
                      {err && <div className="text-xs text-red-700">{err}</div>}
                    </td>
                    <td className="text-right">
                      <input type="number" step="0.5" value={r.points} onChange={(e) => update(kind, i, { points: Number(e.target.value) })} className={input} aria-label={t("points")} data-testid={`points-${kind}-${r.metric}`} />
                    </td>
                    <td className="text-right">
                      {!rate && (
                        <input type="number" min={0} step="1" value={r.cap ?? ""} onChange={(e) => update(kind, i, { cap: e.target.value === "" ? null : Number(e.target.value) })} className={input} aria-label={t("cap")} />
                      )}
                    </td>
                    <td>
                      {rate && (
                        <select value={r.noData} onChange={(e) => update(kind, i, { noData: e.target.value as Rule["noData"] })} className="rounded border border-slate-300 px-1 py-0.5" aria-label={t("noData")}>
                          <option value="full">{t("noDataFull")}</option>
                          <option value="zero">{t("noDataZero")}</option>
                        </select>
                      )}
                    </td>
                    <td className="text-right">
                      <button type="button" onClick={() => remove(kind, i)} className="text-xs text-red-700 hover:underline">{t("remove")}</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {draft[kind].length < METRICS_OF[kind].length && (
            <button type="button" onClick={() => add(kind)} className="text-xs text-brand-700 hover:underline">+ {t("addRule")}</button>
          )}
        </fieldset>
      ))}
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700 disabled:opacity-50" data-testid="rules-save">
          {t("save")}
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300">{t("cancel")}</button>
      </div>
      {message && !message.ok && <p className="text-sm text-red-700" role="alert">{message.text}</p>}
    </form>
  );
}
