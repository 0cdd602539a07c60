"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteRuleAction, saveCategoryAction, saveRuleAction, setCalendarDayAction } from "@/lib/dispatch/actions";
import type { ActionResult } from "@/lib/server/action";

interface Category {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string;
  defaultDepartmentId: number | null;
  sortOrder: number;
  enabled: boolean;
  version: number;
}
interface Rule {
  id: number;
  stage: "ACCEPT" | "HANDLE" | "VERIFY";
  holder: "UNIT" | "DEPARTMENT" | null;
  categoryId: number | null;
  urgency: "NORMAL" | "URGENT" | "CRITICAL" | null;
  amount: number;
  unit: "WORKDAY" | "WORKHOUR" | "HOUR";
  enabled: boolean;
}

export interface SettingsProps {
  categories: (Category & { children: Category[] })[];
  rules: Rule[];
  departments: { id: number; name: string; nameEn: string }[];
  days: { date: string; kind: "HOLIDAY" | "WORKDAY"; name: string }[];
  year: number;
}

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

function useSubmit() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const run = (fn: () => Promise<ActionResult<unknown>>, done?: () => void) =>
    start(async () => {
      const r = await fn();
      if (r.ok) {
        setMessage(null);
        done?.();
        router.refresh();
      } else setMessage([r.message, ...Object.values(r.fieldErrors ?? {})].join(" "));
    });
  return { pending, message, run };
}

function CategoryRow({ c, tops, departments }: { c: Category; tops: Category[]; departments: SettingsProps["departments"] }) {
  const t = useTranslations("dispatch.settings");
  const locale = useLocale();
  const [v, setV] = useState(c);
  const { pending, message, run } = useSubmit();
  const changed = JSON.stringify(v) !== JSON.stringify(c);
  return (
    <li className="flex flex-wrap items-center gap-2 py-1.5" data-code={c.code}>
      <span className="w-36 truncate font-mono text-xs text-slate-500">{c.code}</span>
      <input className={`${input} w-32`} value={v.name} aria-label={t("name")} onChange={(e) => setV({ ...v, name: e.target.value })} />
      <input className={`${input} w-44`} value={v.nameEn} aria-label={t("nameEn")} onChange={(e) => setV({ ...v, nameEn: e.target.value })} />
      {c.parentId !== null && (
        <select className={input} value={v.parentId ?? ""} aria-label={t("parent")} onChange={(e) => setV({ ...v, parentId: Number(e.target.value) })}>
          {tops.map((p) => <option key={p.id} value={p.id}>{locale === "en" ? p.nameEn : p.name}</option>)}
        </select>
      )}
      <select className={input} value={v.defaultDepartmentId ?? ""} aria-label={t("defaultDepartment")} onChange={(e) => setV({ ...v, defaultDepartmentId: e.target.value ? Number(e.target.value) : null })}>
        <option value="">{t("noDepartment")}</option>
        {departments.map((d) => <option key={d.id} value={d.id}>{locale === "en" ? d.nameEn : d.name}</option>)}
      </select>
      <label className="flex items-center gap-1 text-xs"><input type="checkbox" checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.target.checked })} />{t("enabled")}</label>
      {changed && (
        <button type="button" disabled={pending} className="rounded bg-brand-600 px-2 py-1 text-xs text-white" onClick={() => run(() => saveCategoryAction({ id: c.id, version: c.version, parentId: v.parentId, code: v.code, name: v.name, nameEn: v.nameEn, defaultDepartmentId: v.defaultDepartmentId, sortOrder: v.sortOrder, enabled: v.enabled }))}>
          {t("save")}
        </button>
      )}
      {message && <span className="text-xs text-red-700">{message}</span>}
    </li>
  );
}

