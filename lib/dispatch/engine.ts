import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { can } from "@/lib/permissions";
import { newId } from "@/lib/people/bulk";
import { writeAudit } from "@/lib/server/audit";
import { auditActor, type Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { attachStaged, withUploads, type StagedFile } from "@/lib/server/files";
import type { Db, Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { dispatchConfig, stageWindow, type DispatchConfig } from "./config";
import type { DeadlineWindow } from "./deadlines";
import { afterCommit, handlersOf, notificationSql, type NoticeInput, type NotificationKind, type Recipients } from "./effects";
import {
  ACTION_SPECS,
  OPEN_TASK_STATES,
  guard,
  holderLevelOf,
  isOpenState,
  nextState,
  nextTaskState,
  rankOf,
  resolvedLevelOf,
  sideTasks,
  type ActionInput,
  type Actor,
  type EventAction,
  type EventFacts,
  type EventSource,
  type EventState,
  type GuardFailure,
  type ResolvedLevel,
  type TaskFacts,
  type TaskState,
  type UnitLevel,
} from "./workflow";

// The transition engine: one function, `transition`, runs every change of an event. It
// reads the event through the caller's scope with one statement, compares versions, asks
// the state machine, and writes with one statement: the event locked at the version it
// read, the conditional update of the event (and of the task), the deadline rows, one
// timeline entry, the notifications and the audit row, all or nothing. Actions differ only
// in their `plan`, which validates their own input and adds their own writes; a plan that
// reads or writes on its own runs inside an interactive transaction instead.

export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

// --- who and where ------------------------------------------------------------------

export interface ActorInfo {
  id: string | null;
  name: string;
  role: string;
  departmentId: number | null;
  machine: Actor | "SYSTEM";
  /** For the audit row: the sign-in name, the role as assigned (custom roles included), the address. */
  username: string | null;
  roleKey: string;
  ip: string | null;
}

export function actorOf(viewer: Viewer): ActorInfo {
  const audit = auditActor(viewer);
  return {
    id: viewer.id,
    name: viewer.displayName,
    role: viewer.role,
    departmentId: viewer.departmentId,
    machine: { id: viewer.id, role: viewer.role, unitId: viewer.unitId, departmentId: viewer.departmentId },
    username: audit.username,
    roleKey: audit.role,
    ip: audit.ip,
  };
}

export const SYSTEM: ActorInfo = { id: null, name: "系统", role: "SYSTEM", departmentId: null, machine: "SYSTEM", username: null, roleKey: "SYSTEM", ip: null };

/**
 * Events the viewer may see: those of grids in their territory; for department staff
 * only those ever dispatched to their own department.
 */
export function eventScope(viewer: Pick<Viewer, "unitId" | "role" | "departmentId">): Prisma.EventWhereInput {
  if (viewer.role === "DEPARTMENT_STAFF") return { ...inTerritory(viewer), tasks: { some: { departmentId: viewer.departmentId ?? -1 } } };
  return inTerritory(viewer);
}

/** Sources whose reporter sits at the county: feedback goes through the center. */
export function feedbackAtCounty(source: EventSource): boolean {
  return source === "CENTER_INTAKE" || source === "LEADER_ASSIGNMENT" || source === "PROJECT_FINDING";
}

export const EVENT_FIELDS = {
  id: true,
  no: true,
  title: true,
  source: true,
  state: true,
  version: true,
  holderUnitId: true,
  reporterId: true,
  urgency: true,
  reopenCount: true,
  superviseGrade: true,
  resolvedLevel: true,
  gridId: true,
  categoryId: true,
  leadDepartmentId: true,
  dueAt: true,
  warnAt: true,
} satisfies Prisma.EventSelect;
export type LoadedEvent = Prisma.EventGetPayload<{ select: typeof EVENT_FIELDS }>;

export const TASK_FIELDS = {
  id: true,
  eventId: true,
  departmentId: true,
  isLead: true,
  round: true,
  state: true,
  version: true,
  dueAt: true,
  warnAt: true,
  acceptDueAt: true,
  extensionUntil: true,
} satisfies Prisma.DispatchTaskSelect;
export type LoadedTask = Prisma.DispatchTaskGetPayload<{ select: typeof TASK_FIELDS }>;

export function factsOf(e: Pick<LoadedEvent, "state" | "holderUnitId" | "reporterId" | "urgency" | "reopenCount" | "superviseGrade" | "resolvedLevel" | "source">): EventFacts {
  return {
    state: e.state,
    holderUnitId: e.holderUnitId,
    holderLevel: holderLevelOf(e.state, feedbackAtCounty(e.source)),
    reporterId: e.reporterId,
    urgency: e.urgency,
    reopenCount: e.reopenCount,
    superviseGrade: e.superviseGrade,
    resolvedLevel: e.resolvedLevel as ResolvedLevel | null,
  };
}

export function taskFactsOf(t: Pick<LoadedTask, "id" | "departmentId" | "isLead" | "state" | "extensionUntil">): TaskFacts {
  return { id: t.id, departmentId: t.departmentId, isLead: t.isLead, state: t.state, extensionPending: t.extensionUntil !== null };
}

export type LevelUnits = Partial<Record<UnitLevel, number>>;

/** The units above a grid by level (the grid itself included). */
export async function levelUnits(client: Tx | typeof db, gridId: number): Promise<LevelUnits> {
  const rows = await client.$queryRaw<{ id: number; level: UnitLevel }[]>`
    SELECT u."id", u."level"::text AS "level" FROM "Unit" g JOIN "Unit" u ON u."id" = ANY(g."pathIds") WHERE g."id" = ${gridId}`;
  const out: LevelUnits = {};
  for (const r of rows) out[r.level] = r.id;
  return out;
}

/** Which unit holds an event in a state. */
export function holderFor(state: EventState, source: EventSource, units: LevelUnits): number | null {
  const level = holderLevelOf(state, feedbackAtCounty(source));
  return level ? (units[level] ?? null) : null;
}

// --- errors --------------------------------------------------------------------------

export interface EntryFields {
  eventId: string;
  gridId: number;
  taskId?: string | null;
  action: string;
  actor: ActorInfo;
  fromState: EventState | null;
  toState: EventState | null;
  taskFromState?: TaskState | null;
  taskToState?: TaskState | null;
  comment?: string | null;
  reply?: string | null;
  internal?: boolean;
  data?: Record<string, unknown>;
  requestKey?: string | null;
  at: Date;
}

/**
 * The INSERT of one timeline entry, as INSERT ... SELECT so that `from` can make it depend
 * on an earlier part of the same statement. The county (for the board's change token)
 * comes from the grid inside the statement.
 */
function entrySql(f: EntryFields, from: Prisma.Sql = Prisma.empty): Prisma.Sql {
  const data = f.data && Object.keys(f.data).length ? JSON.stringify(f.data) : null;
  return Prisma.sql`
    INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "taskId", "action", "actorId", "actorName", "actorRole", "actorDepartmentId",
      "fromState", "toState", "taskFromState", "taskToState", "comment", "reply", "internal", "data", "requestKey", "at")
    SELECT ${f.eventId}::text, COALESCE((SELECT "pathIds"[1] FROM "Unit" WHERE "id" = ${f.gridId}::int), 0), ${f.taskId ?? null}::text, ${f.action}::text,
      ${f.actor.id}::text, ${f.actor.name}::text, ${f.actor.role}::text, ${f.actor.departmentId}::int,
      ${f.fromState}::"EventState", ${f.toState}::"EventState", ${f.taskFromState ?? null}::"DispatchTaskState", ${f.taskToState ?? null}::"DispatchTaskState",
      ${f.comment ?? null}::text, ${f.reply ?? null}::text, ${f.internal ?? false}::boolean, ${data}::jsonb, ${f.requestKey ?? null}::text,
      (${f.at.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    ${from}`;
}

/** Appends one timeline entry. A repeated request key is a CONFLICT with key dispatchRepeated. */
export async function insertEntry(tx: Tx, f: EntryFields): Promise<bigint> {
  try {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`${entrySql(f)} RETURNING "id"`;
    return rows[0].id;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "dispatchRepeated" });
    throw err;
  }
}

