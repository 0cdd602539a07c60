import { beforeEach, describe, expect, inject, it } from "vitest";
import * as dispatch from "@/lib/dispatch/data";
import { AppError } from "@/lib/server/errors";
import { db } from "@/lib/server/db";
import { viewerFor } from "../support/fixtures";
import { expectReplays, report, setupDispatch, type DispatchFixture } from "../support/dispatch";

// Conflicting transitions at once. On PostgreSQL they really run in parallel (the pool has
// several connections); on the embedded PGlite the database serialises them, and the
// outcome must be the same.

let f: DispatchFixture;
beforeEach(async () => {
  f = await setupDispatch();
});

type Outcome = { ok: true } | { ok: false; code: string; key?: string };

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, key: err.detail?.key };
    throw err;
  }
}

describe(`concurrent transitions (${inject("databaseKind")})`, () => {
  it("lets exactly one of 50 conflicting dispatchers win; the others see STALE and nothing is lost", async () => {
    // A leader's assignment starts at the center's desk.
    const { id } = await report("leader", f.categoryId);
    const center = await viewerFor("center");
    const attempts = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? dispatch.acceptEvent(center, { id, version: 1, comment: `受理 ${i}` })
        : dispatch.rejectEvent(center, { id, version: 1, reply: `不予受理 ${i}` }),
    );
    const results = await Promise.all(attempts.map(outcome));
    const wins = results.filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    const losses = results.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);
    expect(new Set(losses.map((l) => `${l.code}:${l.key}`))).toEqual(new Set(["STALE:dispatchStale"]));
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event.version).toBe(2);
    expect(await db.eventTimelineEntry.count({ where: { eventId: id } })).toBe(2);
    // Only the winner is audited: a lost race writes nothing at all.
    expect(await db.auditLog.count({ where: { targetId: id, action: { in: ["dispatch.accept", "dispatch.reject"] } } })).toBe(1);
    await expectReplays(id);
  });

  it("never lowers the supervision grade when supervisors act at once", async () => {
    const { id } = await report("leader", f.categoryId);
    const leader = await viewerFor("leader");
    const center = await viewerFor("center");
    const grades = [3, 1, 2, 1, 3, 2, 1, 2, 1, 1, 2, 1];
    await Promise.all(grades.map((grade, i) => dispatch.superviseEvent(i % 2 ? leader : center, { id, requestKey: `race-${i}-${id.slice(-6)}`, grade, comment: "督办" })));
    const event = await db.event.findUniqueOrThrow({ where: { id } });
    expect(event.superviseGrade).toBe(3);
    expect(event.version).toBe(1);
    expect(await db.eventSupervision.count({ where: { eventId: id } })).toBe(grades.length);
    await expectReplays(id);
  });

  it("runs 1,000 transitions on 100 events: exactly the allowed ones succeed", async () => {
    const leader = await viewerFor("leader");
    const events: string[] = [];
    for (let i = 0; i < 100; i++) events.push((await report("leader", i % 2 ? f.categoryId : f.otherCategoryId)).id);
    const center = await viewerFor("center");
    const township = await viewerFor("township");
    const police = await viewerFor("dept");
    // Per event, ten requests at once, all made from version 1 (the AT_CENTER desk):
    // accept or reject (one of which must win), escalate by the township and a department's
    // acceptance (never allowed there), and urges (annotations: always allowed, no version).
    const plan = (id: string, i: number) => [
      () => dispatch.acceptEvent(center, { id, version: 1 }),
      () => dispatch.acceptEvent(center, { id, version: 1 }),
      () => dispatch.rejectEvent(center, { id, version: 1, reply: "重复" }),
      () => dispatch.acceptEvent(center, { id, version: 1 }),
      () => dispatch.escalateEvent(township, { id, version: 1, comment: "x" }),
      () => dispatch.passReview(center, { id, version: 1, reply: "x" }),
      () => dispatch.acceptTask(police, { taskId: `missing-${i}`, version: 1 }),
      () => dispatch.urgeEvent(leader, { id, requestKey: `urge-a-${i}-${id.slice(-8)}`, comment: "催办" }),
      () => dispatch.urgeEvent(center, { id, requestKey: `urge-b-${i}-${id.slice(-8)}`, comment: "催办" }),
      () => dispatch.superviseEvent(leader, { id, requestKey: `sup-${i}-${id.slice(-8)}`, grade: 1 + (i % 3), comment: "督办" }),
    ];
    const byEvent = new Map<string, Outcome[]>();
    // Twenty events (200 requests) at a time keep the connection queue within its limits.
    for (let start = 0; start < events.length; start += 20) {
      const slice = events.slice(start, start + 20);
      const results = await Promise.all(slice.flatMap((id, k) => plan(id, start + k).map((run) => outcome(run()))));
      slice.forEach((id, k) => byEvent.set(id, results.slice(k * 10, k * 10 + 10)));
    }
    let total = 0;
    for (const [id, results] of byEvent) {
      total += results.length;
      const decisive = results.slice(0, 4).filter((r) => r.ok);
      expect(decisive, `event ${id}`).toHaveLength(1);
      for (const r of results.slice(0, 4)) if (!r.ok) expect(r.code).toBe("STALE");
      // Never allowed from AT_CENTER, ACCEPTED or REJECTED, whichever the event is in.
      for (const r of results.slice(4, 6)) expect(["CONFLICT:dispatchNotAllowed", "STALE:dispatchStale"]).toContain(r.ok ? "ok" : `${r.code}:${r.key}`);
      expect(results[6]).toEqual({ ok: false, code: "NOT_FOUND", key: undefined });
      // Annotations need no version and never conflict with a state change, except that a
      // rejected (closed) event can no longer be urged or supervised.
      const rejected = (await db.event.findUniqueOrThrow({ where: { id }, select: { state: true } })).state === "REJECTED";
      for (const r of results.slice(7)) {
        if (!rejected) expect(r.ok).toBe(true);
        else expect(["ok", "CONFLICT:dispatchNotAllowed"]).toContain(r.ok ? "ok" : `${r.code}:${r.key}`);
      }
      await expectReplays(id);
    }
    expect(total).toBe(1000);
    const states = await db.event.groupBy({ by: ["state"], _count: { _all: true } });
    expect(states.reduce((s, x) => s + x._count._all, 0)).toBe(100);
    expect(states.every((s) => s.state === "ACCEPTED" || s.state === "REJECTED")).toBe(true);
    expect(await db.eventTimelineEntry.count({ where: { action: { in: ["accept", "reject"] } } })).toBe(100);
    expect(await db.auditLog.count({ where: { action: { in: ["dispatch.accept", "dispatch.reject"] } } })).toBe(100);
    expect(await db.auditLog.count({ where: { action: { in: ["dispatch.urge", "dispatch.supervise"] } } })).toBe(
      await db.eventTimelineEntry.count({ where: { action: { in: ["urge", "supervise"] } } }),
    );
  });
});
