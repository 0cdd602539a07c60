import "server-only";
import ExcelJS from "exceljs";
import { currentLocale, translatorFor } from "@/lib/i18n/messages";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { dayOf, percent } from "./permissions";
import { visibleProjects } from "./scope";

// The campaign report: one sheet per level of the territory (county, township, community,
// grid) with each unit's progress, and the list of findings; only the viewer's territory.

const LEVELS = ["COUNTY", "TOWNSHIP", "VILLAGE", "GRID"] as const;

interface UnitStats {
  unitId: number;
  name: string;
  level: (typeof LEVELS)[number];
  parentName: string | null;
  code: string;
  sortOrder: number;
  tasks: number;
  done: number;
  overdue: number;
  itemsTotal: number;
  itemsChecked: number;
  submissions: number;
  findings: number;
  events: number;
  eventsClosed: number;
}

export async function projectReport(viewer: Viewer, projectId: string, now = new Date()): Promise<{ buffer: Buffer; filename: string }> {
  await authorize(viewer, "projects.export");
  const p = await db.project.findFirst({
    where: { id: projectId, ...visibleProjects(viewer), status: { not: "DRAFT" } },
    select: { id: true, title: true, status: true, startsOn: true, endsOn: true, closedAt: true },
  });
  if (!p) throw notFound();
  const t = translatorFor(await currentLocale());
  // Every ancestor of every grid inside the viewer's territory: one row per unit and level.
  const stats = await db.$queryRaw<UnitStats[]>`
    WITH t AS (
      SELECT t."id", t."status", t."dueAt", t."itemsTotal", t."itemsChecked", t."submissionCount", t."findingCount", t."eventCount", g."pathIds"
      FROM "ProjectTask" t JOIN "Unit" g ON g."id" = t."gridId"
      WHERE t."projectId" = ${p.id} AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[]
    ), closed AS (
      SELECT f."taskId", count(*)::int AS "n" FROM "ProjectFinding" f JOIN "Event" e ON e."id" = f."eventId"
      WHERE f."projectId" = ${p.id} AND NOT e."isOpen" GROUP BY f."taskId"
    )
    SELECT a."id" AS "unitId", a."name", a."level"::text AS "level", a."code", a."sortOrder", pa."name" AS "parentName",
      count(*)::int AS "tasks",
      count(*) FILTER (WHERE t."status" = 'DONE')::int AS "done",
      count(*) FILTER (WHERE t."status" = 'OPEN' AND t."dueAt" < ${now})::int AS "overdue",
      coalesce(sum(t."itemsTotal"), 0)::int AS "itemsTotal",
      coalesce(sum(t."itemsChecked"), 0)::int AS "itemsChecked",
      coalesce(sum(t."submissionCount"), 0)::int AS "submissions",
      coalesce(sum(t."findingCount"), 0)::int AS "findings",
      coalesce(sum(t."eventCount"), 0)::int AS "events",
      coalesce(sum(c."n"), 0)::int AS "eventsClosed"
    FROM t
    JOIN "Unit" a ON a."id" = ANY(t."pathIds") AND a."pathIds" @> ARRAY[${viewer.unitId}]::int[]
    LEFT JOIN "Unit" pa ON pa."id" = a."parentId"
    LEFT JOIN closed c ON c."taskId" = t."id"
    GROUP BY a."id", a."name", a."level", a."code", a."sortOrder", pa."name"
    ORDER BY a."depth", a."code"`;

  const wb = new ExcelJS.Workbook();
  wb.creator = "VitalGrid";
  wb.created = now;
  // Sheets in order: the summary, the levels, the findings.
  const summary = wb.addWorksheet(t("projects.report.summarySheet"), {});
  summary.columns = [{ width: 20 }, { width: 60 }];
  summary.addRows([
    [t("projects.fields.title"), p.title],
    [t("projects.fields.period"), `${dayOf(p.startsOn)} – ${dayOf(p.endsOn)}`],
    [t("projects.fields.status"), t(`projects.status.${p.status}` as never)],
    [t("projects.report.generated"), new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ")],
    [t("projects.report.scope"), viewer.unitName],
  ]);

  const columns = [
    { header: t("projects.report.unit"), key: "name", width: 28 },
    { header: t("projects.report.parent"), key: "parentName", width: 24 },
    { header: t("projects.board.tasks"), key: "tasks", width: 10 },
    { header: t("projects.board.done"), key: "done", width: 10 },
    { header: t("projects.board.overdue"), key: "overdue", width: 10 },
    { header: t("projects.board.checked"), key: "itemsChecked", width: 12 },
    { header: t("projects.board.total"), key: "itemsTotal", width: 12 },
    { header: t("projects.board.rate"), key: "rate", width: 10 },
    { header: t("projects.board.submissions"), key: "submissions", width: 10 },
    { header: t("projects.board.findings"), key: "findings", width: 10 },
    { header: t("projects.board.events"), key: "events", width: 10 },
    { header: t("projects.board.eventsClosed"), key: "eventsClosed", width: 12 },
  ];
  for (const level of LEVELS) {
    const rows = stats.filter((s) => s.level === level);
    if (!rows.length) continue;
    const ws = wb.addWorksheet(t(`levels.${level}` as never));
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const r of rows) ws.addRow({ ...r, rate: `${percent(r.itemsChecked, r.itemsTotal)}%` });
  }

  const findings = await db.projectFinding.findMany({
    where: { projectId: p.id, voidedAt: null, submission: { task: { grid: { pathIds: { has: viewer.unitId } } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 100_000,
    select: { fieldLabel: true, answer: true, recordLabel: true, eventNo: true, eventId: true, createdAt: true, gridId: true, submission: { select: { submittedById: true } } },
  });
  const [grids, users, events] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(findings.map((f) => f.gridId))] } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: [...new Set(findings.map((f) => f.submission.submittedById))] } }, select: { id: true, displayName: true } }),
    db.event.findMany({ where: { id: { in: findings.flatMap((f) => (f.eventId ? [f.eventId] : [])) } }, select: { id: true, state: true } }),
  ]);
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  const stateOf = new Map(events.map((e) => [e.id, e.state]));
  const ws = wb.addWorksheet(t("projects.report.findingsSheet"));
  ws.columns = [
    { header: t("projects.report.grid"), key: "grid", width: 24 },
    { header: t("projects.report.record"), key: "record", width: 36 },
    { header: t("projects.report.field"), key: "field", width: 28 },
    { header: t("projects.report.answer"), key: "answer", width: 20 },
    { header: t("projects.report.submitter"), key: "submitter", width: 12 },
    { header: t("projects.report.at"), key: "at", width: 18 },
    { header: t("projects.report.eventNo"), key: "eventNo", width: 10 },
    { header: t("projects.report.eventState"), key: "eventState", width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  const at = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
  for (const f of findings) {
    const state = f.eventId ? stateOf.get(f.eventId) : undefined;
    ws.addRow({
      grid: gridName.get(f.gridId) ?? "",
      record: f.recordLabel ?? "",
      field: f.fieldLabel,
      answer: f.answer,
      submitter: userName.get(f.submission.submittedById) ?? "",
      at: at(f.createdAt),
      eventNo: f.eventNo ?? "",
      eventState: state ? t(`dispatch.states.${state}` as never) : t("projects.report.noEvent"),
    });
  }

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(db, { ...auditActor(viewer), action: "projects.export", result: "success", targetType: "project", targetId: p.id, details: { findings: findings.length } });
  return { buffer, filename: `project-${dayOf(now)}.xlsx` };
}