const STAMP = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });

/** "This event changed, here is what happened": STALE with the latest timeline entry. */
export async function staleError(client: Tx | typeof db, eventId: string): Promise<AppError> {
  const last = await client.eventTimelineEntry.findFirst({
    where: { eventId },
    orderBy: { id: "desc" },
    select: { action: true, actorName: true, at: true, toState: true },
  });
  if (!last) return new AppError("STALE");
  return new AppError("STALE", { key: "dispatchStale", values: { actor: last.actorName, action: last.action, at: STAMP.format(last.at) } });
}

export function guardError(reason: GuardFailure, state: EventState): AppError {
  switch (reason) {
    case "role":
      return new AppError("FORBIDDEN");
    case "direct":
      return new AppError("CONFLICT", { key: "dispatchDirectNotUrgent" });
    case "reopenUsed":
      return new AppError("CONFLICT", { key: "dispatchReopenUsed" });
    case "rating":
      return new AppError("VALIDATION", { key: "dispatchReopenRating" }, { rating: "validation.dispatchReopenRating" });
    case "extension":
      return new AppError("CONFLICT", { key: "dispatchExtensionState" });
    case "grade":
      return new AppError("VALIDATION", undefined, { grade: "validation.dispatchGrade" });
    case "holder":
      return new AppError("CONFLICT", { key: "dispatchNotYourDesk", values: { state } });
    case "task":
      return new AppError("CONFLICT", { key: "dispatchTaskNotYours" });
    default:
      return new AppError("CONFLICT", { key: "dispatchNotAllowed", values: { state } });
  }
}

// --- deadlines -------------------------------------------------------------------------

/** The event-level clock of a state: the territorial desk handles, the center accepts or verifies. */
export function eventStageOf(state: EventState): { stage: "ACCEPT" | "HANDLE" | "VERIFY"; holder: "UNIT" } | null {
  switch (state) {
    case "REPORTED":
    case "AT_COMMUNITY":
    case "AT_TOWNSHIP":
      return { stage: "HANDLE", holder: "UNIT" };
    case "AT_CENTER":
    case "ACCEPTED":
      return { stage: "ACCEPT", holder: "UNIT" };
    case "REVIEW":
      return { stage: "VERIFY", holder: "UNIT" };
    default:
      return null;
  }
}

const RUNNING: Prisma.EventDeadlineWhereInput["status"] = { in: ["ACTIVE", "FIRING"] };

