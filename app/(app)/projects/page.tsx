import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, ButtonLink, Empty, PageHeader, Progress, STATUS_TONE } from "@/components/projects/ui";
import { can } from "@/lib/permissions";
import { listProjects } from "@/lib/projects/data";
import { param } from "@/lib/projects/pages";
import { percent } from "@/lib/projects/permissions";
import { PROJECT_STATUSES, type ProjectStatusKey } from "@/lib/projects/schemas";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "专项工作" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const raw = param(await searchParams, "status");
  const status = (PROJECT_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as ProjectStatusKey) : undefined;
  const [projects, t] = await Promise.all([listProjects(viewer, { status }), getTranslations("projects")]);
  const manages = can(viewer, "projects.manage");
  const tabs = [undefined, "RUNNING", ...(manages ? (["DRAFT"] as const) : []), "CLOSED"] as const;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t("title")} subtitle={t("list.subtitle")} actions={manages && <ButtonLink href="/projects/new" testId="new-project">{t("list.new")}</ButtonLink>} />
      <div className="mb-3 flex flex-wrap gap-2 text-sm">
        {tabs.map((s) => (
          <Link
            key={s ?? "all"}
            href={s ? `/projects?status=${s}` : "/projects"}
            className={`rounded-full px-3 py-1 ${status === s ? "bg-brand-600 text-white" : "bg-white ring-1 ring-slate-200"}`}
          >
            {s ? t(`status.${s}`) : t("list.all")}
          </Link>
        ))}
      </div>
      {projects.length === 0 ? (
        <Empty>{t("list.empty")}</Empty>
      ) : (
        <ul className="space-y-3" data-testid="project-list">
          {projects.map((p) => (
            <li key={p.id} className="rounded-lg border border-slate-200 bg-white" data-id={p.id}>
              <Link href={`/projects/${p.id}`} className="block p-3 hover:bg-slate-50">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{p.title}</span>
                  <Badge tone={STATUS_TONE[p.status]}>{t(`status.${p.status}`)}</Badge>
                  <Badge>{t(`types.${p.type as "HAZARD_SCREENING"}`)}</Badge>
                  {p.overdue > 0 && p.status === "RUNNING" && <Badge tone="red">{t("list.overdue", { count: p.overdue })}</Badge>}
                </div>
                <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  <span>{t("list.period", { from: p.startsOn, to: p.endsOn })}</span>
                  <span>{t("list.by", { unit: p.unitName })}</span>
                </div>
                {p.status !== "DRAFT" && (
                  <div className="mt-2 space-y-1">
                    <Progress value={percent(p.itemsChecked, p.itemsTotal)} tone={p.status === "CLOSED" ? "green" : "brand"} />
                    <div className="flex flex-wrap gap-x-3 text-xs text-slate-600">
                      {p.itemsTotal > 0 && <span>{t("list.progress", { checked: p.itemsChecked, total: p.itemsTotal })}</span>}
                      <span>{t("list.tasks", { done: p.done, tasks: p.tasks })}</span>
                      <span>{t("list.submissions", { count: p.submissions })}</span>
                      {p.findings > 0 && <span className="text-red-700">{t("list.findings", { count: p.findings })}</span>}
                    </div>
                  </div>
                )}
              </Link>
              {p.myTaskId && p.status === "RUNNING" && can(viewer, "projects.fill") && (
                <div className="border-t border-slate-100 px-3 py-2">
                  <Link href={`/projects/tasks/${p.myTaskId}`} className="inline-flex items-center rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white" data-testid="my-task">
                    {t("list.myTask")}
                  </Link>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
