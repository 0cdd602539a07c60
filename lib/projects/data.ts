import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { can } from "@/lib/permissions";
import { auditActor, authorize, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/prisma";
import { unitsWithin } from "@/lib/server/scope";
import { canRemindAgain, dayOf, endOfDay, isLate, managerSteps, REMIND_INTERVAL_MS, todayCst } from "./permissions";
import type {
  CloseProjectInput,
  CountRecordsInput,
  CreateProjectInput,
  ExtendProjectInput,
  FindingsQuery,
  ProjectRef,
  ProjectStatusKey,
  RecordSelector,
  UpdateProjectInput,
} from "./schemas";
import { FILLERS, inside, managedProjects, usableTemplates, visibleProjects } from "./scope";

// Campaigns: create and edit drafts, start (one task per grid, the records to check),
// extend, remind late grids, close; the list, the detail and the progress board.
// Every function takes the viewer first, checks the role table and reaches campaigns only
// through visibleProjects / managedProjects (lib/projects/scope.ts).

const TX = { maxWait: 15_000, timeout: 120_000 } as const;

// --- the campaign form ------------------------------------------------------------------------

/** What the campaign form offers: the viewer's units, departments, templates, owners, tags. */
export async function getProjectFormContext(viewer: Viewer) {
  await authorize(viewer, "projects.manage");
  const [units, departments, templates, owners, tags] = await Promise.all([
    db.unit.findMany({
      where: { ...unitsWithin(viewer), retiredAt: null },
      orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, parentId: true, name: true, level: true },
    }),
    db.department.findMany({ where: { enabled: true }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, nameEn: true } }),
    db.formTemplate.findMany({ where: usableTemplates(viewer), orderBy: { updatedAt: "desc" }, take: 200, select: { id: true, name: true, latestVersionNo: true } }),
    db.user.findMany({
      where: { enabled: true, unit: unitsWithin(viewer), role: { notIn: ["GRID_WORKER", "SECURITY_ADMIN", "AUDIT_ADMIN"] } },
      orderBy: [{ role: "asc" }, { displayName: "asc" }],
      take: 300,
      select: { id: true, displayName: true, role: true, unit: { select: { name: true } }, department: { select: { name: true } } },
    }),
    db.keyGroupTag.findMany({ where: { enabled: true }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, nameEn: true } }),
  ]);
  return {
    units,
    departments,
    templates,
    owners: owners.map((o) => ({ id: o.id, name: o.displayName, role: o.role, where: o.department?.name ?? o.unit.name })),
    tags,
  };
}

/** The cover units, refused unless every one is a live unit of the viewer's territory. */
async function checkCover(client: Tx | typeof db, viewer: Viewer, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const found = await client.unit.count({ where: { id: { in: unique }, retiredAt: null, ...unitsWithin(viewer) } });
  if (found !== unique.length) throw new AppError("VALIDATION", { key: "projectUnitsOutside" }, { coverUnitIds: "validation.projectUnitsOutside" });
  return unique;
}

async function checkReferences(client: Tx | typeof db, viewer: Viewer, input: CreateProjectInput) {
  const [template, department, owner] = await Promise.all([
    client.formTemplate.findFirst({ where: { id: input.templateId, ...usableTemplates(viewer) }, select: { id: true } }),
    input.leadDepartmentId === null ? null : client.department.findFirst({ where: { id: input.leadDepartmentId, enabled: true }, select: { id: true } }),
    input.ownerId === null ? null : client.user.findFirst({ where: { id: input.ownerId, enabled: true, unit: unitsWithin(viewer) }, select: { id: true } }),
  ]);
  if (!template) throw new AppError("VALIDATION", { key: "projectTemplateUnknown" }, { templateId: "validation.projectTemplateUnknown" });
  if (input.leadDepartmentId !== null && !department) throw new AppError("VALIDATION", { key: "projectDepartmentUnknown" }, { leadDepartmentId: "validation.projectDepartmentUnknown" });
  if (input.ownerId !== null && !owner) throw new AppError("VALIDATION", { key: "projectOwnerUnknown" }, { ownerId: "validation.projectOwnerUnknown" });
  if (input.endsOn < todayCst()) throw new AppError("VALIDATION", { key: "projectEndsInPast" }, { endsOn: "validation.projectEndsInPast" });
}