/** Stops running deadlines (for plans' own writes; the engine stops its own in its statement). */
export async function stopDeadlines(tx: Tx, where: Prisma.EventDeadlineWhereInput, status: "MET" | "CANCELLED", now: Date): Promise<void> {
  await tx.eventDeadline.updateMany({ where: { ...where, status: RUNNING }, data: { status, closedAt: now, lockedBy: null, lockedUntil: null } });
}

// --- the transition ------------------------------------------------------------------

/** Fields a plan may add to the event's update (the engine sets state, version, holder and clock). */
export interface EventPatch {
  mergedIntoId?: string;
  leadDepartmentId?: number | null;
  rating?: number;
  reopenCount?: { increment: number };
  superviseGrade?: number;
  rank?: number;
}

/** Fields a plan may add to the task's update (the engine sets state and version). */
export interface TaskPatch {
  extensionUntil?: Date | null;
  dueAt?: Date;
  warnAt?: Date;
}

export interface PlanContext {
  now: Date;
  config: DispatchConfig;
  actor: ActorInfo;
  event: LoadedEvent;
  task: LoadedTask | null;
  /** Every task of the event, oldest first (loaded only when `needsTasks`). */
  tasks: LoadedTask[];
  to: EventState | null;
  taskTo: TaskState | null;
  /** Units above the event's grid (read with the event). */
  units(): Promise<LevelUnits>;
}

/** The context of a plan that runs inside the transition's interactive transaction. */
export interface TxPlanContext extends PlanContext {
  tx: Tx;
}

export interface PlanResult {
  /** Extra fields for the event's conditional update. */
  event?: EventPatch;
  /**
   * For annotations: the event's update applies only while its supervision grade is below
   * this (supervision only ever raises it); matching no row then is not a conflict.
   */
  eventOnlyIfGradeBelow?: number;
  /** Extra fields for the task's conditional update. */
  task?: TaskPatch;
  /** Structured details for the timeline entry. */
  data?: Record<string, unknown>;
  /** The deadline that decides the event's light from now on (undefined: keep / derive). */
  eventWindow?: DeadlineWindow | null;
  /** Who to tell, and what. */
  notices?: { kind: NotificationKind; to: Recipients; comment?: string | null }[];
  earliestDue?: Date | null;
}

export interface TxPlanResult extends PlanResult {
  /** Writes that need the new timeline entry's id (in the same transaction). */
  after?: (entryId: bigint) => Promise<void>;
}

interface RequestBase {
  action: EventAction;
  eventId?: string;
  taskId?: string;
  /** The version the caller saw: the event's for event actions, the task's for task actions. */
  version?: number;
  /** For annotations: makes a retry or double click count once. */
  requestKey?: string;
  input?: ActionInput;
  comment?: string | null;
  reply?: string | null;
  internal?: boolean;
  photos?: unknown[];
  /** Load all tasks of the event for the plan. */
  needsTasks?: boolean;
  now?: Date;
}

/**
 * A transition whose plan only decides (no reads or writes of its own) is `direct`: it is
 * read with one statement and written with one statement, which is its own transaction
 * (see `transition`). Any other plan runs inside an interactive transaction with `tx`.
 */
export type TransitionRequest = RequestBase &
  (
    | { direct: true; plan?: (ctx: PlanContext) => Promise<PlanResult | void> }
    | {
        direct?: false;
        plan?: (ctx: TxPlanContext) => Promise<TxPlanResult | void>;
        /** For the timer: the caller already holds the transaction (and the event's row lock). */
        tx?: Tx;
      }
  );

export interface TransitionResult {
  id: string;
  no: number;
  version: number;
  state: EventState;
  taskVersion?: number;
  entryId: string;
  /** True when a retried request found its earlier result. */
  repeated?: boolean;
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const x = e as { code?: string; meta?: { code?: string }; message?: string; cause?: unknown };
    if (x.code === "P2002" || x.code === "23505" || x.meta?.code === "23505") return true;
    if (typeof x.message === "string" && /23505|unique constraint/i.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

async function findRepeat(actorId: string | null, requestKey: string | undefined): Promise<TransitionResult | null> {
  if (!actorId || !requestKey) return null;
  const entry = await db.eventTimelineEntry.findUnique({
    where: { actorId_requestKey: { actorId, requestKey } },
    select: { id: true, event: { select: { id: true, no: true, version: true, state: true } } },
  });
  return entry ? { ...entry.event, entryId: String(entry.id), repeated: true } : null;
}

// --- SQL pieces ------------------------------------------------------------------------

/** A timestamp parameter for the `timestamp(3)` columns, which hold UTC. */
function ts(d: Date | null | undefined): Prisma.Sql {
  return d ? Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')` : Prisma.sql`NULL`;
}

/**
 * eventScope() as SQL over the event alias `e`: the same two conditions (the grid lies in
 * the viewer's territory; for department staff, a task of their department exists). An
 * empty scope (the system) is TRUE; any other shape is refused rather than ignored.
 */
export function scopeSql(scope: Prisma.EventWhereInput): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(scope)) {
    const unitId = key === "grid" ? (value as { pathIds?: { has?: unknown } }).pathIds?.has : undefined;
    const departmentId = key === "tasks" ? (value as { some?: { departmentId?: unknown } }).some?.departmentId : undefined;
    if (typeof unitId === "number") parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "Unit" sg WHERE sg."id" = e."gridId" AND sg."pathIds" @> ARRAY[${unitId}::int])`);
    else if (typeof departmentId === "number")
      parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "DispatchTask" st WHERE st."eventId" = e."id" AND st."departmentId" = ${departmentId}::int)`);
    else throw new Error(`transition scope: unsupported condition "${key}"`);
  }
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

