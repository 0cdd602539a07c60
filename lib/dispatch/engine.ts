import "server-only";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { can, type RoleKey } from "@/lib/permissions";
import type { Viewer } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { attachStaged, withUploads } from "@/lib/server/files";
import type { Tx } from "@/lib/server/prisma";
import { inTerritory } from "@/lib/server/scope";
import { dispatchConfig, stageWindow, type DispatchConfig } from "./config";
import type { DeadlineWindow } from "./deadlines";
import { afterCommit, handlersOf, notify, type NotificationKind, type Recipients } from "./effects";
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

// The transition engine: one function, `transition`, runs every change of an event in one
// transaction: find the event through the caller's scope, compare versions, ask the
// state machine, one conditional update of the event (and of the task), the deadline
// rows, one timeline entry, its attachments and one notification insert. Actions differ
// only in their `plan`, which validates their own input and adds their own writes.

export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

// --- who and where ------------------------------------------------------------------

export interface ActorInfo {
  id: string | null;
  name: string;
  role: string;
  departmentId: number | null;
  machine: Actor | "SYSTEM";
}

export function actorOf(viewer: Viewer): ActorInfo {
  return {
    id: viewer.id,
    name: viewer.displayName,
    role: viewer.role,
    departmentId: viewer.departmentId,
    machine: { id: viewer.id, role: viewer.role, unitId: viewer.unitId, departmentId: viewer.departmentId },
  };
}