function projectData(input: CreateProjectInput, cover: number[]) {
  return {
    title: input.title,
    type: input.type,
    description: input.description,
    coverUnitIds: cover,
    startsOn: new Date(`${input.startsOn}T00:00:00Z`),
    endsOn: new Date(`${input.endsOn}T00:00:00Z`),
    dueAt: endOfDay(input.endsOn),
    leadDepartmentId: input.leadDepartmentId,
    ownerId: input.ownerId,
    templateId: input.templateId,
    versionPolicy: input.versionPolicy,
    recordFilter: input.selectors as unknown as Prisma.InputJsonValue,
  };
}

export async function createProject(viewer: Viewer, input: CreateProjectInput): Promise<{ id: string }> {
  await authorize(viewer, "projects.manage");
  const cover = await checkCover(db, viewer, input.coverUnitIds);
  await checkReferences(db, viewer, input);
  return db.$transaction(async (tx) => {
    const p = await tx.project.create({ data: { ...projectData(input, cover), unitId: viewer.unitId, createdById: viewer.id }, select: { id: true } });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.create", result: "success", targetType: "project", targetId: p.id, details: { title: input.title, type: input.type, cover } });
    return p;
  });
}

/** Finds a managed campaign for a state change: missing or outside is NOT_FOUND, an old version STALE. */
async function managed(tx: Tx | typeof db, viewer: Viewer, id: string, version: number) {
  const p = await tx.project.findFirst({
    where: { id, ...managedProjects(viewer) },
    select: { id: true, version: true, status: true, title: true, templateId: true, coverUnitIds: true, recordFilter: true, dueAt: true, endsOn: true, startedAt: true, versionPolicy: true },
  });
  if (!p) throw notFound();
  if (p.version !== version) throw new AppError("STALE", { key: "projectStale" });
  return p;
}

function refuseUnless(status: ProjectStatusKey, allowed: boolean) {
  if (!allowed) throw new AppError("CONFLICT", { key: "projectWrongStatus", values: { status } });
}