interface LoadedRow {
  id: string;
  no: number;
  title: string;
  source: EventSource;
  state: EventState;
  version: number;
  holderUnitId: number | null;
  reporterId: string;
  urgency: LoadedEvent["urgency"];
  reopenCount: number;
  superviseGrade: number;
  resolvedLevel: string | null;
  gridId: number;
  categoryId: number;
  leadDepartmentId: number | null;
  dueAt: Date | null;
  warnAt: Date | null;
  levels: unknown;
  taskId?: string;
  taskEventId?: string;
  taskDepartmentId?: number;
  taskIsLead?: boolean;
  taskRound?: number;
  taskState?: TaskState;
  taskVersion?: number;
  taskDueAt?: Date;
  taskWarnAt?: Date;
  taskAcceptDueAt?: Date;
  taskExtensionUntil?: Date | null;
  tasks?: unknown;
}

type JsonTask = Omit<LoadedTask, "dueAt" | "warnAt" | "acceptDueAt" | "extensionUntil"> & { dueAt: string; warnAt: string; acceptDueAt: string; extensionUntil: string | null };

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
// json_build_object writes a timestamp without its zone; the columns hold UTC.
const utcDate = (s: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);

interface Loaded {
  event: LoadedEvent;
  task: LoadedTask | null;
  tasks: LoadedTask[];
  units: LevelUnits;
}

/**
 * Step 1, one statement: the event (through the task for task actions) within the scope,
 * the units above its grid, and when asked all its tasks.
 */
async function loadForTransition(client: Db | Tx, scope: Prisma.EventWhereInput, req: { eventId?: string; taskId?: string; needsTasks?: boolean }, byTask: boolean): Promise<Loaded | null> {
  const taskColumns = byTask
    ? Prisma.sql`, t."id" AS "taskId", t."eventId" AS "taskEventId", t."departmentId" AS "taskDepartmentId", t."isLead" AS "taskIsLead", t."round" AS "taskRound",
        t."state"::text AS "taskState", t."version" AS "taskVersion", t."dueAt" AS "taskDueAt", t."warnAt" AS "taskWarnAt", t."acceptDueAt" AS "taskAcceptDueAt",
        t."extensionUntil" AS "taskExtensionUntil"`
    : Prisma.empty;
  const tasksColumn = req.needsTasks
    ? Prisma.sql`, (SELECT COALESCE(json_agg(json_build_object('id', x."id", 'eventId', x."eventId", 'departmentId', x."departmentId", 'isLead', x."isLead",
          'round', x."round", 'state', x."state", 'version', x."version", 'dueAt', x."dueAt", 'warnAt', x."warnAt", 'acceptDueAt', x."acceptDueAt",
          'extensionUntil', x."extensionUntil") ORDER BY x."round", x."createdAt"), '[]'::json)
        FROM "DispatchTask" x WHERE x."eventId" = e."id") AS "tasks"`
    : Prisma.empty;
  const from = byTask ? Prisma.sql`"DispatchTask" t JOIN "Event" e ON e."id" = t."eventId"` : Prisma.sql`"Event" e`;
  const where = byTask ? Prisma.sql`t."id" = ${req.taskId ?? ""}` : Prisma.sql`e."id" = ${req.eventId ?? ""}`;
  const rows = await client.$queryRaw<LoadedRow[]>`
    SELECT e."id", e."no", e."title", e."source"::text AS "source", e."state"::text AS "state", e."version", e."holderUnitId", e."reporterId",
      e."urgency"::text AS "urgency", e."reopenCount", e."superviseGrade", e."resolvedLevel", e."gridId", e."categoryId", e."leadDepartmentId",
      e."dueAt", e."warnAt",
      (SELECT json_object_agg(u."level"::text, u."id") FROM "Unit" u WHERE u."id" = ANY(g."pathIds")) AS "levels"
      ${taskColumns} ${tasksColumn}
    FROM ${from} JOIN "Unit" g ON g."id" = e."gridId"
    WHERE ${where} AND ${scopeSql(scope)}`;
  const r = rows[0];
  if (!r) return null;
  const event: LoadedEvent = {
    id: r.id,
    no: r.no,
    title: r.title,
    source: r.source,
    state: r.state,
    version: r.version,
    holderUnitId: r.holderUnitId,
    reporterId: r.reporterId,
    urgency: r.urgency,
    reopenCount: r.reopenCount,
    superviseGrade: r.superviseGrade,
    resolvedLevel: r.resolvedLevel,
    gridId: r.gridId,
    categoryId: r.categoryId,
    leadDepartmentId: r.leadDepartmentId,
    dueAt: r.dueAt,
    warnAt: r.warnAt,
  };
  const task: LoadedTask | null = byTask
    ? {
        id: r.taskId!,
        eventId: r.taskEventId!,
        departmentId: r.taskDepartmentId!,
        isLead: r.taskIsLead!,
        round: r.taskRound!,
        state: r.taskState!,
        version: r.taskVersion!,
        dueAt: r.taskDueAt!,
        warnAt: r.taskWarnAt!,
        acceptDueAt: r.taskAcceptDueAt!,
        extensionUntil: r.taskExtensionUntil ?? null,
      }
    : null;
  const tasks: LoadedTask[] = req.needsTasks
    ? (json(r.tasks) as JsonTask[]).map((t) => ({
        ...t,
        dueAt: utcDate(t.dueAt),
        warnAt: utcDate(t.warnAt),
        acceptDueAt: utcDate(t.acceptDueAt),
        extensionUntil: t.extensionUntil ? utcDate(t.extensionUntil) : null,
      }))
    : [];
  return { event, task, tasks, units: (json(r.levels) ?? {}) as LevelUnits };
}

