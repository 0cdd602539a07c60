import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { db, isDatabaseUnavailable } from "@/lib/server/db";
import { sweepOrphanUploads } from "@/lib/server/files";
import type { Db } from "@/lib/server/prisma";
import { dispatchConfig } from "./config";
import { mergeRecipients, setTimerWaker } from "./effects";
import { currentHandlers, deskOf, raiseSupervision, SYSTEM, transition, TX_OPTIONS } from "./engine";
import { MAX_GRADE, nextState, rankOf, type EventState } from "./workflow";

// The durable deadline runner. Deadlines are rows (EventDeadline); a restart loses nothing
// because nothing lives in memory. Any number of app instances may run it:
//
// 1. claim: one short statement marks due rows FIRING with this instance's id and a lease,
//    choosing them with FOR UPDATE SKIP LOCKED, so two instances never claim the same row;
//    rows whose lease ran out (an instance died mid-way) are claimed again.
// 2. fire: per row, one transaction locks the event (the order every transition uses),
//    re-reads the row, and only if it is still FIRING under this instance's claim applies
//    the timeout (escalation, or a raised supervision grade) and marks the row FIRED.
//    A transition that met the deadline in the meantime has already marked it MET, and an
//    instance whose lease was taken over fails the final conditional update and rolls back.
// So each deadline fires exactly once, on PostgreSQL and on the embedded PGlite alike.

export const LEASE_MS = 60_000;
export const DEFAULT_INTERVAL_MS = 15_000;
const BATCH = 20;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

const utc = (d: Date) => d.toISOString();