function NewCategory({ tops }: { tops: Category[] }) {
  const t = useTranslations("dispatch.settings");
  const locale = useLocale();
  const [v, setV] = useState({ parentId: "", code: "", name: "", nameEn: "" });
  const { pending, message, run } = useSubmit();
  return (
    <div className="flex flex-wrap items-center gap-2 pt-2">
      <select className={input} value={v.parentId} aria-label={t("parent")} onChange={(e) => setV({ ...v, parentId: e.target.value })}>
        <option value="">{t("topLevel")}</option>
        {tops.map((p) => <option key={p.id} value={p.id}>{locale === "en" ? p.nameEn : p.name}</option>)}
      </select>
      <input className={`${input} w-36`} placeholder={t("code")} value={v.code} onChange={(e) => setV({ ...v, code: e.target.value })} />
      <input className={`${input} w-32`} placeholder={t("name")} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      <input className={`${input} w-44`} placeholder={t("nameEn")} value={v.nameEn} onChange={(e) => setV({ ...v, nameEn: e.target.value })} />
      <button type="button" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm text-white" onClick={() => run(() => saveCategoryAction({ parentId: v.parentId ? Number(v.parentId) : null, code: v.code, name: v.name, nameEn: v.nameEn, defaultDepartmentId: null, sortOrder: 500, enabled: true }), () => setV({ parentId: "", code: "", name: "", nameEn: "" }))}>
        {t("add")}
      </button>
      {message && <span className="text-xs text-red-700">{message}</span>}
    </div>
  );
}

function RuleRow({ rule, categories }: { rule: Rule | null; categories: Category[] }) {
  const t = useTranslations("dispatch");
  const locale = useLocale();
  const blank: Rule = { id: 0, stage: "HANDLE", holder: null, categoryId: null, urgency: null, amount: 1, unit: "WORKDAY", enabled: true };
  const [v, setV] = useState<Rule>(rule ?? blank);
  const { pending, message, run } = useSubmit();
  const changed = !rule || JSON.stringify(v) !== JSON.stringify(rule);
  return (
    <tr className="border-t border-slate-100">
      <td className="py-1"><select className={input} value={v.stage} onChange={(e) => setV({ ...v, stage: e.target.value as Rule["stage"] })}>{(["ACCEPT", "HANDLE", "VERIFY"] as const).map((s) => <option key={s} value={s}>{t(`settings.stages.${s}`)}</option>)}</select></td>
      <td><select className={input} value={v.holder ?? ""} onChange={(e) => setV({ ...v, holder: (e.target.value || null) as Rule["holder"] })}><option value="">{t("settings.any")}</option><option value="UNIT">{t("settings.holders.UNIT")}</option><option value="DEPARTMENT">{t("settings.holders.DEPARTMENT")}</option></select></td>
      <td><select className={`${input} max-w-40`} value={v.categoryId ?? ""} onChange={(e) => setV({ ...v, categoryId: e.target.value ? Number(e.target.value) : null })}><option value="">{t("settings.any")}</option>{categories.map((c) => <option key={c.id} value={c.id}>{c.parentId ? "　" : ""}{locale === "en" ? c.nameEn : c.name}</option>)}</select></td>
      <td><select className={input} value={v.urgency ?? ""} onChange={(e) => setV({ ...v, urgency: (e.target.value || null) as Rule["urgency"] })}><option value="">{t("settings.any")}</option>{(["NORMAL", "URGENT", "CRITICAL"] as const).map((u) => <option key={u} value={u}>{t(`urgency.${u}`)}</option>)}</select></td>
      <td className="whitespace-nowrap"><input type="number" min={1} max={720} className={`${input} w-16`} value={v.amount} onChange={(e) => setV({ ...v, amount: Number(e.target.value) })} /> <select className={input} value={v.unit} onChange={(e) => setV({ ...v, unit: e.target.value as Rule["unit"] })}>{(["WORKDAY", "WORKHOUR", "HOUR"] as const).map((u) => <option key={u} value={u}>{t(`settings.units.${u}`)}</option>)}</select></td>
      <td><input type="checkbox" checked={v.enabled} aria-label={t("settings.enabled")} onChange={(e) => setV({ ...v, enabled: e.target.checked })} /></td>
      <td className="whitespace-nowrap">
        {changed && <button type="button" disabled={pending} className="rounded bg-brand-600 px-2 py-1 text-xs text-white" onClick={() => run(() => saveRuleAction({ ...(rule ? { id: rule.id } : {}), stage: v.stage, holder: v.holder, categoryId: v.categoryId, urgency: v.urgency, amount: v.amount, unit: v.unit, enabled: v.enabled }), () => !rule && setV(blank))}>{rule ? t("settings.save") : t("settings.add")}</button>}
        {rule && <button type="button" disabled={pending} className="ml-1 rounded px-2 py-1 text-xs text-red-700 ring-1 ring-red-200" onClick={() => run(() => deleteRuleAction({ id: rule.id }))}>{t("settings.delete")}</button>}
        {message && <span className="block text-xs text-red-700">{message}</span>}
      </td>
    </tr>
  );
}