interface NewDeadline {
  taskId: string | null;
  stage: "ACCEPT" | "HANDLE" | "VERIFY";
  holder: "UNIT" | "DEPARTMENT";
  holderId: number;
  window: DeadlineWindow;
}

interface DeadlineStop {
  /** Rows of the event without a task (the event's own clock), or of these tasks. */
  taskIds: string[] | null;
  stage?: "ACCEPT";
  status: "MET" | "CANCELLED";
}

interface Write {
  event: LoadedEvent;
  scope: Prisma.EventWhereInput;
  now: Date;
  /** SET list of the event's update; null when the event row is only locked. */
  eventSet: Prisma.Sql[] | null;
  eventOnlyIfGradeBelow?: number;
  task: { id: string; version: number; set: Prisma.Sql[] } | null;
  cancelTasks: string[];
  stops: DeadlineStop[];
  deadlines: NewDeadline[];
  entry: EntryFields;
  notices: NoticeInput[];
  /** The audit row, in the same statement (direct transitions). */
  audit: AuditFields | null;
}

interface AuditFields {
  action: string;
  details: Record<string, unknown>;
}

const cut = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

/**
 * Step 4, one statement: lock the event at the version that was read (and within the
 * scope), update the task at its version, and only if both held: update the event,
 * stop and start deadlines, cancel side tasks, append the timeline entry, write the
 * notifications and (for direct transitions) the audit row. Every write reads from `ok`,
 * so a lost race writes nothing; the row lock comes first, as in every transition, and the
 * audit row (whose chain lock is held until commit) waits for every other write.
 */
function writeSql(w: Write): Prisma.Sql {
  const e = w.event;
  const ctes: Prisma.Sql[] = [];
  ctes.push(Prisma.sql`lk AS (
    SELECT e."id", e."gridId" FROM "Event" e WHERE e."id" = ${e.id} AND e."version" = ${e.version}::int AND ${scopeSql(w.scope)} FOR NO KEY UPDATE)`);
  if (w.task)
    ctes.push(Prisma.sql`tk AS (
      UPDATE "DispatchTask" t SET ${Prisma.join([...w.task.set, Prisma.sql`"updatedAt" = ${ts(w.now)}`], ", ")}
      WHERE t."id" = ${w.task.id} AND t."version" = ${w.task.version}::int AND EXISTS (SELECT 1 FROM lk) RETURNING t."id")`);
  ctes.push(Prisma.sql`ok AS (SELECT lk."id", lk."gridId" FROM lk ${w.task ? Prisma.sql`WHERE EXISTS (SELECT 1 FROM tk)` : Prisma.empty})`);
  const gate = Prisma.sql`EXISTS (SELECT 1 FROM ok)`;
  // The other writes, which the audit row waits for (unreferenced parts of a statement
  // run in no documented order).
  const writes: string[] = [];
  if (w.eventSet) {
    writes.push("ev");
    ctes.push(Prisma.sql`ev AS (
      UPDATE "Event" e SET ${Prisma.join([...w.eventSet, Prisma.sql`"updatedAt" = ${ts(w.now)}`], ", ")}
      FROM ok WHERE e."id" = ok."id" ${w.eventOnlyIfGradeBelow !== undefined ? Prisma.sql`AND e."superviseGrade" < ${w.eventOnlyIfGradeBelow}::int` : Prisma.empty}
      RETURNING e."id")`);
  }
  w.stops.forEach((s, i) => {
    const rows = s.taskIds === null ? Prisma.sql`"eventId" = ${e.id} AND "taskId" IS NULL` : Prisma.sql`"taskId" = ANY(${s.taskIds}::text[])`;
    ctes.push(Prisma.sql`${Prisma.raw(`s${i}`)} AS (
      UPDATE "EventDeadline" SET "status" = ${s.status}::"DeadlineStatus", "closedAt" = ${ts(w.now)}, "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE ${rows} ${s.stage ? Prisma.sql`AND "stage" = ${s.stage}::"DeadlineStage"` : Prisma.empty} AND "status" IN ('ACTIVE', 'FIRING') AND ${gate}
      RETURNING 1)`);
    writes.push(`s${i}`);
  });
  if (w.cancelTasks.length) {
    writes.push("cx");
    ctes.push(Prisma.sql`cx AS (
      UPDATE "DispatchTask" SET "state" = 'CANCELLED', "version" = "version" + 1, "extensionUntil" = NULL, "updatedAt" = ${ts(w.now)}
      WHERE "id" = ANY(${w.cancelTasks}::text[]) AND "state" IN ('PENDING', 'IN_PROGRESS') AND ${gate}
      RETURNING 1)`);
  }
  w.deadlines.forEach((d, i) => {
    ctes.push(Prisma.sql`${Prisma.raw(`d${i}`)} AS (
      INSERT INTO "EventDeadline" ("id", "eventId", "taskId", "stage", "holder", "holderId", "startsAt", "warnAt", "dueAt")
      SELECT ${newId()}, ok."id", ${d.taskId}, ${d.stage}::"DeadlineStage", ${d.holder}::"DeadlineHolder", ${d.holderId}::int,
        ${ts(d.window.startsAt)}, ${ts(d.window.warnAt)}, ${ts(d.window.dueAt)} FROM ok
      RETURNING 1)`);
    writes.push(`d${i}`);
  });
  ctes.push(Prisma.sql`tl AS (${entrySql(w.entry, Prisma.sql`FROM ok`)} RETURNING "id")`);
  w.notices.forEach((n, i) => {
    const sql = notificationSql(n, gate);
    if (!sql) return;
    ctes.push(Prisma.sql`${Prisma.raw(`n${i}`)} AS (${sql} RETURNING 1)`);
    writes.push(`n${i}`);
  });
  if (w.audit) {
    const a = auditValues(w.entry.actor, w.audit);
    const waitFor = writes.length ? Prisma.raw(`WHERE ${writes.map((n) => `(SELECT count(*) FROM ${n})`).join(" + ")} >= 0`) : Prisma.empty;
    ctes.push(Prisma.sql`au AS (
      INSERT INTO "AuditLog" ("userId", "username", "role", "ip", "action", "targetType", "targetId", "result", "details")
      SELECT ${a.userId}, ${a.username}, ${a.role}, ${a.ip}, ${a.action}, 'event', ${cut(e.id, 64)}, 'success',
        ${JSON.stringify(a.details)}::jsonb || jsonb_build_object('entryId', tl."id"::text) FROM tl ${waitFor})`);
  }
  return Prisma.sql`WITH ${Prisma.join(ctes, ",\n")}
    SELECT (SELECT count(*) FROM lk)::int AS "locked", (SELECT count(*) FROM ok)::int AS "ok", (SELECT "id" FROM tl) AS "entryId"`;
}

