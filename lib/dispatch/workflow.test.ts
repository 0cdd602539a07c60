import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { can, type RoleKey } from "@/lib/permissions";
import {
  ACTION_SPECS,
  availableActions,
  EDGES,
  EVENT_STATES,
  guard,
  holderLevelOf,
  initialState,
  isOpenState,
  nextState,
  nextTaskState,
  replay,
  resolvedLevelOf,
  sideTasks,
  USER_ACTIONS,
  type Actor,
  type EntryLike,
  type EventAction,
  type EventFacts,
  type EventState,
  type TaskFacts,
  type UnitLevel,
} from "./workflow";

// A small world: county 1 > township 2 > village 3 > grids 4 and 5; departments 1 and 2.
const PATH = [1, 2, 3, 4];
const LEVEL_OF_UNIT: Record<number, UnitLevel> = { 1: "COUNTY", 2: "TOWNSHIP", 3: "VILLAGE", 4: "GRID", 5: "GRID" };
const ACTORS: Actor[] = [
  { id: "grid", role: "GRID_WORKER", unitId: 4, departmentId: null },
  { id: "grid2", role: "GRID_WORKER", unitId: 5, departmentId: null },
  { id: "community", role: "COMMUNITY_OFFICER", unitId: 3, departmentId: null },
  { id: "township", role: "TOWNSHIP_OFFICER", unitId: 2, departmentId: null },
  { id: "center", role: "CENTER_STAFF", unitId: 1, departmentId: null },
  { id: "dept1", role: "DEPARTMENT_STAFF", unitId: 1, departmentId: 1 },
  { id: "dept2", role: "DEPARTMENT_STAFF", unitId: 1, departmentId: 2 },
  { id: "leader", role: "LEADER", unitId: 1, departmentId: null },
  { id: "admin", role: "ADMIN", unitId: 1, departmentId: null },
];

function holderFor(state: EventState, feedbackAtCounty: boolean): number | null {
  const level = holderLevelOf(state, feedbackAtCounty);
  if (!level) return null;
  return PATH[["COUNTY", "TOWNSHIP", "VILLAGE", "GRID"].indexOf(level)];
}

interface Model {
  event: EventFacts & { version: number };
  feedbackAtCounty: boolean;
  tasks: (TaskFacts & { version: number })[];
  entries: EntryLike[];
}

function start(reporter: Actor): Model {
  const state = initialState(reporter.role, LEVEL_OF_UNIT[reporter.unitId]);
  const feedbackAtCounty = reporter.role === "CENTER_STAFF" || reporter.role === "LEADER";
  return {
    event: { state, holderUnitId: holderFor(state, feedbackAtCounty), holderLevel: holderLevelOf(state, feedbackAtCounty), reporterId: reporter.id, urgency: "URGENT", reopenCount: 0, superviseGrade: 0, resolvedLevel: null, version: 1 },
    feedbackAtCounty,
    tasks: [],
    entries: [{ action: "report", taskId: null, fromState: null, toState: state, taskFromState: null, taskToState: null, data: null }],
  };
}

interface Step {
  actor: number;
  action: EventAction;
  pick?: number | null;
  task: number;
  direct: boolean;
  rating: number;
  grade: number;
  coDept: boolean;
}