export const SYSTEM: ActorInfo = { id: null, name: "系统", role: "SYSTEM", departmentId: null, machine: "SYSTEM" };

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
 * Appends one timeline entry. Raw SQL so that the county (for the board's change token)
 * comes from the grid inside the same statement. A repeated request key is a CONFLICT
 * with key dispatchRepeated.
 */
export async function insertEntry(tx: Tx, f: EntryFields): Promise<bigint> {
  const data = f.data && Object.keys(f.data).length ? JSON.stringify(f.data) : null;
  try {
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "taskId", "action", "actorId", "actorName", "actorRole", "actorDepartmentId",
        "fromState", "toState", "taskFromState", "taskToState", "comment", "reply", "internal", "data", "requestKey", "at")
      VALUES (${f.eventId}, COALESCE((SELECT "pathIds"[1] FROM "Unit" WHERE "id" = ${f.gridId}), 0), ${f.taskId ?? null}, ${f.action},
        ${f.actor.id}, ${f.actor.name}, ${f.actor.role}, ${f.actor.departmentId}::int,
        ${f.fromState}::"EventState", ${f.toState}::"EventState", ${f.taskFromState ?? null}::"DispatchTaskState", ${f.taskToState ?? null}::"DispatchTaskState",
        ${f.comment ?? null}, ${f.reply ?? null}, ${f.internal ?? false}, ${data}::jsonb, ${f.requestKey ?? null},
        (${f.at.toISOString()}::timestamptz AT TIME ZONE 'UTC'))
      RETURNING "id"`;
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

export async function stopDeadlines(tx: Tx, where: Prisma.EventDeadlineWhereInput, status: "MET" | "CANCELLED", now: Date): Promise<void> {
  await tx.eventDeadline.updateMany({ where: { ...where, status: RUNNING }, data: { status, closedAt: now, lockedBy: null, lockedUntil: null } });
}

// --- the transition ------------------------------------------------------------------

export interface PlanContext {
  tx: Tx;
  now: Date;
  config: DispatchConfig;
  actor: ActorInfo;
  event: LoadedEvent;
  task: LoadedTask | null;
  /** Every task of the event, oldest first (loaded only when `needsTasks`). */
  tasks: LoadedTask[];
  to: EventState | null;
  taskTo: TaskState | null;
  /** Units above the event's grid, loaded on first use. */
  units(): Promise<LevelUnits>;
}

export interface PlanResult {
  /** Extra fields for the event's conditional update. */
  event?: Prisma.EventUpdateManyMutationInput;
  /**
   * For annotations: a condition of their own for that update (supervision only ever
   * raises the grade), under which matching no row is not a conflict.
   */
  eventOnlyIf?: Prisma.EventWhereInput;
  /** Extra fields for the task's conditional update. */
  task?: Prisma.DispatchTaskUpdateManyMutationInput;
  /** Structured details for the timeline entry. */
  data?: Record<string, unknown>;
  /** The deadline that decides the event's light from now on (undefined: keep / derive). */
  eventWindow?: DeadlineWindow | null;
  /** Writes that need the new timeline entry's id. */
  after?: (entryId: bigint) => Promise<void>;
  /** Who to tell, and what. */
  notices?: { kind: NotificationKind; to: Recipients; comment?: string | null }[];
  earliestDue?: Date | null;
}

export interface TransitionRequest {
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
  plan?: (ctx: PlanContext) => Promise<PlanResult | void>;
  /** For the timer: the caller already holds the transaction. */
  tx?: Tx;
  now?: Date;
}

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

/**
 * Runs one transition for `actor` (a viewer's actor, or SYSTEM for the timer). `scope`
 * is the viewer's event scope; SYSTEM passes an empty one.
 */
export async function transition(actor: ActorInfo, scope: Prisma.EventWhereInput, req: TransitionRequest): Promise<TransitionResult> {
  const spec = ACTION_SPECS[req.action];
  const repeat = await findRepeat(actor.id, req.requestKey);
  if (repeat) return repeat;
  const config = await dispatchConfig();

  const run = async (tx: Tx, staged: Parameters<typeof attachStaged>[1]): Promise<{ result: TransitionResult; earliestDue: Date | null }> => {
    const now = req.now ?? new Date();
    // 1. The task (task actions) and the event, both through the caller's scope.
    let task: LoadedTask | null = null;
    let eventId = req.eventId;
    if (spec.taskFrom) {
      task = await tx.dispatchTask.findFirst({ where: { id: req.taskId ?? "", event: scope }, select: TASK_FIELDS });
      if (!task) throw new AppError("NOT_FOUND");
      eventId = task.eventId;
    }
    const event = await tx.event.findFirst({ where: { id: eventId ?? "", ...scope }, select: EVENT_FIELDS });
    if (!event) throw new AppError("NOT_FOUND");

    // 2. The version the caller saw.
    if (req.version !== undefined) {
      if (spec.kind === "task" && task && task.version !== req.version) throw await staleError(tx, event.id);
      if (spec.kind === "event" && event.version !== req.version) throw await staleError(tx, event.id);
    }

    // 3. The state machine.
    const input = req.input ?? {};
    const verdict = guard(req.action, actor.machine, factsOf(event), can, task ? taskFactsOf(task) : null, input);
    if (!verdict.ok) throw guardError(verdict.reason, event.state);
    const to = nextState(req.action, factsOf(event), task, input);
    const taskTo = task ? nextTaskState(req.action, task) : null;
    const tasks = req.needsTasks ? await tx.dispatchTask.findMany({ where: { eventId: event.id }, select: TASK_FIELDS, orderBy: [{ round: "asc" }, { createdAt: "asc" }] }) : [];
    let unitsCache: LevelUnits | null = null;
    const ctx: PlanContext = {
      tx,
      now,
      config,
      actor,
      event,
      task,
      tasks,
      to,
      taskTo,
      units: async () => (unitsCache ??= await levelUnits(tx, event.gridId)),
    };
    const plan = (await req.plan?.(ctx)) ?? {};
    const side = sideTasks(req.action, task, tasks);

    // 4. One conditional update of the event.
    const eventData: Prisma.EventUpdateManyMutationInput = { ...plan.event };
    let newVersion = event.version;
    let newState = event.state;
    const resolved = resolvedLevelOf(req.action, event.state);
    if (resolved) eventData.resolvedLevel = resolved;
    let earliestDue: Date | null = plan.earliestDue ?? null;
    let newWindow: DeadlineWindow | null | undefined = plan.eventWindow;
    // Deadline rows are written after the event row: every writer locks the event first
    // (the timer too), so two transactions never wait on each other in a cycle.
    const clockOps: (() => Promise<unknown>)[] = [];
    if (to) {
      newState = to;
      newVersion = event.version + 1;
      const fromLevel = holderLevelOf(event.state, feedbackAtCounty(event.source));
      const toLevel = holderLevelOf(to, feedbackAtCounty(event.source));
      // Moving along the same desk (the center accepting, then dispatching) needs no unit lookup.
      const holder = toLevel === fromLevel ? event.holderUnitId : toLevel ? ((await ctx.units())[toLevel] ?? null) : null;
      Object.assign(eventData, { state: to, version: { increment: 1 }, isOpen: isOpenState(to), holderUnitId: holder });
      if (!isOpenState(to)) eventData.closedAt = now;
      // The event-level clock: stop the old stage's, start the new one's.
      const before = eventStageOf(event.state);
      const after = eventStageOf(to);
      const sameClock = before && after && before.stage === after.stage && event.holderUnitId === holder;
      if (!sameClock) {
        if (before && req.action !== "timeout") clockOps.push(() => stopDeadlines(tx, { eventId: event.id, taskId: null }, "MET", now));
        if (after && holder !== null) {
          const window = stageWindow(config, { stage: after.stage, holder: after.holder, categoryId: event.categoryId, urgency: event.urgency }, now);
          clockOps.push(() => tx.eventDeadline.create({ data: { eventId: event.id, stage: after.stage, holder: after.holder, holderId: holder, ...window }, select: { id: true } }));
          newWindow = window;
          earliestDue = window.dueAt;
        } else if (newWindow === undefined) newWindow = null;
      }
    }
    if (newWindow !== undefined) Object.assign(eventData, { dueAt: newWindow?.dueAt ?? null, warnAt: newWindow?.warnAt ?? null });
    if (Object.keys(eventData).length) {
      // Annotations do not move the version, so they never make a dispatcher's view stale.
      const where: Prisma.EventWhereInput = to ? { id: event.id, version: event.version } : { id: event.id, ...plan.eventOnlyIf };
      const { count } = await tx.event.updateMany({ where, data: eventData });
      if (count === 0 && (to || !plan.eventOnlyIf)) throw await staleError(tx, event.id);
    }
    for (const op of clockOps) await op();

    // 5. The task, and the tasks this transition closes or reopens.
    let taskVersion: number | undefined;
    if (task && (taskTo || plan.task)) {
      const data: Prisma.DispatchTaskUpdateManyMutationInput = { ...plan.task };
      if (taskTo) Object.assign(data, { state: taskTo, version: { increment: 1 } });
      if (taskTo && taskTo !== "IN_PROGRESS") data.extensionUntil = null;
      const { count } = await tx.dispatchTask.updateMany({ where: { id: task.id, version: task.version }, data });
      if (count === 0) throw await staleError(tx, event.id);
      taskVersion = taskTo ? task.version + 1 : task.version;
      if (taskTo && taskTo !== "IN_PROGRESS") await stopDeadlines(tx, { taskId: task.id }, "MET", now);
      else if (req.action === "taskAccept") await stopDeadlines(tx, { taskId: task.id, stage: "ACCEPT" }, "MET", now);
    }
    if (side.cancel.length) {
      await tx.dispatchTask.updateMany({ where: { id: { in: side.cancel }, state: { in: ["PENDING", "IN_PROGRESS"] } }, data: { state: "CANCELLED", version: { increment: 1 }, extensionUntil: null } });
      await stopDeadlines(tx, { taskId: { in: side.cancel } }, "CANCELLED", now);
    }

    // 6. The timeline entry, its files, the notifications.
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
    const entryId = await insertEntry(tx, {
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
    });
    const entry = { id: entryId };
    if (staged.length) await attachStaged(tx, staged, { ownerType: "event-entry", ownerId: String(entry.id) }, actor.id);
    await plan.after?.(entry.id);
    const params = { no: event.no, title: event.title, actor: actor.name };
    for (const n of plan.notices ?? []) {
      await notify(tx, { kind: n.kind, eventId: event.id, gridId: event.gridId, actorId: actor.id, params: { ...params, comment: n.comment ?? null }, to: n.to });
    }
    return {
      result: { id: event.id, no: event.no, version: newVersion, state: newState, taskVersion, entryId: String(entry.id) },
      earliestDue,
    };
  };

  if (req.tx) {
    const { result } = await run(req.tx, []);
    return result;
  }
  try {
    const { result, earliestDue } = await withUploads(req.photos, "photo", "photos", (staged) => db.$transaction((tx) => run(tx, staged), TX_OPTIONS));
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
  ctx: PlanContext,
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