function auditValues(actor: ActorInfo, audit: AuditFields) {
  return {
    userId: actor.id,
    username: cut(actor.username, 64),
    role: cut(actor.roleKey, 40),
    ip: cut(actor.ip, 64),
    action: cut(audit.action, 64)!,
    details: audit.details,
  };
}

/** Tells the caller to read the event again: it changed between the read and the write. */
class Moved extends Error {}

const ATTEMPTS = 3;

/**
 * Runs one transition for `actor` (a viewer's actor, or SYSTEM for the timer). `scope`
 * is the viewer's event scope (eventScope()); SYSTEM passes an empty one.
 *
 * 1. One statement reads the event (and task, and tasks) through the scope.
 * 2. The version the caller saw is compared; the state machine decides; the plan adds
 *    its own fields, notices and deadlines.
 * 3. One statement writes everything (see writeSql): it locks the event at the version
 *    read in step 1 and within the scope, so it changes nothing when another transition
 *    came first. A direct transition sends that statement alone (it is its own
 *    transaction, the audit row included); an interactive one sends it inside its
 *    transaction, then the plan's `after` writes, the attachments and the audit row.
 * When the event moved between 1 and 3, the transition starts again from 1 (where a
 * caller's stale version is then reported as STALE).
 */
export async function transition(actor: ActorInfo, scope: Prisma.EventWhereInput, req: TransitionRequest): Promise<TransitionResult> {
  const repeat = await findRepeat(actor.id, req.requestKey);
  if (repeat) return repeat;
  const config = await dispatchConfig();

  const attempt = async (client: Db | Tx, tx: Tx | null, staged: StagedFile[]): Promise<{ result: TransitionResult; earliestDue: Date | null }> => {
    const spec = ACTION_SPECS[req.action];
    const now = req.now ?? new Date();
    const loaded = await loadForTransition(client, scope, req, !!spec.taskFrom);
    if (!loaded) throw new AppError("NOT_FOUND");
    const { event, task, tasks, units } = loaded;

    // 2. The version the caller saw, the state machine, the plan.
    if (req.version !== undefined) {
      if (spec.kind === "task" && task && task.version !== req.version) throw await staleError(client, event.id);
      if (spec.kind === "event" && event.version !== req.version) throw await staleError(client, event.id);
    }
    const input = req.input ?? {};
    const verdict = guard(req.action, actor.machine, factsOf(event), can, task ? taskFactsOf(task) : null, input);
    if (!verdict.ok) throw guardError(verdict.reason, event.state);
    const to = nextState(req.action, factsOf(event), task, input);
    const taskTo = task ? nextTaskState(req.action, task) : null;
    const ctx: PlanContext = { now, config, actor, event, task, tasks, to, taskTo, units: async () => units };
    let plan: TxPlanResult = {};
    if (req.direct) plan = (await req.plan?.(ctx)) ?? {};
    else if (req.plan) {
      if (!tx) throw new Error("an interactive plan needs a transaction");
      plan = (await req.plan({ ...ctx, tx })) ?? {};
    }
    const side = sideTasks(req.action, task, tasks);

    // 3. The event's update, its clock, the task's update.
    const eventSet: Prisma.Sql[] = eventPatchSql(plan.event ?? {});
    let newVersion = event.version;
    let newState = event.state;
    const resolved = resolvedLevelOf(req.action, event.state);
    if (resolved) eventSet.push(Prisma.sql`"resolvedLevel" = ${resolved}`);
    let earliestDue: Date | null = plan.earliestDue ?? null;
    let newWindow: DeadlineWindow | null | undefined = plan.eventWindow;
    const stops: DeadlineStop[] = [];
    const deadlines: NewDeadline[] = [];
    if (to) {
      newState = to;
      newVersion = event.version + 1;
      const fromLevel = holderLevelOf(event.state, feedbackAtCounty(event.source));
      const toLevel = holderLevelOf(to, feedbackAtCounty(event.source));
      // Moving along the same desk (the center accepting, then dispatching) keeps the holder.
      const holder = toLevel === fromLevel ? event.holderUnitId : toLevel ? (units[toLevel] ?? null) : null;
      eventSet.push(
        Prisma.sql`"state" = ${to}::"EventState"`,
        Prisma.sql`"version" = e."version" + 1`,
        Prisma.sql`"isOpen" = ${isOpenState(to)}`,
        Prisma.sql`"holderUnitId" = ${holder}::int`,
      );
      if (!isOpenState(to)) eventSet.push(Prisma.sql`"closedAt" = ${ts(now)}`);
      // The event-level clock: stop the old stage's, start the new one's.
      const before = eventStageOf(event.state);
      const after = eventStageOf(to);
      const sameClock = before && after && before.stage === after.stage && event.holderUnitId === holder;
      if (!sameClock) {
        if (before && req.action !== "timeout") stops.push({ taskIds: null, status: "MET" });
        if (after && holder !== null) {
          const window = stageWindow(config, { stage: after.stage, holder: after.holder, categoryId: event.categoryId, urgency: event.urgency }, now);
          deadlines.push({ taskId: null, stage: after.stage, holder: after.holder, holderId: holder, window });
          newWindow = window;
          earliestDue = window.dueAt;
        } else if (newWindow === undefined) newWindow = null;
      }
    }
    if (newWindow !== undefined) eventSet.push(Prisma.sql`"dueAt" = ${ts(newWindow?.dueAt)}`, Prisma.sql`"warnAt" = ${ts(newWindow?.warnAt)}`);

    let taskWrite: Write["task"] = null;
    let taskVersion: number | undefined;
    if (task && (taskTo || plan.task)) {
      const patch: TaskPatch = { ...plan.task };
      if (taskTo && taskTo !== "IN_PROGRESS") patch.extensionUntil = null;
      const set = taskPatchSql(patch);
      if (taskTo) set.push(Prisma.sql`"state" = ${taskTo}::"DispatchTaskState"`, Prisma.sql`"version" = t."version" + 1`);
      taskWrite = { id: task.id, version: task.version, set };
      taskVersion = taskTo ? task.version + 1 : task.version;
      if (taskTo && taskTo !== "IN_PROGRESS") stops.push({ taskIds: [task.id], status: "MET" });
      else if (req.action === "taskAccept") stops.push({ taskIds: [task.id], stage: "ACCEPT", status: "MET" });
    }
    if (side.cancel.length) stops.push({ taskIds: side.cancel, status: "CANCELLED" });

    // The timeline entry.
    let entryTaskId = task?.id ?? null;
    let taskFrom: TaskState | null = task && taskTo ? task.state : null;
    let taskToState: TaskState | null = taskTo;
    if (side.reopenLead) {
      const lead = tasks.find((t) => t.id === side.reopenLead)!;
      entryTaskId = lead.id;
      taskFrom = lead.state;
      taskToState = "IN_PROGRESS";
    }
    const data = { ...plan.data, ...(side.cancel.length ? { cancelledTaskIds: side.cancel } : {}) };
    const entry: EntryFields = {
      eventId: event.id,
      gridId: event.gridId,
      taskId: entryTaskId,
      action: req.action,
      actor,
      fromState: event.state,
      toState: to,
      taskFromState: taskFrom,
      taskToState: taskToState,
      comment: req.comment || null,
      reply: req.reply || null,
      internal: req.internal ?? false,
      data,
      requestKey: req.requestKey ?? null,
      at: now,
    };
    const params = { no: event.no, title: event.title, actor: actor.name };
    const notices: NoticeInput[] = (plan.notices ?? []).map((n) => ({
      kind: n.kind,
      eventId: event.id,
      gridId: event.gridId,
      actorId: actor.id,
      params: { ...params, comment: n.comment ?? null },
      to: n.to,
    }));
    const audit: AuditFields = {
      action: `dispatch.${req.action}`,
      details: { no: event.no, fromState: event.state, toState: to, taskId: entryTaskId, taskToState: taskToState },
    };

    // 4. One statement; an interactive transition adds its own writes and then the audit row.
    let rows: { locked: number; ok: number; entryId: bigint | null }[];
    try {
      rows = await client.$queryRaw(
        writeSql({
          event,
          scope,
          now,
          eventSet: eventSet.length ? eventSet : null,
          eventOnlyIfGradeBelow: plan.eventOnlyIfGradeBelow,
          task: taskWrite,
          cancelTasks: side.cancel,
          stops,
          deadlines,
          entry,
          notices,
          audit: tx ? null : audit,
        }),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError("CONFLICT", { key: "dispatchRepeated" });
      throw err;
    }
    const written = rows[0];
    if (!written.ok || written.entryId === null) throw new Moved();
    const entryId = written.entryId;
    if (tx) {
      if (staged.length) await attachStaged(tx, staged, { ownerType: "event-entry", ownerId: String(entryId) }, actor.id);
      await plan.after?.(entryId);
      await writeAudit(tx, { ...auditValues(actor, audit), result: "success", targetType: "event", targetId: event.id, details: { ...audit.details, entryId: String(entryId) } as Prisma.InputJsonValue });
    }
    return {
      result: { id: event.id, no: event.no, version: newVersion, state: newState, taskVersion, entryId: String(entryId) },
      earliestDue,
    };
  };

  // The timer holds the transaction (and the event's row lock): one attempt.
  if (!req.direct && req.tx) {
    try {
      return (await attempt(req.tx, req.tx, [])).result;
    } catch (err) {
      if (err instanceof Moved) throw await staleError(req.tx, req.eventId ?? "");
      throw err;
    }
  }
  try {
    const { result, earliestDue } = await withUploads(req.photos, "photo", "photos", async (staged) => {
      for (let i = 1; ; i++) {
        try {
          // A direct transition without files is one statement; everything else one transaction.
          if (req.direct && !staged.length) return await attempt(db, null, staged);
          return await db.$transaction((tx) => attempt(tx, tx, staged), TX_OPTIONS);
        } catch (err) {
          if (!(err instanceof Moved)) throw err;
          if (i >= ATTEMPTS) throw await staleError(db, req.eventId ?? (await eventOfTask(req.taskId)));
        }
      }
    });
    afterCommit({ earliestDue });
    return result;
  } catch (err) {
    // A double click of an annotation: the first one committed, answer with its result.
    if (err instanceof AppError && err.detail?.key === "dispatchRepeated") {
      const again = await findRepeat(actor.id, req.requestKey);
      if (again) return again;
    }
    throw err;
  }
}

async function eventOfTask(taskId: string | undefined): Promise<string> {
  if (!taskId) return "";
  return (await db.dispatchTask.findUnique({ where: { id: taskId }, select: { eventId: true } }))?.eventId ?? "";
}

function eventPatchSql(p: EventPatch): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (p.mergedIntoId !== undefined) out.push(Prisma.sql`"mergedIntoId" = ${p.mergedIntoId}`);
  if (p.leadDepartmentId !== undefined) out.push(Prisma.sql`"leadDepartmentId" = ${p.leadDepartmentId}::int`);
  if (p.rating !== undefined) out.push(Prisma.sql`"rating" = ${p.rating}::int`);
  if (p.reopenCount) out.push(Prisma.sql`"reopenCount" = e."reopenCount" + ${p.reopenCount.increment}::int`);
  if (p.superviseGrade !== undefined) out.push(Prisma.sql`"superviseGrade" = ${p.superviseGrade}::int`);
  if (p.rank !== undefined) out.push(Prisma.sql`"rank" = ${p.rank}::int`);
  return out;
}