/** Applies one step if the machine allows it, the way data.ts does; returns whether it did. */
function apply(m: Model, original: Step): boolean {
  let step = original;
  if (original.pick != null) {
    // Anyone's available action, mostly a state-changing one.
    const all = ACTORS.flatMap((a, i) => availableActions(a, m.event, m.tasks, can).map((o) => ({ ...o, actor: i })));
    const moving = all.filter((o) => ACTION_SPECS[o.action].kind !== "annotation");
    const options = moving.length && original.pick % 4 !== 0 ? moving : all;
    if (options.length) {
      const chosen = options[Math.floor(original.pick / 4) % options.length];
      step = { ...original, actor: chosen.actor, action: chosen.action, task: chosen.taskId ? m.tasks.findIndex((t) => t.id === chosen.taskId) : original.task };
    }
  }
  const actor = ACTORS[step.actor];
  const task = ACTION_SPECS[step.action].taskFrom ? (m.tasks[step.task % Math.max(1, m.tasks.length)] ?? null) : null;
  const input = { direct: step.direct, rating: step.rating, grade: step.grade };
  if (!guard(step.action, actor, m.event, can, task, input).ok) return false;
  if (step.action === "reopen" && step.rating > 2) return false;
  const to = nextState(step.action, m.event, task, input);
  const taskTo = task ? nextTaskState(step.action, task) : null;
  const side = sideTasks(step.action, task, m.tasks);
  const data: Record<string, unknown> = {};
  if (step.action === "dispatch") {
    const created = [{ id: `t${m.tasks.length}`, departmentId: step.coDept ? 2 : 1, isLead: true }];
    if (step.coDept) created.push({ id: `t${m.tasks.length + 1}`, departmentId: 1, isLead: false });
    for (const t of created) m.tasks.push({ ...t, state: "PENDING", extensionPending: false, version: 1 });
    data.tasks = created.map(({ id, isLead }) => ({ id, isLead }));
  }
  if (side.cancel.length) data.cancelledTaskIds = side.cancel;
  if (step.action === "supervise") data.grade = step.grade;
  if (step.action === "close" || step.action === "reopen") data.rating = step.rating;
  const lead = side.reopenLead ? m.tasks.find((t) => t.id === side.reopenLead)! : null;
  m.entries.push({
    action: step.action,
    taskId: task?.id ?? lead?.id ?? null,
    fromState: m.event.state,
    toState: to,
    taskFromState: task && taskTo ? task.state : lead ? lead.state : null,
    taskToState: taskTo ?? (lead ? "IN_PROGRESS" : null),
    data,
  });
  const resolved = resolvedLevelOf(step.action, m.event.state);
  if (resolved) m.event.resolvedLevel = resolved;
  if (to) {
    m.event.state = to;
    m.event.version++;
    m.event.holderUnitId = holderFor(to, m.feedbackAtCounty);
    m.event.holderLevel = holderLevelOf(to, m.feedbackAtCounty);
  }
  if (step.action === "reopen") m.event.reopenCount++;
  if (step.action === "supervise") m.event.superviseGrade = Math.max(m.event.superviseGrade, step.grade);
  if (task && taskTo) {
    task.state = taskTo;
    task.version++;
    if (step.action === "requestExtension") task.extensionPending = true;
    if (step.action === "decideExtension" || taskTo !== "IN_PROGRESS") task.extensionPending = false;
  }
  for (const id of side.cancel) {
    const t = m.tasks.find((x) => x.id === id)!;
    t.state = "CANCELLED";
    t.version++;
  }
  if (lead) {
    lead.state = "IN_PROGRESS";
    lead.version++;
  }
  return true;
}

const stepArb = fc.record({
  actor: fc.integer({ min: 0, max: ACTORS.length - 1 }),
  action: fc.constantFrom(...USER_ACTIONS),
  /** Mostly pick among what the actor may do now, so that runs get deep into the machine. */
  pick: fc.option(fc.nat(200), { freq: 4 }),
  task: fc.nat(5),
  direct: fc.boolean(),
  rating: fc.integer({ min: 1, max: 5 }),
  grade: fc.integer({ min: 1, max: 3 }),
  coDept: fc.boolean(),
});

