import Link from "next/link";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { WorklistItem } from "@/lib/dispatch/data";
import { GradeBadge, Light, StateBadge, UrgencyBadge } from "./badges";

/** One event in a worklist: raised by supervision (left bar), with its light. */
export function EventCard({ item }: { item: WorklistItem }) {
  const t = useTranslations("dispatch");
  const format = useFormatter();
  const locale = useLocale();
  const bar = item.superviseGrade >= 3 ? "border-l-red-600" : item.superviseGrade === 2 ? "border-l-yellow-400" : item.superviseGrade === 1 ? "border-l-blue-500" : "border-l-transparent";
  return (
    <li>
      <Link
        href={`/dispatch/${item.id}`}
        data-testid="event-card"
        data-event-no={item.no}
        className={`block rounded-lg border border-l-4 border-slate-200 bg-white p-3 shadow-sm hover:border-brand-600 ${bar}`}
      >
        <p className="font-medium text-slate-900">
          <span className="mr-1 text-slate-500">#{item.no}</span>
          {item.title}
        </p>
        <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
          <Light light={item.light} dueAt={item.dueAt} />
          <StateBadge state={item.state} />
          <UrgencyBadge urgency={item.urgency} />
          <GradeBadge grade={item.superviseGrade} />
          {item.task && (
            <span className="text-xs text-slate-600">
              {item.task.isLead ? t("lead") : t("co")} · {t(`taskStates.${item.task.state}` as never)}
              {item.task.extensionUntil && ` · ${t("extensionPending")}`}
            </span>
          )}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {locale === "en" ? item.categoryEn : item.category} · {item.grid} · {t("reportedAt", { time: format.dateTime(new Date(item.reportedAt), { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) })}
        </p>
      </Link>
    </li>
  );
}
