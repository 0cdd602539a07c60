import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import * as dispatch from "@/lib/dispatch/data";
import { claimDueDeadlines, fireDeadline, runDueDeadlines } from "@/lib/dispatch/timers";
import { db } from "@/lib/server/db";
import { createPrisma } from "@/lib/server/prisma";
import { fixture, viewerFor } from "../support/fixtures";
import { acceptedEvent, expectReplays, leadTask, report, setupDispatch, type DispatchFixture } from "../support/dispatch";

// The durable deadline runner: deadlines are rows, claimed with FOR UPDATE SKIP LOCKED and
// fired once. "Later" is simulated by running the timer with a `now` in the future.

let f: DispatchFixture;
beforeEach(async () => {
  f = await setupDispatch();
});

// A second client stands for a second app instance with its own connections.
const other = createPrisma(inject("databaseUrl"), { max: 5 });
afterAll(() => other.$disconnect());

const DAYS = 86_400_000;
const later = (days: number) => new Date(Date.now() + days * DAYS);

describe(`the deadline timer (${inject("databaseKind")})`, () => {
  it("escalates an overdue grid event one level and tells the late desk and the one above", async () => {
    const { id } = await report("grid", f.categoryId);
    const result = await runDueDeadlines(db, { instanceId: "a", now: later(10) });
    expect(result.fired).toBe(1);
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event).toMatchObject({ state: "AT_COMMUNITY", holderUnitId: fixture().units.V11, version: 2 });
    expect(await db.notification.count({ where: { kind: "dispatch.overdue", userId: { in: [fixture().users.grid, fixture().users.community] } } })).toBe(2);
    expect(await db.eventDeadline.findMany({ where: { eventId: id }, select: { status: true, holderId: true }, orderBy: { startsAt: "asc" } })).toEqual([
      { status: "FIRED", holderId: fixture().units.G111 },
      { status: "ACTIVE", holderId: fixture().units.V11 },
    ]);
    // The new desk's clock started when the old one fired; running again at the same
    // instant fires nothing twice.
    expect((await runDueDeadlines(db, { instanceId: "a", now: later(10) })).fired).toBe(0);
    await expectReplays(id);
  });

  it("raises the supervision grade when a department or the center runs late", async () => {
    const id = await acceptedEvent(f.categoryId);
    await dispatch.dispatchEvent(await viewerFor("center"), { id, version: 5, leadDepartmentId: f.police });
    // Both of the department's clocks (accept, handle) and nothing else are due in 30 days.
    const result = await runDueDeadlines(db, { instanceId: "a", now: later(30) });
    expect(result.fired).toBe(2);
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event.superviseGrade).toBe(2);
    expect((await leadTask(id)).rank).toBe(event.rank);
    expect(await db.eventSupervision.count({ where: { eventId: id, targetDepartmentId: f.police, byId: null } })).toBe(2);
    expect(await db.notification.count({ where: { kind: "dispatch.overdue", userId: fixture().users.dept } })).toBe(2);
    await expectReplays(id);
  });

  it("never fires a deadline that was met before it came due", async () => {
    const { id } = await report("grid", f.categoryId);
    await dispatch.closeLocally(await viewerFor("grid"), { id, version: 1, reply: "已处理" });
    expect((await runDueDeadlines(db, { instanceId: "a", now: later(30) })).fired).toBe(0);
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "FEEDBACK", version: 2 });
  });

  it("fires each deadline exactly once with two runners at the same time", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await report(i % 2 ? "grid" : "grid2", f.categoryId, i % 2 ? "G111" : "G112")).id);
    const now = later(10);
    const [a, b] = await Promise.all([
      runDueDeadlines(db, { instanceId: "instance-a", now, limit: 3 }),
      runDueDeadlines(other, { instanceId: "instance-b", now, limit: 3 }),
    ]);
    expect(a.fired + b.fired).toBe(24);
    expect(await db.eventDeadline.count({ where: { status: "FIRED" } })).toBe(24);
    const timeouts = await db.eventTimelineEntry.groupBy({ by: ["eventId"], where: { action: "timeout" }, _count: { _all: true } });
    expect(timeouts).toHaveLength(24);
    expect(timeouts.every((t) => t._count._all === 1)).toBe(true);
    for (const id of ids) expect((await db.event.findUniqueOrThrow({ where: { id } })).state).toBe("AT_COMMUNITY");
  });

  it("survives an instance dying mid-way: its claim expires and another instance fires it once", async () => {
    const { id } = await report("grid", f.categoryId);
    const now = later(10);
    // Instance "dead" claims the row and never fires it.
    expect(await claimDueDeadlines(db, "dead", now)).toHaveLength(1);
    expect((await runDueDeadlines(other, { instanceId: "alive", now })).fired).toBe(0);
    // After the lease the row is claimed again...
    const afterLease = new Date(now.getTime() + 120_000);
    const claimed = await claimDueDeadlines(other, "alive", afterLease);
    expect(claimed).toHaveLength(1);
    // ...and the dead instance, were it to wake up, can no longer fire it.
    expect(await fireDeadline(db, claimed[0], "dead", afterLease)).toBe("skipped");
    expect(await fireDeadline(other, claimed[0], "alive", afterLease)).toBe("fired");
    expect(await fireDeadline(other, claimed[0], "alive", afterLease)).toBe("skipped");
    expect(await db.eventTimelineEntry.count({ where: { eventId: id, action: "timeout" } })).toBe(1);
  });

  it("does not escalate an event a user moved while the runner held the claim", async () => {
    const { id } = await report("grid", f.categoryId);
    const now = later(10);
    const [claimed] = await claimDueDeadlines(db, "a", now);
    await dispatch.escalateEvent(await viewerFor("grid"), { id, version: 1, comment: "上报" });
    expect(await fireDeadline(db, claimed, "a", now)).toBe("skipped");
    expect(await db.event.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "AT_COMMUNITY", version: 2 });
    await expectReplays(id);
  });
});