export async function updateProject(viewer: Viewer, input: UpdateProjectInput): Promise<{ id: string }> {
  await authorize(viewer, "projects.manage");
  const cover = await checkCover(db, viewer, input.coverUnitIds);
  await checkReferences(db, viewer, input);
  return db.$transaction(async (tx) => {
    const p = await managed(tx, viewer, input.id, input.version);
    refuseUnless(p.status, managerSteps(p.status).edit);
    const { count } = await tx.project.updateMany({
      where: { id: p.id, version: p.version, status: "DRAFT" },
      data: { ...projectData(input, cover), version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.update", result: "success", targetType: "project", targetId: p.id, details: { title: input.title } });
    return { id: p.id };
  });
}

export async function deleteDraft(viewer: Viewer, input: ProjectRef): Promise<{ id: string }> {
  await authorize(viewer, "projects.manage");
  return db.$transaction(async (tx) => {
    const p = await managed(tx, viewer, input.id, input.version);
    refuseUnless(p.status, managerSteps(p.status).remove);
    const { count } = await tx.project.deleteMany({ where: { id: p.id, version: p.version, status: "DRAFT" } });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.delete", result: "success", targetType: "project", targetId: p.id, details: { title: p.title } });
    return { id: p.id };
  });
}

// --- starting -----------------------------------------------------------------------------------

const arr = (v: readonly (string | number)[] | undefined) => (v ?? []).map(String);

/**
 * One INSERT ... SELECT per selector: every live record of a task's grid that matches
 * becomes an item of that task, with a label copied from the registry. Exported for the
 * demo seed, which lists records exactly the way a start does.
 */
export function itemInsert(projectId: string, s: RecordSelector): Prisma.Sql {
  const task = Prisma.sql`JOIN "ProjectTask" t ON t."gridId" = r."gridId" AND t."projectId" = ${projectId}`;
  const head = Prisma.sql`INSERT INTO "ProjectTaskItem" ("taskId", "kind", "recordId", "label")`;
  switch (s.kind) {
    case "HOUSE": {
      const tenures = arr(s.tenures);
      const uses = arr(s.uses);
      return Prisma.sql`${head}
        SELECT t."id", 'HOUSE'::"ProjectRecordKind", r."id", left(r."address", 200) FROM "House" r ${task}
        WHERE r."deletedAt" IS NULL
          AND (cardinality(${tenures}::text[]) = 0 OR r."tenure"::text = ANY(${tenures}::text[]))
          AND (cardinality(${uses}::text[]) = 0 OR r."use"::text = ANY(${uses}::text[]))`;
    }
    case "PLACE": {
      const categories = arr(s.categories);
      const risks = arr(s.riskLevels);
      return Prisma.sql`${head}
        SELECT t."id", 'PLACE'::"ProjectRecordKind", r."id", left(concat_ws(' · ', r."name", r."address"), 200) FROM "Place" r ${task}
        WHERE r."deletedAt" IS NULL
          AND (cardinality(${categories}::text[]) = 0 OR r."category"::text = ANY(${categories}::text[]))
          AND (cardinality(${risks}::text[]) = 0 OR r."riskLevel"::text = ANY(${risks}::text[]))`;
    }
    case "FACILITY": {
      const types = arr(s.types);
      return Prisma.sql`${head}
        SELECT t."id", 'FACILITY'::"ProjectRecordKind", r."id", left(r."name", 200) FROM "Facility" r ${task}
        WHERE r."deletedAt" IS NULL AND r."status" <> 'DECOMMISSIONED'
          AND (cardinality(${types}::text[]) = 0 OR r."type" = ANY(${types}::text[]))
          AND (${!!s.hazardOnly} = false OR r."isHazard")`;
    }
    case "HOUSEHOLD": {
      const tiers = arr(s.visitTiers);
      return Prisma.sql`${head}
        SELECT t."id", 'HOUSEHOLD'::"ProjectRecordKind", r."id",
          left(concat_ws(' · ', (SELECT m."name" FROM "Resident" m WHERE m."householdId" = r."id" AND m."relationToHead" = 'HEAD' AND m."deletedAt" IS NULL LIMIT 1), coalesce(h."address", r."householdNo")), 200)
        FROM "Household" r LEFT JOIN "House" h ON h."id" = r."houseId" ${task}
        WHERE r."deletedAt" IS NULL
          AND (cardinality(${tiers}::text[]) = 0 OR r."visitTier"::text = ANY(${tiers}::text[]))`;
    }
    case "RESIDENT": {
      const tags = (s.tagIds ?? []).map(Number);
      return Prisma.sql`${head}
        SELECT t."id", 'RESIDENT'::"ProjectRecordKind", r."id", left(concat_ws(' · ', r."name", r."idMasked"), 200) FROM "Resident" r ${task}
        WHERE r."deletedAt" IS NULL
          AND (cardinality(${tags}::int[]) = 0 OR EXISTS (SELECT 1 FROM "ResidentTag" rt WHERE rt."residentId" = r."id" AND rt."tagId" = ANY(${tags}::int[])))`;
    }
  }
}

/** Live grids under any of the cover units and inside the viewer's territory. */
function gridsCovered(viewer: Viewer, cover: number[]): Prisma.Sql {
  return Prisma.sql`SELECT g."id" FROM "Unit" g
    WHERE g."level" = 'GRID' AND g."retiredAt" IS NULL AND g."pathIds" && ${cover}::int[] AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[]`;
}

/**
 * Starts a draft: pins the template's current version, creates one task per grid in
 * scope with the campaign's deadline, lists each task's records (set-based, one
 * statement per kind of record), sets the counters and tells the grids' workers; all in
 * one transaction.
 */
export async function startProject(viewer: Viewer, input: ProjectRef, now = new Date()): Promise<{ id: string; tasks: number; items: number }> {
  await authorize(viewer, "projects.manage");
  return db.$transaction(async (tx) => {
    const p = await managed(tx, viewer, input.id, input.version);
    refuseUnless(p.status, managerSteps(p.status).start);
    if (dayOf(p.endsOn) < todayCst(now)) throw new AppError("VALIDATION", { key: "projectEndsInPast" });
    const template = await tx.formTemplate.findFirst({ where: { id: p.templateId, ...usableTemplates(viewer) }, select: { latestVersionNo: true } });
    if (!template) throw new AppError("VALIDATION", { key: "projectTemplateUnknown" });
    const version = await tx.formTemplateVersion.findUniqueOrThrow({ where: { templateId_no: { templateId: p.templateId, no: template.latestVersionNo } }, select: { id: true } });
    const grids = await tx.$queryRaw<{ id: number }[]>(gridsCovered(viewer, p.coverUnitIds));
    if (!grids.length) throw new AppError("VALIDATION", { key: "projectNoGrids" });
    const { count } = await tx.project.updateMany({
      where: { id: p.id, version: p.version, status: "DRAFT" },
      data: { status: "RUNNING", startedAt: now, templateVersionId: version.id, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await tx.projectTask.createMany({ data: grids.map((g) => ({ projectId: p.id, gridId: g.id, dueAt: p.dueAt })) });
    let items = 0;
    for (const selector of p.recordFilter as unknown as RecordSelector[]) items += await tx.$executeRaw(itemInsert(p.id, selector));
    if (items > 0)
      await tx.$executeRaw`
        UPDATE "ProjectTask" t SET "itemsTotal" = c."n"
        FROM (SELECT i."taskId", count(*)::int AS "n" FROM "ProjectTaskItem" i JOIN "ProjectTask" t2 ON t2."id" = i."taskId" WHERE t2."projectId" = ${p.id} GROUP BY i."taskId") c
        WHERE t."id" = c."taskId"`;
    await tx.$executeRaw`
      INSERT INTO "Notification" ("userId", "kind", "href", "params")
      SELECT u."id", 'projects.assigned', '/projects/tasks/' || t."id", jsonb_build_object('title', ${p.title}::text, 'actor', ${viewer.displayName}::text, 'due', ${dayOf(p.endsOn)}::text)
      FROM "ProjectTask" t JOIN "User" u ON u."unitId" = t."gridId"
      WHERE t."projectId" = ${p.id} AND u."enabled" AND u."id" <> ${viewer.id} AND ${FILLERS}`;
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.start", result: "success", targetType: "project", targetId: p.id, details: { tasks: grids.length, items, versionId: version.id } });
    return { id: p.id, tasks: grids.length, items };
  }, TX);
}

export async function extendProject(viewer: Viewer, input: ExtendProjectInput): Promise<{ id: string }> {
  await authorize(viewer, "projects.manage");
  return db.$transaction(async (tx) => {
    const p = await managed(tx, viewer, input.id, input.version);
    refuseUnless(p.status, managerSteps(p.status).extend);
    if (input.endsOn <= dayOf(p.endsOn)) throw new AppError("VALIDATION", { key: "projectExtendEarlier" }, { endsOn: "validation.projectExtendEarlier" });
    const dueAt = endOfDay(input.endsOn);
    const { count } = await tx.project.updateMany({
      where: { id: p.id, version: p.version, status: "RUNNING" },
      data: { endsOn: new Date(`${input.endsOn}T00:00:00Z`), dueAt, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await tx.projectTask.updateMany({ where: { projectId: p.id }, data: { dueAt } });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.extend", result: "success", targetType: "project", targetId: p.id, details: { endsOn: [dayOf(p.endsOn), input.endsOn] } });
    return { id: p.id };
  });
}

export async function closeProject(viewer: Viewer, input: CloseProjectInput, now = new Date()): Promise<{ id: string }> {
  await authorize(viewer, "projects.manage");
  return db.$transaction(async (tx) => {
    const p = await managed(tx, viewer, input.id, input.version);
    refuseUnless(p.status, managerSteps(p.status).close);
    const { count } = await tx.project.updateMany({
      where: { id: p.id, version: p.version, status: "RUNNING" },
      data: { status: "CLOSED", closedAt: now, closingNote: input.note || null, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("STALE", { key: "projectStale" });
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.close", result: "success", targetType: "project", targetId: p.id, details: { note: input.note } });
    return { id: p.id };
  });
}

/**
 * Reminds the workers of late grids (lib/projects/permissions.ts isLate) with an in-app
 * notification; a grid reminded in the last 12 hours is skipped, so pressing twice does
 * not double the notices.
 */
export async function remindLate(viewer: Viewer, input: { id: string }, now = new Date()): Promise<{ grids: number; users: number }> {
  await authorize(viewer, "projects.manage");
  const p = await db.project.findFirst({ where: { id: input.id, ...managedProjects(viewer) }, select: { id: true, status: true, title: true, startedAt: true, endsOn: true } });
  if (!p) throw notFound();
  refuseUnless(p.status, managerSteps(p.status).remind);
  const tasks = await db.projectTask.findMany({
    where: { projectId: p.id, status: "OPEN", grid: unitsWithin(viewer) },
    select: { id: true, status: true, dueAt: true, itemsTotal: true, itemsChecked: true, submissionCount: true, remindedAt: true },
  });
  const late = tasks.filter((t) => isLate(t, p.startedAt ?? now, now) && canRemindAgain(t.remindedAt, now)).map((t) => t.id);
  if (!late.length) return { grids: 0, users: 0 };
  return db.$transaction(async (tx) => {
    // Claim the grids first: of two managers pressing at once, each grid is reminded by one.
    const claimed = (
      await tx.$queryRaw<{ id: string }[]>`
        UPDATE "ProjectTask" SET "remindedAt" = ${now}, "remindCount" = "remindCount" + 1
        WHERE "id" = ANY(${late}::text[]) AND ("remindedAt" IS NULL OR "remindedAt" <= ${new Date(now.getTime() - REMIND_INTERVAL_MS)})
        RETURNING "id"`
    ).map((r) => r.id);
    if (!claimed.length) return { grids: 0, users: 0 };
    const users = await tx.$executeRaw`
      INSERT INTO "Notification" ("userId", "kind", "href", "params")
      SELECT u."id", 'projects.reminder', '/projects/tasks/' || t."id",
        jsonb_build_object('title', ${p.title}::text, 'actor', ${viewer.displayName}::text, 'due', ${dayOf(p.endsOn)}::text, 'checked', t."itemsChecked", 'total', t."itemsTotal")
      FROM "ProjectTask" t JOIN "User" u ON u."unitId" = t."gridId"
      WHERE t."id" = ANY(${claimed}::text[]) AND u."enabled" AND ${FILLERS}`;
    await writeAudit(tx, { ...auditActor(viewer), action: "projects.remind", result: "success", targetType: "project", targetId: p.id, details: { grids: claimed.length, users } });
    return { grids: claimed.length, users };
  });
}

/** How many records each selector would list over the cover units: the form's preview. */
export async function countRecords(viewer: Viewer, input: CountRecordsInput): Promise<{ grids: number; counts: number[] }> {
  await authorize(viewer, "projects.manage");
  const cover = await checkCover(db, viewer, input.coverUnitIds);
  const grids = Prisma.sql`(${gridsCovered(viewer, cover)})`;
  const [g] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM ${grids} x`;
  const counts: number[] = [];
  for (const s of input.selectors) counts.push(await countSelector(grids, s));
  return { grids: g.n, counts };
}

async function countSelector(grids: Prisma.Sql, s: RecordSelector): Promise<number> {
  const inGrids = Prisma.sql`r."gridId" IN ${grids}`;
  let q: Prisma.Sql;
  switch (s.kind) {
    case "HOUSE":
      q = Prisma.sql`SELECT count(*)::int AS "n" FROM "House" r WHERE r."deletedAt" IS NULL AND ${inGrids}
        AND (cardinality(${arr(s.tenures)}::text[]) = 0 OR r."tenure"::text = ANY(${arr(s.tenures)}::text[]))
        AND (cardinality(${arr(s.uses)}::text[]) = 0 OR r."use"::text = ANY(${arr(s.uses)}::text[]))`;
      break;
    case "PLACE":
      q = Prisma.sql`SELECT count(*)::int AS "n" FROM "Place" r WHERE r."deletedAt" IS NULL AND ${inGrids}
        AND (cardinality(${arr(s.categories)}::text[]) = 0 OR r."category"::text = ANY(${arr(s.categories)}::text[]))
        AND (cardinality(${arr(s.riskLevels)}::text[]) = 0 OR r."riskLevel"::text = ANY(${arr(s.riskLevels)}::text[]))`;
      break;
    case "FACILITY":
      q = Prisma.sql`SELECT count(*)::int AS "n" FROM "Facility" r WHERE r."deletedAt" IS NULL AND r."status" <> 'DECOMMISSIONED' AND ${inGrids}
        AND (cardinality(${arr(s.types)}::text[]) = 0 OR r."type" = ANY(${arr(s.types)}::text[]))
        AND (${!!s.hazardOnly} = false OR r."isHazard")`;
      break;
    case "HOUSEHOLD":
      q = Prisma.sql`SELECT count(*)::int AS "n" FROM "Household" r WHERE r."deletedAt" IS NULL AND ${inGrids}
        AND (cardinality(${arr(s.visitTiers)}::text[]) = 0 OR r."visitTier"::text = ANY(${arr(s.visitTiers)}::text[]))`;
      break;
    case "RESIDENT": {
      const tags = (s.tagIds ?? []).map(Number);
      q = Prisma.sql`SELECT count(*)::int AS "n" FROM "Resident" r WHERE r."deletedAt" IS NULL AND ${inGrids}
        AND (cardinality(${tags}::int[]) = 0 OR EXISTS (SELECT 1 FROM "ResidentTag" rt WHERE rt."residentId" = r."id" AND rt."tagId" = ANY(${tags}::int[])))`;
      break;
    }
  }
  const [row] = await db.$queryRaw<{ n: number }[]>(q);
  return row.n;
}

// --- reading ----------------------------------------------------------------------------------

export interface ProjectSummary {
  id: string;
  title: string;
  type: string;
  status: ProjectStatusKey;
  startsOn: string;
  endsOn: string;
  unitName: string;
  tasks: number;
  done: number;
  overdue: number;
  itemsTotal: number;
  itemsChecked: number;
  submissions: number;
  findings: number;
  /** The viewer's own task (grid workers). */
  myTaskId: string | null;
}

/** Campaigns the viewer sees, with their progress inside the viewer's territory. */
export async function listProjects(viewer: Viewer, query: { status?: ProjectStatusKey } = {}, now = new Date()): Promise<ProjectSummary[]> {
  await authorize(viewer, "projects.view");
  const rows = await db.project.findMany({
    where: { ...visibleProjects(viewer), ...(query.status ? { status: query.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, title: true, type: true, status: true, startsOn: true, endsOn: true, unit: { select: { name: true } } },
  });
  const ids = rows.map((r) => r.id);
  const stats = ids.length
    ? await db.$queryRaw<{ projectId: string; tasks: number; done: number; overdue: number; total: number; checked: number; submissions: number; findings: number; mine: string | null }[]>`
        SELECT t."projectId", count(*)::int AS "tasks",
          count(*) FILTER (WHERE t."status" = 'DONE')::int AS "done",
          count(*) FILTER (WHERE t."status" = 'OPEN' AND t."dueAt" < ${now})::int AS "overdue",
          coalesce(sum(t."itemsTotal"), 0)::int AS "total", coalesce(sum(t."itemsChecked"), 0)::int AS "checked",
          coalesce(sum(t."submissionCount"), 0)::int AS "submissions", coalesce(sum(t."findingCount"), 0)::int AS "findings",
          min(t."id") FILTER (WHERE t."gridId" = ${viewer.unitId}) AS "mine"
        FROM "ProjectTask" t JOIN "Unit" g ON g."id" = t."gridId"
        WHERE t."projectId" = ANY(${ids}::text[]) AND g."pathIds" @> ARRAY[${viewer.unitId}]::int[]
        GROUP BY t."projectId"`
    : [];
  const by = new Map(stats.map((s) => [s.projectId, s]));
  return rows.map((r) => {
    const s = by.get(r.id);
    return {
      id: r.id,
      title: r.title,
      type: r.type,
      status: r.status,
      startsOn: dayOf(r.startsOn),
      endsOn: dayOf(r.endsOn),
      unitName: r.unit.name,
      tasks: s?.tasks ?? 0,
      done: s?.done ?? 0,
      overdue: s?.overdue ?? 0,
      itemsTotal: s?.total ?? 0,
      itemsChecked: s?.checked ?? 0,
      submissions: s?.submissions ?? 0,
      findings: s?.findings ?? 0,
      myTaskId: s?.mine ?? null,
    };
  });
}

const NO_STEPS = { edit: false, start: false, remind: false, extend: false, close: false, remove: false };

export async function getProject(viewer: Viewer, id: string) {
  await authorize(viewer, "projects.view");
  const p = await db.project.findFirst({
    where: { id, ...visibleProjects(viewer) },
    select: {
      id: true,
      title: true,
      type: true,
      description: true,
      status: true,
      version: true,
      startsOn: true,
      endsOn: true,
      dueAt: true,
      startedAt: true,
      closedAt: true,
      closingNote: true,
      coverUnitIds: true,
      versionPolicy: true,
      recordFilter: true,
      createdAt: true,
      unit: { select: { name: true, pathIds: true } },
      leadDepartment: { select: { name: true, nameEn: true } },
      owner: { select: { displayName: true } },
      template: { select: { id: true, name: true, latestVersionNo: true } },
      templateVersion: { select: { no: true } },
    },
  });
  if (!p) throw notFound();
  const cover = await db.unit.findMany({ where: { id: { in: p.coverUnitIds } }, select: { id: true, name: true, level: true }, orderBy: { code: "asc" } });
  const manages = can(viewer, "projects.manage") && inside(viewer, p.unit.pathIds);
  const myTask = await db.projectTask.findFirst({ where: { projectId: p.id, gridId: viewer.unitId }, select: { id: true } });
  return {
    ...p,
    startsOn: dayOf(p.startsOn),
    endsOn: dayOf(p.endsOn),
    selectors: p.recordFilter as unknown as RecordSelector[],
    unitName: p.unit.name,
    cover,
    manages,
    steps: manages ? managerSteps(p.status) : NO_STEPS,
    canExport: can(viewer, "projects.export") && p.status !== "DRAFT",
    myTaskId: myTask?.id ?? null,
    /** The version forms are filled in with now. */
    formVersionNo: p.status === "DRAFT" ? null : p.versionPolicy === "LATEST" ? p.template.latestVersionNo : (p.templateVersion?.no ?? null),
  };
}

/** A draft's fields for the edit form. */
export async function getProjectForEdit(viewer: Viewer, id: string) {
  await authorize(viewer, "projects.manage");
  const p = await db.project.findFirst({
    where: { id, ...managedProjects(viewer), status: "DRAFT" },
    select: { id: true, version: true, title: true, type: true, description: true, startsOn: true, endsOn: true, coverUnitIds: true, leadDepartmentId: true, ownerId: true, templateId: true, versionPolicy: true, recordFilter: true },
  });
  if (!p) throw notFound();
  const { recordFilter, ...rest } = p;
  return { ...rest, startsOn: dayOf(p.startsOn), endsOn: dayOf(p.endsOn), selectors: recordFilter as unknown as RecordSelector[] };
}

// --- the progress board ---------------------------------------------------------------------

export interface BoardRow {
  unitId: number;
  name: string;
  level: string;
  /** For a grid: its task, to open. */
  taskId: string | null;
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

type RawRow = Omit<BoardRow, "name" | "level" | "taskId"> & { unitId: number | null };

/**
 * The progress of one campaign below one unit, one row per child unit, summed in SQL from
 * the per-task counters (one row per grid) grouped by the child on each grid's unit path.
 * Events closed come from the dispatch module's events the findings became.
 */
export async function getBoard(viewer: Viewer, projectId: string, unitId?: number, now = new Date()) {
  await authorize(viewer, "projects.view");
  const p = await db.project.findFirst({ where: { id: projectId, ...visibleProjects(viewer) }, select: { id: true, status: true, coverUnitIds: true } });
  if (!p) throw notFound();
  const wanted = unitId ?? (p.coverUnitIds.length === 1 ? p.coverUnitIds[0] : viewer.unitId);
  let root = await db.unit.findFirst({ where: { id: wanted, ...unitsWithin(viewer) }, select: { id: true, name: true, level: true, depth: true, pathIds: true } });
  if (!root && unitId === undefined) root = await db.unit.findUnique({ where: { id: viewer.unitId }, select: { id: true, name: true, level: true, depth: true, pathIds: true } });
  if (!root) throw notFound();
  const child = root.depth + 2;
  const rows = await db.$queryRaw<(RawRow & { isTotal: number })[]>`
    WITH t AS (
      SELECT t."id", t."status", t."dueAt", t."itemsTotal", t."itemsChecked", t."submissionCount", t."findingCount", t."eventCount", g."pathIds"[${child}] AS "childId"
      FROM "ProjectTask" t JOIN "Unit" g ON g."id" = t."gridId"
      WHERE t."projectId" = ${p.id} AND g."pathIds" @> ARRAY[${root.id}]::int[]
    ), closed AS (
      SELECT f."taskId", count(*)::int AS "n" FROM "ProjectFinding" f JOIN "Event" e ON e."id" = f."eventId"
      WHERE f."projectId" = ${p.id} AND NOT e."isOpen" GROUP BY f."taskId"
    )
    SELECT t."childId" AS "unitId", GROUPING(t."childId")::int AS "isTotal",
      count(*)::int AS "tasks",
      count(*) FILTER (WHERE t."status" = 'DONE')::int AS "done",
      count(*) FILTER (WHERE t."status" = 'OPEN' AND t."dueAt" < ${now})::int AS "overdue",
      coalesce(sum(t."itemsTotal"), 0)::int AS "itemsTotal",
      coalesce(sum(t."itemsChecked"), 0)::int AS "itemsChecked",
      coalesce(sum(t."submissionCount"), 0)::int AS "submissions",
      coalesce(sum(t."findingCount"), 0)::int AS "findings",
      coalesce(sum(t."eventCount"), 0)::int AS "events",
      coalesce(sum(c."n"), 0)::int AS "eventsClosed"
    FROM t LEFT JOIN closed c ON c."taskId" = t."id"
    GROUP BY GROUPING SETS ((t."childId"), ())`;
  const totalRaw = rows.find((r) => r.isTotal === 1);
  const childRows = rows.filter((r) => r.isTotal === 0 && r.unitId !== null);
  const ids = childRows.map((r) => r.unitId as number);
  const [units, gridTasks, crumbs] = await Promise.all([
    db.unit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, level: true, sortOrder: true, code: true } }),
    db.projectTask.findMany({ where: { projectId: p.id, gridId: { in: [...ids, root.id] } }, select: { id: true, gridId: true } }),
    db.unit.findMany({ where: { id: { in: root.pathIds.slice(Math.max(0, root.pathIds.indexOf(viewer.unitId))) } }, select: { id: true, name: true, depth: true } }),
  ]);
  const unitBy = new Map(units.map((u) => [u.id, u]));
  const taskBy = new Map(gridTasks.map((t) => [t.gridId, t.id]));
  const order = (a: BoardRow, b: BoardRow) => {
    const ua = unitBy.get(a.unitId)!;
    const ub = unitBy.get(b.unitId)!;
    return ua.sortOrder - ub.sortOrder || ua.code.localeCompare(ub.code);
  };
  const empty = { tasks: 0, done: 0, overdue: 0, itemsTotal: 0, itemsChecked: 0, submissions: 0, findings: 0, events: 0, eventsClosed: 0 };
  const { unitId: _u, isTotal: _t, ...totals } = totalRaw ?? { unitId: null, isTotal: 1, ...empty };
  return {
    status: p.status,
    root: { id: root.id, name: root.name, level: root.level, taskId: root.level === "GRID" ? (taskBy.get(root.id) ?? null) : null },
    crumbs: crumbs.sort((a, b) => a.depth - b.depth).map((c) => ({ id: c.id, name: c.name })),
    totals,
    rows: childRows
      .map((r) => {
        const u = unitBy.get(r.unitId as number)!;
        const { isTotal: _t, ...counts } = r;
        return { ...counts, unitId: r.unitId as number, name: u.name, level: u.level, taskId: u.level === "GRID" ? (taskBy.get(u.id) ?? null) : null };
      })
      .sort(order),
  };
}

// --- findings ---------------------------------------------------------------------------------

export const FINDINGS_PAGE = 30;

/** The campaign's findings inside the viewer's territory, newest first (keyset by time and id). */
export async function listFindings(viewer: Viewer, projectId: string, query: FindingsQuery) {
  await authorize(viewer, "projects.view");
  const p = await db.project.findFirst({ where: { id: projectId, ...visibleProjects(viewer) }, select: { id: true } });
  if (!p) throw notFound();
  let after: Prisma.ProjectFindingWhereInput = {};
  if (query.cursor) {
    const [at, id] = query.cursor.split("_");
    const when = new Date(Number(at));
    if (!Number.isNaN(when.getTime()) && id) after = { OR: [{ createdAt: { lt: when } }, { createdAt: when, id: { lt: id } }] };
  }
  const rows = await db.projectFinding.findMany({
    where: {
      projectId: p.id,
      voidedAt: null,
      ...(query.open ? { eventId: null } : {}),
      ...after,
      gridId: { in: (await db.projectTask.findMany({ where: { projectId: p.id, grid: unitsWithin(viewer) }, select: { gridId: true } })).map((t) => t.gridId) },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: FINDINGS_PAGE + 1,
    select: { id: true, fieldLabel: true, answer: true, recordLabel: true, eventId: true, eventNo: true, createdAt: true, gridId: true, submissionId: true },
  });
  const page = rows.slice(0, FINDINGS_PAGE);
  const [grids, events] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(page.map((r) => r.gridId))] } }, select: { id: true, name: true } }),
    db.event.findMany({ where: { id: { in: page.flatMap((r) => (r.eventId ? [r.eventId] : [])) } }, select: { id: true, state: true } }),
  ]);
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const stateOf = new Map(events.map((e) => [e.id, e.state]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, gridName: gridName.get(r.gridId) ?? "", eventState: r.eventId ? (stateOf.get(r.eventId) ?? null) : null })),
    nextCursor: rows.length > FINDINGS_PAGE && last ? `${last.createdAt.getTime()}_${last.id}` : null,
  };
}

/** Where a finding is shown: its submission (the dispatch event page links here). */
export async function findingSubmission(viewer: Viewer, findingId: string): Promise<string> {
  await authorize(viewer, "projects.view");
  const f = await db.projectFinding.findFirst({ where: { id: findingId, submission: { task: { grid: unitsWithin(viewer) } } }, select: { submissionId: true } });
  if (!f) throw notFound();
  return f.submissionId;
}