/** Marks up to `limit` due deadlines as claimed by `instanceId`; returns their ids. */
export async function claimDueDeadlines(client: Db, instanceId: string, now: Date, limit = BATCH): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>`
    UPDATE "EventDeadline" SET "status" = 'FIRING', "lockedBy" = ${instanceId},
      "lockedUntil" = (${utc(new Date(now.getTime() + LEASE_MS))}::timestamptz AT TIME ZONE 'UTC')
    WHERE "id" IN (
      SELECT "id" FROM "EventDeadline"
      WHERE "status" IN ('ACTIVE', 'FIRING')
        AND "dueAt" <= (${utc(now)}::timestamptz AT TIME ZONE 'UTC')
        AND ("status" = 'ACTIVE' OR "lockedUntil" < (${utc(now)}::timestamptz AT TIME ZONE 'UTC'))
      ORDER BY "dueAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  return rows.map((r) => r.id);
}

type Outcome = "fired" | "skipped" | "cancelled";

/** Fires one claimed deadline in its own transaction. */
export async function fireDeadline(client: Db, id: string, instanceId: string, now: Date): Promise<Outcome> {
  // Read the rules and calendar before taking a connection for the transaction: on the
  // embedded database a second connection waits while a transaction is open.
  await dispatchConfig();
  return client.$transaction(async (tx) => {
    const claimed = await tx.eventDeadline.findUnique({ where: { id }, select: { eventId: true } });
    if (!claimed) return "skipped";
    // The event first, as every transition does; then the row as it is now.
    const locked = await tx.$queryRaw<{ state: EventState }[]>`SELECT "state"::text AS "state" FROM "Event" WHERE "id" = ${claimed.eventId} FOR NO KEY UPDATE`;
    const d = await tx.eventDeadline.findFirst({
      where: { id, status: "FIRING", lockedBy: instanceId },
      select: { id: true, eventId: true, taskId: true, stage: true, holder: true, holderId: true },
    });
    if (!d) return "skipped";
    const state = locked[0]?.state;
    const stillRunning = state && state !== "FEEDBACK" && state !== "CLOSED" && state !== "REJECTED" && state !== "MERGED";
    if (!stillRunning) {
      await tx.eventDeadline.update({ where: { id }, data: { status: "CANCELLED", closedAt: now, lockedBy: null, lockedUntil: null } });
      return "cancelled";
    }
    await transition(SYSTEM, {}, {
      action: "timeout",
      eventId: d.eventId,
      tx,
      now,
      needsTasks: true,
      plan: async (ctx) => {
        const data = { deadlineId: d.id, stage: d.stage, holder: d.holder, taskId: d.taskId };
        const escalatesTo = nextState("timeout", { state: ctx.event.state, resolvedLevel: null });
        if (escalatesTo && d.taskId === null) {
          // A territorial desk ran late: the event moves one level up; the late desk and
          // the one above (its supervisor, now holding it) are told.
          const units = await ctx.units();
          return { data, notices: [{ kind: "overdue", to: mergeRecipients(currentHandlers(ctx), deskOf(escalatesTo, ctx.event.source, units)) }] };
        }
        // The center or a department ran late: the supervision grade goes up one step.
        const grade = Math.min(MAX_GRADE, ctx.event.superviseGrade + 1);
        const late = d.taskId ? { departments: [d.holderId] } : { center: true };
        const above = d.taskId ? { center: true } : { leaders: true };
        return {
          event: { superviseGrade: grade, rank: rankOf(grade, ctx.event.urgency) },
          eventOnlyIfGradeBelow: grade,
          data: { ...data, grade },
          notices: [{ kind: "overdue", to: mergeRecipients(late, above) }],
          after: (entryId) =>
            raiseSupervision(ctx, grade, null, entryId, [d.taskId ? { targetDepartmentId: d.holderId, targetUnitId: null } : { targetDepartmentId: null, targetUnitId: d.holderId }]),
        };
      },
    });
    const { count } = await tx.eventDeadline.updateMany({
      where: { id, status: "FIRING", lockedBy: instanceId },
      data: { status: "FIRED", firedAt: now, lockedBy: null, lockedUntil: null },
    });
    if (count !== 1) throw new Error("deadline claim lost");
    return "fired";
  }, TX_OPTIONS);
}

export interface RunResult {
  fired: number;
  skipped: number;
  cancelled: number;
}

/** Claims and fires every deadline due at `now`, batch by batch. */
export async function runDueDeadlines(client: Db = db, opts: { instanceId?: string; now?: Date; limit?: number } = {}): Promise<RunResult> {
  const instanceId = opts.instanceId ?? INSTANCE_ID;
  const now = opts.now ?? new Date();
  const out: RunResult = { fired: 0, skipped: 0, cancelled: 0 };
  for (;;) {
    const ids = await claimDueDeadlines(client, instanceId, now, opts.limit ?? BATCH);
    for (const id of ids) {
      try {
        out[await fireDeadline(client, id, instanceId, now)]++;
      } catch (err) {
        // Left FIRING: the lease runs out and a later pass (of any instance) retries it.
        out.skipped++;
        if (!isDatabaseUnavailable(err)) console.error("[dispatch-timer] firing", id, "failed:", (err as Error).message);
      }
    }
    if (ids.length < (opts.limit ?? BATCH)) return out;
  }
}

export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

const holder = globalThis as unknown as { __vitalgridDispatchTimer?: { stop(): void } };

/**
 * Starts the runner in this process (once; instrumentation.ts calls it). Polls every
 * DISPATCH_TIMER_INTERVAL_MS (15 s by default) and wakes earlier for a deadline a
 * transition just started. DISPATCH_TIMER=0 turns it off.
 */
export function startDeadlineTimer(): { stop(): void } {
  if (holder.__vitalgridDispatchTimer) return holder.__vitalgridDispatchTimer;
  const interval = Math.max(1000, Number(process.env.DISPATCH_TIMER_INTERVAL_MS) || DEFAULT_INTERVAL_MS);
  let timer: NodeJS.Timeout | null = null;
  let nextAt = 0;
  let running = false;
  let stopped = false;
  let lastSweep = Date.now();

  const schedule = (delay: number) => {
    if (stopped) return;
    const at = Date.now() + delay;
    if (timer && nextAt <= at) return;
    if (timer) clearTimeout(timer);
    nextAt = at;
    timer = setTimeout(tick, Math.max(0, delay));
    timer.unref?.();
  };
  const tick = async () => {
    timer = null;
    if (running) return schedule(interval);
    running = true;
    try {
      await runDueDeadlines(db);
      if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = Date.now();
        await sweepOrphanUploads();
      }
    } catch (err) {
      if (!isDatabaseUnavailable(err)) console.error("[dispatch-timer]", (err as Error).message);
    } finally {
      running = false;
      schedule(interval);
    }
  };
  setTimerWaker((at) => schedule(at.getTime() - Date.now() + 50));
  schedule(2000);
  const handle = {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      setTimerWaker(null);
      holder.__vitalgridDispatchTimer = undefined;
    },
  };
  holder.__vitalgridDispatchTimer = handle;
  return handle;
}
