import { useFormatter, useTranslations } from "next-intl";
import type { Prisma } from "@/lib/generated/prisma/client.ts";

export interface TimelineEntryView {
  id: string;
  taskId: string | null;
  action: string;
  actorName: string;
  actorRole: string;
  department: string | null;
  fromState: string | null;
  toState: string | null;
  taskFromState: string | null;
  taskToState: string | null;
  comment: string | null;
  reply: string | null;
  internal: boolean;
  data: Prisma.JsonValue;
  at: Date;
  files: { id: string; fileName: string; mimeType: string; size: number }[];
}

type Data = {
  tasks?: { id: string; isLead: boolean; departmentId: number }[];
  dueAt?: string;
  grade?: number;
  rating?: number;
  until?: string;
  approve?: boolean;
  intoNo?: number;
  fromNo?: number;
  direct?: boolean;
  stage?: string;
  lead?: boolean;
  autoGridId?: number;
  /** A community's refusal: not on its list of powers and responsibilities. */
  refused?: boolean;
  listLevel?: string | null;
};

/** The event's history, oldest first: the append-only record every screen reads from. */
export function Timeline({ entries, departmentNames, taskDepartments }: { entries: TimelineEntryView[]; departmentNames: Record<number, string>; taskDepartments: Record<string, string> }) {
  const t = useTranslations("dispatch");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const when = (d: Date | string) => format.dateTime(new Date(d), { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-4" data-testid="timeline">
      {entries.map((e) => {
        const data = (e.data ?? {}) as Data;
        return (
          <li key={e.id} className="relative" data-action={e.action}>
            <span aria-hidden className={`absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full ${e.toState ? "bg-brand-600" : "bg-slate-400"}`} />
            <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="font-medium">{t(`actions.${e.action}` as never)}</span>
              {e.toState && (
                <span className="text-xs text-slate-500">
                  {e.fromState ? `${t(`states.${e.fromState}` as never)} → ` : ""}
                  {t(`states.${e.toState}` as never)}
                </span>
              )}
              {e.taskId && e.taskToState && e.taskFromState !== e.taskToState && (
                <span className="text-xs text-slate-500">
                  {taskDepartments[e.taskId]}：{t(`taskStates.${e.taskToState}` as never)}
                </span>
              )}
            </div>
            <p className="text-xs text-slate-500">
              {when(e.at)} · {e.actorName}
              {e.actorRole === "SYSTEM" ? "" : ` · ${e.department ?? tr(e.actorRole as never)}`}
            </p>
            {data.tasks && (
              <p className="mt-1 text-sm">
                {data.tasks.map((x) => `${departmentNames[x.departmentId] ?? x.departmentId}（${x.isLead ? t("lead") : t("co")}）`).join("、")}
                {data.dueAt && ` · ${t("detail.dueBy", { time: when(data.dueAt) })}`}
              </p>
            )}
            {!data.tasks && data.dueAt && <p className="mt-1 text-sm">{t("detail.dueBy", { time: when(data.dueAt) })}</p>}
            {data.direct && <p className="mt-1 text-sm">{t("detail.direct")}</p>}
            {data.refused && (
              <p className="mt-1 text-sm" data-testid="entry-refused">
                {data.listLevel ? t("detail.refusedByList", { level: t(`detail.levels.${data.listLevel}` as never) }) : t("detail.refusedNotListed")}
              </p>
            )}
            {data.grade !== undefined && <p className="mt-1 text-sm">{t(`grades.${data.grade}` as never)}</p>}
            {data.rating !== undefined && (
              <p className="mt-1 text-sm" aria-label={t("detail.rating", { rating: data.rating })}>
                <span className="text-amber-500">{"★".repeat(data.rating)}</span>
                <span className="text-slate-300">{"★".repeat(5 - data.rating)}</span>
              </p>
            )}
            {data.until && <p className="mt-1 text-sm">{t("detail.extensionTo", { time: when(data.until) })}{data.approve !== undefined && ` · ${data.approve ? t("detail.approved") : t("detail.refused")}`}</p>}
            {data.approve === false && !data.until && <p className="mt-1 text-sm">{t("detail.refused")}</p>}
            {data.intoNo && <p className="mt-1 text-sm">{t("detail.mergedInto", { no: data.intoNo })}</p>}
            {data.fromNo && <p className="mt-1 text-sm">{t("detail.mergedFrom", { no: data.fromNo })}</p>}
            {e.reply && (
              <p className="mt-1 rounded-md bg-teal-50 p-2 text-sm text-teal-900" data-testid="entry-reply">
                <span className="mr-1 font-medium">{t("detail.reply")}</span>
                {e.reply}
              </p>
            )}
            {e.comment && (
              <p className={`mt-1 whitespace-pre-wrap rounded-md p-2 text-sm ${e.internal ? "bg-slate-100 text-slate-700" : "bg-white text-slate-800 ring-1 ring-slate-200"}`}>
                {e.internal && <span className="mr-1 rounded bg-slate-300 px-1 text-xs">{t("detail.internal")}</span>}
                {e.comment}
              </p>
            )}
            {e.files.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-2">
                {e.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/api/dispatch/files/${f.id}`} target="_blank" rel="noreferrer">
                      {/* Thumbnails of the stored photos; the route checks the viewer's scope. */}
                      {/* eslint-disable-next-line @next/next/no-img-element */}
                      <img src={`/api/dispatch/files/${f.id}`} alt={f.fileName} className="h-20 w-20 rounded-md border border-slate-200 object-cover" loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
