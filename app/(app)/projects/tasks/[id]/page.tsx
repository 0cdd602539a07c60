import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { FinishTaskButton } from "@/components/projects/task-buttons";
import { Badge, ButtonLink, Card, Empty, PageHeader, Progress } from "@/components/projects/ui";
import { found, idParam, param } from "@/lib/projects/pages";
import { percent } from "@/lib/projects/permissions";
import { TASK_FILTERS, taskQuerySchema } from "@/lib/projects/schemas";
import { getTask } from "@/lib/projects/tasks-data";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "专项任务" };

export default async function TaskPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const query = taskQuerySchema.parse({ filter: param(sp, "filter"), q: param(sp, "q") });
  const [task, t, format] = await Promise.all([found(getTask(viewer, idParam(id), query)), getTranslations("projects"), getFormatter()]);
  const base = `/projects/tasks/${task.id}`;
  const href = (filter: string) => (filter === "all" ? (query.q ? `${base}?q=${encodeURIComponent(query.q)}` : base) : `${base}?filter=${filter}${query.q ? `&q=${encodeURIComponent(query.q)}` : ""}`);
  const status = task.overdue ? "OVERDUE" : task.status;
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="task-page" data-status={task.status}>
      <PageHeader
        title={task.project.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span>{task.grid.name}</span>
            <Badge tone={status === "DONE" ? "green" : status === "OVERDUE" ? "red" : "blue"}>{t(`taskStatus.${status}`)}</Badge>
            <span>{t("task.due", { date: task.project.endsOn })}</span>
          </span>
        }
      />
      <Card>
        {task.itemsTotal > 0 ? (
          <>
            <div className="mb-1 flex justify-between text-sm">
              <span>{t("task.progress", { checked: task.itemsChecked, total: task.itemsTotal })}</span>
              <span className="tabular-nums">{percent(task.itemsChecked, task.itemsTotal)}%</span>
            </div>
            <Progress value={percent(task.itemsChecked, task.itemsTotal)} tone={task.status === "DONE" ? "green" : "brand"} />
          </>
        ) : (
          <p className="text-sm text-slate-700">{t("task.freeTask", { count: task.submissionCount })}</p>
        )}
        <div className="mt-2 flex flex-wrap gap-x-4 text-xs text-slate-600">
          <span>{t("task.submissions", { count: task.submissionCount })}</span>
          <span className={task.findingCount ? "text-red-700" : ""}>{t("task.findings", { count: task.findingCount })}</span>
          <span>{t("task.events", { count: task.eventCount })}</span>
        </div>
        {task.project.status !== "RUNNING" && <p className="mt-2 text-sm text-amber-800">{t("task.notRunning")}</p>}
        <div className="mt-3 flex flex-wrap gap-2">
          {task.canFill && <ButtonLink href={`${base}/fill`} variant={task.itemsTotal > 0 ? "secondary" : "primary"} testId="new-entry">{t("task.newEntry")}</ButtonLink>}
          {task.canFinish && <FinishTaskButton taskId={task.id} version={task.version} />}
          <Link href={`/projects/${task.project.id}`} className="inline-flex items-center px-2 text-sm text-brand-700 hover:underline">{t("task.campaign")}</Link>
        </div>
        {task.project.description && <p className="mt-3 whitespace-pre-line text-xs text-slate-600">{task.project.description}</p>}
      </Card>

      {task.itemsTotal > 0 && (
        <Card title={t("task.records")} testId="task-items">
          <div className="mb-2 flex flex-wrap gap-1.5 text-sm">
            {TASK_FILTERS.map((f) => (
              <Link key={f} href={href(f)} className={`rounded-full px-3 py-1 ${query.filter === f ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}>
                {t(`task.filters.${f}`)}
              </Link>
            ))}
          </div>
          <form action={base} className="mb-2 flex gap-2">
            {query.filter !== "all" && <input type="hidden" name="filter" value={query.filter} />}
            <input name="q" defaultValue={query.q} maxLength={40} placeholder={t("task.search")} aria-label={t("task.search")} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm" />
            <button type="submit" className="shrink-0 rounded-md border border-slate-300 bg-white px-3 text-sm">{t("task.searchButton")}</button>
          </form>
          {task.items.length === 0 ? (
            <Empty>{t("task.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {task.items.map((i) => {
                const target = task.canFill && !i.checkedAt ? `${base}/fill?item=${i.id}` : i.submissionId ? `/projects/submissions/${i.submissionId}` : null;
                const body = (
                  <div className="flex items-center justify-between gap-2 py-2.5">
                    <div className="min-w-0">
                      <p className="break-words text-sm text-slate-900">{i.label}</p>
                      <p className="text-xs text-slate-500">
                        {t(`recordKinds.${i.kind}`)}
                        {i.checkedAt && ` · ${format.dateTime(i.checkedAt, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}`}
                      </p>
                    </div>
                    <span className="shrink-0">
                      {i.hasFinding ? <Badge tone="red">{t("task.finding")}</Badge> : i.checkedAt ? <Badge tone="green">{t("task.checked")}</Badge> : <Badge tone="amber">{t("task.todo")}</Badge>}
                    </span>
                  </div>
                );
                return (
                  <li key={i.id} data-item={i.id} data-label={i.label} data-checked={i.checkedAt ? "1" : "0"}>
                    {target ? <Link href={target} className="block hover:bg-slate-50">{body}</Link> : body}
                  </li>
                );
              })}
            </ul>
          )}
          {task.matching > task.items.length && <p className="mt-2 text-xs text-slate-500">{t("task.showing", { shown: task.items.length, count: task.matching })}</p>}
        </Card>
      )}

      {task.free.length > 0 && (
        <Card title={t("task.freeEntries")}>
          <ul className="divide-y divide-slate-100 text-sm">
            {task.free.map((s) => (
              <li key={s.id}>
                <Link href={`/projects/submissions/${s.id}`} className="flex items-center justify-between py-2 hover:bg-slate-50">
                  <span>{format.dateTime(s.submittedAt, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })}</span>
                  {s.findingCount > 0 && <Badge tone="red">{t("task.findings", { count: s.findingCount })}</Badge>}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