function Calendar({ days, year }: { days: SettingsProps["days"]; year: number }) {
  const t = useTranslations("dispatch.settings");
  const [v, setV] = useState({ date: `${year}-01-01`, kind: "HOLIDAY" as "HOLIDAY" | "WORKDAY", name: "" });
  const { pending, message, run } = useSubmit();
  return (
    <div className="space-y-2">
      <div className="flex gap-2 text-sm">
        {[year - 1, year, year + 1].map((y) => (
          <Link key={y} href={`/dispatch/settings?year=${y}`} className={`rounded-full px-3 py-1 ${y === year ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}>{y}</Link>
        ))}
      </div>
      {days.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noDays")}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="calendar-days">
          {days.map((d) => (
            <li key={d.date} className={`flex items-center justify-between rounded px-2 py-1 ${d.kind === "HOLIDAY" ? "bg-red-50" : "bg-emerald-50"}`}>
              <span>{d.date} · {d.name} · {t(`kinds.${d.kind}`)}</span>
              <button type="button" disabled={pending} className="text-xs text-slate-500 hover:text-red-700" onClick={() => run(() => setCalendarDayAction({ year, date: d.date, kind: null }))} aria-label={t("delete")}>×</button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <input type="date" className={input} min={`${year}-01-01`} max={`${year}-12-31`} value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} />
        <select className={input} value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as "HOLIDAY" | "WORKDAY" })}>
          <option value="HOLIDAY">{t("kinds.HOLIDAY")}</option>
          <option value="WORKDAY">{t("kinds.WORKDAY")}</option>
        </select>
        <input className={`${input} w-32`} placeholder={t("dayName")} value={v.name} maxLength={40} onChange={(e) => setV({ ...v, name: e.target.value })} />
        <button type="button" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm text-white" onClick={() => run(() => setCalendarDayAction({ year, date: v.date, kind: v.kind, ...(v.name ? { name: v.name } : {}) }))}>{t("add")}</button>
        {message && <span className="text-xs text-red-700">{message}</span>}
      </div>
    </div>
  );
}

/** Categories, deadline rules and the holiday calendar of the dispatch module. */
export function SettingsEditor({ categories, rules, departments, days, year }: SettingsProps) {
  const t = useTranslations("dispatch.settings");
  const flat = categories.flatMap((c) => [c, ...c.children]);
  return (
    <div className="space-y-6">
      <section className="rounded-lg border border-slate-200 bg-white p-3">
        <h2 className="font-medium">{t("categories")}</h2>
        <p className="mb-2 text-xs text-slate-500">{t("categoriesHint")}</p>
        {categories.map((top) => (
          <div key={top.id} className="border-t border-slate-100 py-1">
            <ul><CategoryRow c={top} tops={categories} departments={departments} /></ul>
            <ul className="ml-6">{top.children.map((c) => <CategoryRow key={c.id} c={c} tops={categories} departments={departments} />)}</ul>
          </div>
        ))}
        <NewCategory tops={categories} />
      </section>
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3">
        <h2 className="font-medium">{t("rules")}</h2>
        <p className="mb-2 text-xs text-slate-500">{t("rulesHint")}</p>
        <table className="text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr><th>{t("stage")}</th><th>{t("holder")}</th><th>{t("category")}</th><th>{t("urgency")}</th><th>{t("limit")}</th><th>{t("enabled")}</th><th /></tr>
          </thead>
          <tbody>
            {rules.map((r) => <RuleRow key={`${r.id}-${JSON.stringify(r)}`} rule={r} categories={flat} />)}
            <RuleRow rule={null} categories={flat} />
          </tbody>
        </table>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-3">
        <h2 className="font-medium">{t("calendar")}</h2>
        <p className="mb-2 text-xs text-slate-500">{t("calendarHint")}</p>
        <Calendar days={days} year={year} />
      </section>
    </div>
  );
}