describe("the event state machine", () => {
  const reached = new Set<EventState>();
  it("never leaves the machine, and the timeline replays to the state, version and tasks", () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 2, 3, 4, 7), fc.array(stepArb, { minLength: 1, maxLength: 60 }), (reporter, steps) => {
        const m = start(ACTORS[reporter]);
        for (const step of steps) {
          const before = m.event.state;
          const applied = apply(m, step);
          const last = m.entries.at(-1)!;
          if (applied && last.toState) expect(EDGES.has(`${last.action}:${before}>${m.event.state}`)).toBe(true);
          reached.add(m.event.state);
          if (!isOpenState(before)) expect(m.event.state).toBe(before);
          const r = replay(m.entries);
          expect(r.errors).toEqual([]);
          expect(r.state).toBe(m.event.state);
          expect(r.version).toBe(m.event.version);
          expect(r.superviseGrade).toBe(m.event.superviseGrade);
          expect(r.reopenCount).toBe(m.event.reopenCount);
          for (const t of m.tasks) expect(r.tasks[t.id]).toMatchObject({ state: t.state, version: t.version });
          // At most one open lead task at any time.
          expect(m.tasks.filter((t) => t.isLead && (t.state === "PENDING" || t.state === "IN_PROGRESS")).length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
    // Guards the guard: the runs must get everywhere, or the property proves little.
    expect([...reached].sort()).toEqual([...EVENT_STATES].sort());
  });

  it("lets every action through only for roles the permission table allows", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTORS), fc.constantFrom(...USER_ACTIONS), fc.constantFrom(...(["REPORTED", "AT_CENTER", "ACCEPTED", "PROCESSING", "REVIEW", "FEEDBACK", "CLOSED"] as const)), (actor, action, state) => {
        const event: EventFacts = { state, holderUnitId: actor.unitId, holderLevel: LEVEL_OF_UNIT[actor.unitId], reporterId: "someone", urgency: "NORMAL", reopenCount: 0, superviseGrade: 0, resolvedLevel: null };
        const task: TaskFacts = { id: "t", departmentId: actor.departmentId ?? 9, isLead: false, state: "IN_PROGRESS", extensionPending: false };
        const result = guard(action, actor, event, can, task);
        if (result.ok) expect(can(actor.role, ACTION_SPECS[action].permission!)).toBe(true);
      }),
    );
  });

  it("walks the whole path: report, escalate three times, dispatch, complete, pass, close", () => {
    const m = start(ACTORS[0]);
    const step = (actor: string, action: EventAction, extra: Partial<Step> = {}) =>
      apply(m, { actor: ACTORS.findIndex((a) => a.id === actor), action, task: 0, direct: false, rating: 5, grade: 1, coDept: false, ...extra });
    expect(m.event.state).toBe("REPORTED");
    expect(step("community", "escalate")).toBe(false); // not at the community yet
    expect(step("grid", "escalate")).toBe(true);
    expect(step("community", "escalate")).toBe(true);
    expect(step("township", "escalate")).toBe(true);
    expect(m.event.state).toBe("AT_CENTER");
    expect(step("center", "dispatch")).toBe(false); // accept first
    expect(step("center", "accept")).toBe(true);
    expect(step("center", "dispatch", { coDept: true })).toBe(true);
    expect(m.tasks.map((t) => [t.departmentId, t.isLead])).toEqual([[2, true], [1, false]]);
    expect(step("dept1", "taskAccept", { task: 0 })).toBe(false); // task 0 belongs to department 2
    expect(step("dept2", "taskAccept", { task: 0 })).toBe(true);
    expect(m.event.state).toBe("PROCESSING");
    expect(step("dept1", "taskAccept", { task: 1 })).toBe(true);
    expect(step("dept2", "taskComplete", { task: 0 })).toBe(true);
    expect(m.event.state).toBe("REVIEW");
    expect(step("center", "returnToDept")).toBe(true);
    expect(m.tasks[0].state).toBe("IN_PROGRESS");
    expect(step("dept2", "taskComplete", { task: 0 })).toBe(true);
    expect(step("center", "pass")).toBe(true);
    expect(m.tasks[1].state).toBe("CANCELLED");
    expect(m.event.state).toBe("FEEDBACK");
    expect(m.event.holderUnitId).toBe(4);
    expect(step("grid2", "close")).toBe(false); // another grid's worker
    expect(step("grid", "reopen", { rating: 2 })).toBe(true);
    expect(m.event.state).toBe("ACCEPTED");
    expect(step("center", "dispatch")).toBe(true);
    expect(step("dept1", "taskAccept", { task: 2 })).toBe(true);
    expect(step("dept1", "taskComplete", { task: 2 })).toBe(true);
    expect(step("center", "pass")).toBe(true);
    expect(step("grid", "reopen", { rating: 1 })).toBe(false); // only once
    expect(step("grid", "close", { rating: 4 })).toBe(true);
    expect(m.event.state).toBe("CLOSED");
    expect(replay(m.entries).errors).toEqual([]);
  });

  it("lets only urgent events skip straight to the center", () => {
    const event: EventFacts = { state: "REPORTED", holderUnitId: 4, holderLevel: "GRID", reporterId: "grid", urgency: "NORMAL", reopenCount: 0, superviseGrade: 0, resolvedLevel: null };
    expect(guard("escalate", ACTORS[0], event, can, null, { direct: true })).toEqual({ ok: false, reason: "direct" });
    expect(guard("escalate", ACTORS[0], { ...event, urgency: "CRITICAL" }, can, null, { direct: true })).toEqual({ ok: true });
    expect(nextState("escalate", event, null, { direct: true })).toBe("AT_CENTER");
  });

  it("lets only the community at its desk refuse, up to the township or to the center", () => {
    const atCommunity: EventFacts = { state: "AT_COMMUNITY", holderUnitId: 3, holderLevel: "VILLAGE", reporterId: "grid", urgency: "NORMAL", reopenCount: 0, superviseGrade: 0, resolvedLevel: null };
    const community = ACTORS.find((a) => a.id === "community")!;
    expect(guard("refuse", community, atCommunity, can)).toEqual({ ok: true });
    expect(nextState("refuse", atCommunity)).toBe("AT_TOWNSHIP");
    expect(nextState("refuse", atCommunity, null, { direct: true })).toBe("AT_CENTER");
    expect(EDGES.has("refuse:AT_COMMUNITY>AT_TOWNSHIP") && EDGES.has("refuse:AT_COMMUNITY>AT_CENTER")).toBe(true);
    for (const other of ACTORS.filter((a) => a.id !== "community")) expect(guard("refuse", other, atCommunity, can).ok).toBe(false);
    expect(guard("refuse", community, { ...atCommunity, holderUnitId: 9 }, can)).toEqual({ ok: false, reason: "holder" });
    expect(guard("refuse", ACTORS.find((a) => a.id === "township")!, { ...atCommunity, state: "AT_TOWNSHIP", holderUnitId: 2, holderLevel: "TOWNSHIP" }, can)).toEqual({ ok: false, reason: "state" });
  });

  it("offers each role only what it may do now", () => {
    const atCenter: EventFacts = { state: "AT_CENTER", holderUnitId: 1, holderLevel: "COUNTY", reporterId: "grid", urgency: "NORMAL", reopenCount: 0, superviseGrade: 0, resolvedLevel: null };
    const names = (role: RoleKey) => availableActions(ACTORS.find((a) => a.role === role)!, atCenter, [], can).map((a) => a.action);
    expect(names("CENTER_STAFF")).toEqual(["accept", "reject", "merge", "urge", "supervise", "note"]);
    expect(names("LEADER")).toEqual(["urge", "supervise", "instruct", "note"]);
    expect(names("GRID_WORKER")).toEqual([]);
    expect(names("ADMIN")).toEqual([]);
  });

  it("reports a timeline that skips a state", () => {
    const entries: EntryLike[] = [
      { action: "report", taskId: null, fromState: null, toState: "REPORTED", taskFromState: null, taskToState: null, data: null },
      { action: "accept", taskId: null, fromState: "AT_CENTER", toState: "ACCEPTED", taskFromState: null, taskToState: null, data: null },
    ];
    expect(replay(entries).errors).toHaveLength(1);
  });
});
