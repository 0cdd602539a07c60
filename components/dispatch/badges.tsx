import { useFormatter, useTranslations } from "next-intl";
import type { Light as LightKind } from "@/lib/dispatch/deadlines";

// Small labels shared by lists, the detail page and the board. No hooks beyond next-intl's,
// so they render on the server and in client components alike.

const STATE_STYLE: Record<string, string> = {
  REPORTED: "bg-sky-50 text-sky-800 ring-sky-200",
  AT_COMMUNITY: "bg-sky-50 text-sky-800 ring-sky-200",
  AT_TOWNSHIP: "bg-sky-50 text-sky-800 ring-sky-200",
  AT_CENTER: "bg-violet-50 text-violet-800 ring-violet-200",
  ACCEPTED: "bg-violet-50 text-violet-800 ring-violet-200",
  DISPATCHED: "bg-amber-50 text-amber-800 ring-amber-200",
  PROCESSING: "bg-amber-50 text-amber-800 ring-amber-200",
  REVIEW: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  FEEDBACK: "bg-teal-50 text-teal-800 ring-teal-200",
  CLOSED: "bg-slate-100 text-slate-600 ring-slate-200",
  REJECTED: "bg-slate-100 text-slate-600 ring-slate-200",
  MERGED: "bg-slate-100 text-slate-600 ring-slate-200",
};

const pill = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function StateBadge({ state }: { state: string }) {
  const t = useTranslations("dispatch.states");
  return (
    <span className={`${pill} ${STATE_STYLE[state] ?? STATE_STYLE.CLOSED}`} data-state={state}>
      {t(state as never)}
    </span>
  );
}

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const t = useTranslations("dispatch.urgency");
  if (urgency === "NORMAL") return null;
  return <span className={`${pill} ${urgency === "CRITICAL" ? "bg-red-600 text-white ring-red-600" : "bg-orange-50 text-orange-800 ring-orange-300"}`}>{t(urgency as never)}</span>;
}

export function GradeBadge({ grade }: { grade: number }) {
  const t = useTranslations("dispatch.grades");
  if (!grade) return null;
  const style = grade >= 3 ? "bg-red-100 text-red-800 ring-red-300" : grade === 2 ? "bg-yellow-100 text-yellow-900 ring-yellow-400" : "bg-blue-50 text-blue-800 ring-blue-200";
  return (
    <span className={`${pill} ${style}`} data-grade={grade}>
      {t(String(grade) as never)}
    </span>
  );
}

const DOT: Record<LightKind, string> = { none: "bg-slate-300", green: "bg-emerald-500", yellow: "bg-amber-400", red: "bg-red-600" };

/** The deadline light: green, yellow at 70% of the time used, red when overdue. */
export function Light({ light, dueAt }: { light: LightKind; dueAt: Date | string | null }) {
  const t = useTranslations("dispatch.lights");
  const format = useFormatter();
  if (light === "none" || !dueAt) return null;
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap text-xs ${light === "red" ? "font-medium text-red-700" : light === "yellow" ? "text-amber-800" : "text-slate-600"}`} data-light={light}>
      <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${DOT[light]}`} />
      <span>{t(light)}</span>
      <span className="text-slate-500">· {format.dateTime(new Date(dueAt), { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}</span>
    </span>
  );
}
