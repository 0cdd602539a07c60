import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ProjectActions } from "@/components/projects/project-actions";
import { Badge, Card, Empty, Facts, PageHeader, Progress, STATUS_TONE } from "@/components/projects/ui";
import { FACILITY_TYPES } from "@/lib/grid/dictionary";
import { getBoard, getProject, listFindings } from "@/lib/projects/data";
import { found, idParam, param } from "@/lib/projects/pages";
import { percent } from "@/lib/projects/permissions";
import type { RecordSelector } from "@/lib/projects/schemas";
import { requireViewer } from "@/lib/server/auth";

export const metadata: Metadata = { title: "专项详情" };

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const [{ id: rawId }, sp] = await Promise.all([params, searchParams]);
  const id = idParam(rawId);
  const unitParam = Number(param(sp, "unit"));
  const unit = Number.isInteger(unitParam) && unitParam > 0 && unitParam < 2_147_483_647 ? unitParam : undefined;
  const onlyOpen = param(sp, "open") === "1";
  const rawCursor = param(sp, "fcursor");
  const cursor = rawCursor && /^\d{1,15}_[A-Za-z0-9_-]{1,40}$/.test(rawCursor) ? rawCursor : undefined;
  const project = await found(getProject(viewer, id));
  const [board, findings, t, locale] = await Promise.all([
    project.status === "DRAFT" ? null : found(getBoard(viewer, id, unit)),
    project.status === "DRAFT" ? null : listFindings(viewer, id, { cursor, open: onlyOpen ? "1" : undefined }),
    getTranslations("projects"),
    getLocale(),
  ]);
  const selectorText = (s: RecordSelector) => {
    const parts: string[] = [];
    if (s.kind === "HOUSE") parts.push(...(s.tenures ?? []).map((x) => t(`dict.tenures.${x}`)), ...(s.uses ?? []).map((x) => t(`dict.uses.${x}`)));
    if (s.kind === "PLACE") parts.push(...(s.categories ?? []).map((x) => t(`dict.placeCategories.${x}`)), ...(s.riskLevels ?? []).map((x) => t(`dict.riskLevels.${x}`)));
    if (s.kind === "FACILITY") {
      parts.push(...(s.types ?? []).map((x) => { const f = FACILITY_TYPES.find((y) => y.code === x); return f ? (locale === "en" ? f.en : f.zh) : x; }));
      if (s.hazardOnly) parts.push(t("form.hazardOnly"));
    }
    if (s.kind === "HOUSEHOLD") parts.push(...(s.visitTiers ?? []).map((x) => t(`dict.visitTiers.${x}`)));
    return `${t(`recordKinds.${s.kind}`)}${parts.length ? `（${parts.join("、")}）` : ""}`;
  };
  const base = `/projects/${project.id}`;
  const qs = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    const all = { unit: unit ? String(unit) : undefined, open: onlyOpen ? "1" : undefined, ...extra };
    for (const [k, v] of Object.entries(all)) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };

  return (
    <div className="mx-auto max-w-5xl space-y-4" data-testid="project-detail" data-status={project.status}>
      <PageHeader
        title={project.title}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[project.status]} testId="project-status">{t(`status.${project.status}`)}</Badge>
            <Badge>{t(`types.${project.type}`)}</Badge>
            <span>{t("list.period", { from: project.startsOn, to: project.endsOn })}</span>
          </span>
        }
        actions={project.myTaskId && project.status === "RUNNING" && <Link href={`/projects/tasks/${project.myTaskId}`} className="inline-flex items-center rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white">{t("list.myTask")}</Link>}
      />
      {(project.manages || project.canExport) && (
        <ProjectActions id={project.id} version={project.version} endsOn={project.endsOn} steps={project.steps} canExport={project.canExport} />
      )}
      <Card>
        <Facts
          items={[
            { label: t("fields.cover"), value: project.cover.map((c) => c.name).join("、") },
            { label: t("fields.runBy"), value: project.unitName },
            { label: t("fields.leadDepartment"), value: project.leadDepartment ? (locale === "en" ? project.leadDepartment.nameEn : project.leadDepartment.name) : null },
            { label: t("fields.owner"), value: project.owner?.displayName ?? null },
            {
              label: t("fields.template"),
              value: (
                <>
                  {project.template.name}
                  {project.formVersionNo !== null && <span className="text-slate-500"> · {t("templates.version", { no: project.formVersionNo })}</span>}
                </>
              ),
            },
            { label: t("fields.versionPolicy"), value: t(`policies.${project.versionPolicy}`) },
            { label: t("fields.selectors"), value: project.selectors.length ? project.selectors.map(selectorText).join("；") : t("form.noSelectors") },
            ...(project.closedAt ? [{ label: t("fields.closingNote"), value: project.closingNote || "—" }] : []),
          ]}
        />
        {project.description && <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{project.description}</p>}
      </Card>

      {board && (
        <Card title={t("board.title")} testId="board">
          <nav aria-label={t("board.title")} className="mb-2 flex flex-wrap gap-1 text-sm">
            {board.crumbs.map((c, i) => (
              <span key={c.id}>
                {i > 0 && <span className="mx-1 text-slate-400">›</span>}
                {c.id === board.root.id ? <span className="font-medium">{c.name}</span> : <Link href={qs({ unit: String(c.id), fcursor: undefined })} className="text-brand-700 hover:underline">{c.name}</Link>}
              </span>
            ))}
          </nav>
          <div className="mb-3 grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="board-totals" data-checked={board.totals.itemsChecked} data-total={board.totals.itemsTotal} data-findings={board.totals.findings} data-events={board.totals.events} data-overdue={board.totals.overdue}>
            <Stat label={t("board.checkedOfTotal")} value={`${board.totals.itemsChecked}/${board.totals.itemsTotal}`} />
            <Stat label={t("board.rate")} value={`${percent(board.totals.itemsChecked, board.totals.itemsTotal)}%`} />
            <Stat label={t("board.findings")} value={board.totals.findings} tone={board.totals.findings ? "red" : undefined} />
            <Stat label={t("board.eventsRaisedClosed")} value={`${board.totals.events}/${board.totals.eventsClosed}`} />
            <Stat label={t("board.overdue")} value={board.totals.overdue} tone={board.totals.overdue ? "red" : undefined} />
          </div>
          {board.rows.length === 0 ? (
            board.root.taskId ? (
              <Link href={`/projects/tasks/${board.root.taskId}`} className="text-sm text-brand-700 hover:underline">{t("board.openTask")}</Link>
            ) : (
              <Empty>{t("board.empty")}</Empty>
            )
          ) : (
            <div className="-mx-3 overflow-x-auto sm:mx-0">
              <table className="min-w-full text-sm" data-testid="board-table">
                <thead>
                  <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                    <th className="px-2 py-1.5 font-medium">{t("board.unit")}</th>
                    <th className="px-2 py-1.5 text-right font-medium">{t("board.tasks")}</th>
                    <th className="px-2 py-1.5 font-medium">{t("board.checkedOfTotal")}</th>
                    <th className="px-2 py-1.5 text-right font-medium">{t("board.findings")}</th>
                    <th className="px-2 py-1.5 text-right font-medium">{t("board.events")}</th>
                    <th className="px-2 py-1.5 text-right font-medium">{t("board.eventsClosed")}</th>
                    <th className="px-2 py-1.5 text-right font-medium">{t("board.overdue")}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.rows.map((r) => (
                    <tr key={r.unitId} className="border-b border-slate-100" data-unit={r.name}>
                      <td className="px-2 py-1.5">
                        {r.level === "GRID" ? (
                          r.taskId ? <Link href={`/projects/tasks/${r.taskId}`} className="text-brand-700 hover:underline">{r.name}</Link> : r.name
                        ) : (
                          <Link href={qs({ unit: String(r.unitId), fcursor: undefined })} className="text-brand-700 hover:underline">{r.name}</Link>
                        )}
                      </td>
                      <td className="px-2 py-1.5 text-right tabular-nums">{r.done}/{r.tasks}</td>
                      <td className="min-w-[9rem] px-2 py-1.5">
                        <div className="flex items-center gap-2">
                          <div className="flex-1"><Progress value={percent(r.itemsChecked, r.itemsTotal)} tone={r.itemsTotal && r.itemsChecked === r.itemsTotal ? "green" : "brand"} /></div>
                          <span className="whitespace-nowrap tabular-nums text-xs">{r.itemsTotal ? `${r.itemsChecked}/${r.itemsTotal}` : t("board.entries", { count: r.submissions })}</span>
                        </div>
                      </td>
                      <td className={`px-2 py-1.5 text-right tabular-nums ${r.findings ? "text-red-700" : ""}`}>{r.findings}</td>
                      <td className="px-2 py-1.5 text-right tabular-nums">{r.events}</td>
                      <td className="px-2 py-1.5 text-right tabular-nums">{r.eventsClosed}</td>
                      <td className={`px-2 py-1.5 text-right tabular-nums ${r.overdue ? "font-medium text-red-700" : ""}`}>{r.overdue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}

      {findings && (
        <Card
          title={t("findings.title")}
          testId="findings"
          actions={
            <div className="flex gap-2 text-xs">
              <Link href={qs({ open: undefined, fcursor: undefined })} className={`rounded-full px-2.5 py-1 ${!onlyOpen ? "bg-brand-600 text-white" : "ring-1 ring-slate-200"}`}>{t("findings.all")}</Link>
              <Link href={qs({ open: "1", fcursor: undefined })} className={`rounded-full px-2.5 py-1 ${onlyOpen ? "bg-brand-600 text-white" : "ring-1 ring-slate-200"}`}>{t("findings.onlyOpen")}</Link>
            </div>
          }
        >
          {findings.items.length === 0 ? (
            <Empty>{t("findings.empty")}</Empty>
          ) : (
            <ul className="divide-y divide-slate-100">
              {findings.items.map((f) => (
                <li key={f.id} className="py-2 text-sm" data-finding={f.id}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/projects/submissions/${f.submissionId}`} className="font-medium text-slate-900 hover:underline">{f.fieldLabel}：{f.answer}</Link>
                    {f.eventId ? (
                      <Link href={`/dispatch/${f.eventId}`} className="text-xs text-brand-700 hover:underline">
                        {t("findings.event", { no: f.eventNo ?? "" })}
                        {f.eventState && ` · ${t(`eventStates.${f.eventState}`)}`}
                      </Link>
                    ) : (
                      <Badge tone="amber">{t("findings.noEvent")}</Badge>
                    )}
                  </div>
                  <div className="mt-0.5 text-xs text-slate-500">{f.gridName}{f.recordLabel ? ` · ${f.recordLabel}` : ""}</div>
                </li>
              ))}
            </ul>
          )}
          {findings.nextCursor && (
            <Link href={qs({ fcursor: findings.nextCursor })} className="mt-2 block text-center text-sm text-brand-700 hover:underline">{t("findings.more")}</Link>
          )}
        </Card>
      )}
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: React.ReactNode; tone?: "red" }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <span className={`block text-lg font-semibold tabular-nums ${tone === "red" ? "text-red-700" : "text-slate-900"}`}>{value}</span>
      <span className="block text-xs text-slate-600">{label}</span>
    </div>
  );
}