function taskPatchSql(p: TaskPatch): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (p.extensionUntil !== undefined) out.push(Prisma.sql`"extensionUntil" = ${ts(p.extensionUntil)}`);
  if (p.dueAt !== undefined) out.push(Prisma.sql`"dueAt" = ${ts(p.dueAt)}`);
  if (p.warnAt !== undefined) out.push(Prisma.sql`"warnAt" = ${ts(p.warnAt)}`);
  return out;
}

/** The desk's users for a notice about an event now held at `state`. */
export function deskOf(state: EventState, source: EventSource, units: LevelUnits, openTaskDepartments: number[] = []): Recipients {
  const level = holderLevelOf(state, feedbackAtCounty(source));
  return handlersOf({ state, holderUnitId: level ? (units[level] ?? null) : null, holderLevel: level }, openTaskDepartments);
}

// --- shared by the annotations and the timer -------------------------------------------

/** Departments with open tasks (for notices to the current handlers). */
export function openDepartments(ctx: PlanContext): number[] {
  return [...new Set(ctx.tasks.filter((t) => OPEN_TASK_STATES.includes(t.state)).map((t) => t.departmentId))];
}

export function currentHandlers(ctx: PlanContext) {
  return handlersOf(factsOf(ctx.event), openDepartments(ctx));
}

/** Who a supervision counts against: departments with open tasks, else the holding unit. */
export function supervisionTargets(ctx: PlanContext): { targetDepartmentId: number | null; targetUnitId: number | null }[] {
  const depts = openDepartments(ctx);
  if (depts.length) return depts.map((d) => ({ targetDepartmentId: d, targetUnitId: null }));
  return [{ targetDepartmentId: null, targetUnitId: ctx.event.holderUnitId }];
}

/** Raises the supervision grade (never lowers it), re-ranks the event and its tasks, records whom it counts against. */
export async function raiseSupervision(
  ctx: TxPlanContext,
  grade: number,
  byId: string | null,
  entryId: bigint,
  targets: { targetDepartmentId: number | null; targetUnitId: number | null }[] = supervisionTargets(ctx),
): Promise<void> {
  const { tx, event } = ctx;
  const rank = rankOf(grade, event.urgency);
  // Conditional, like the event's own update: a concurrent lower grade never lowers it.
  await tx.dispatchTask.updateMany({ where: { eventId: event.id, rank: { lt: rank } }, data: { rank } });
  await tx.eventSupervision.createMany({ data: targets.map((t) => ({ eventId: event.id, grade, byId, entryId, ...t })) });
}

