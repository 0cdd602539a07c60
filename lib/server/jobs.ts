import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client.ts";
import { db } from "./db";
import type { Db } from "./prisma";

// Background jobs: work that outlives a request (large imports and exports). Any app
// instance may run any job: a worker claims the oldest queued job with
// `FOR UPDATE SKIP LOCKED`, so two instances never take the same one, and holds it with a
// lease it renews on every progress report. An instance that dies mid-job lets the lease
// run out; another instance then claims the job again (handlers are idempotent), up to
// MAX_ATTEMPTS times. Every write of a running job is fenced by its attempt number, so an
// instance that lost its lease cannot overwrite the work of the one that took over.
//
// Statuses: QUEUED → RUNNING → DONE | FAILED | CANCELLED, or → WAITING when a handler
// needs a person's decision (an import waits for "import the valid rows" or "import
// nothing") and is queued again by that decision.

export const JOB_STATUS = ["QUEUED", "RUNNING", "WAITING", "DONE", "FAILED", "CANCELLED"] as const;
export type JobStatus = (typeof JOB_STATUS)[number];

const LEASE_SECONDS = 120;
const MAX_ATTEMPTS = 3;

export interface ClaimedJob {
  id: string;
  kind: string;
  input: Prisma.JsonValue;
  createdById: string;
  attempts: number;
}

export interface JobContext {
  /** Reports progress and renews the lease; throws LostLease when another worker took over. */
  progress(done: number, total?: number): Promise<void>;
}

export interface JobOutcome {
  /**
   * DONE, FAILED and CANCELLED end the job; WAITING parks it until a person decides;
   * QUEUED hands it (with `input` for its next phase) to whichever worker comes next.
   */
  status: "DONE" | "WAITING" | "QUEUED" | "FAILED" | "CANCELLED";
  result?: Prisma.InputJsonValue;
  fileId?: string | null;
  error?: string | null;
  input?: Prisma.InputJsonValue;
}

export type JobHandler = (job: ClaimedJob, ctx: JobContext) => Promise<JobOutcome>;

/**
 * Job kinds and where their handlers live. Loaded lazily: the handlers import their
 * modules' data code, which imports this file.
 */
const HANDLERS: Record<string, () => Promise<JobHandler>> = {
  // --- people module ---
  "people.import": async () => (await import("@/lib/people/import")).runImportJob,
  "people.export": async () => (await import("@/lib/people/export")).runExportJob,
};

/**
 * Housekeeping the worker runs about once an hour, per module: e.g. files of old jobs that
 * hold personal data. Each must be safe to run on several instances at once.
 */
const MAINTENANCE: (() => Promise<(client: Db) => Promise<void>>)[] = [
  // --- people module ---
  async () => (await import("@/lib/people/jobs")).expirePeopleJobFiles,
];

const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

export async function runMaintenance(client: Db = db): Promise<void> {
  for (const load of MAINTENANCE) {
    try {
      await (await load())(client);
    } catch (err) {
      console.error("[jobs] maintenance:", err instanceof Error ? err.message : err);
    }
  }
}

export class LostLease extends Error {
  constructor(id: string) {
    super(`job ${id}: lease lost to another worker`);
    this.name = "LostLease";
  }
}

export async function enqueueJob(
  client: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0],
  job: { kind: string; input: Prisma.InputJsonValue; createdById: string; total?: number; status?: "QUEUED" | "RUNNING" },
) {
  if (!HANDLERS[job.kind]) throw new Error(`unknown job kind ${job.kind}`);
  return client.job.create({
    data: {
      kind: job.kind,
      input: job.input,
      createdById: job.createdById,
      total: job.total ?? 0,
      status: job.status ?? "QUEUED",
      // A job created RUNNING is run by the request that made it; the lease lets another
      // worker finish it if that request dies.
      ...(job.status === "RUNNING" ? { attempts: 1, startedAt: new Date(), lockedUntil: new Date(Date.now() + LEASE_SECONDS * 1000) } : {}),
    },
    select: { id: true, kind: true, input: true, createdById: true, attempts: true },
  });
}

/** Claims the oldest runnable job, or null. Gives up on jobs that failed MAX_ATTEMPTS times. */
export async function claimJob(client: Db = db, kinds: string[] = Object.keys(HANDLERS)): Promise<ClaimedJob | null> {
  await client.$executeRaw`
    UPDATE "Job" SET status = 'FAILED', error = 'abandoned: no worker finished it', "finishedAt" = now(), "lockedUntil" = NULL
    WHERE status = 'RUNNING' AND "lockedUntil" < now() AND attempts >= ${MAX_ATTEMPTS}`;
  const rows = await client.$queryRaw<ClaimedJob[]>`
    UPDATE "Job" SET status = 'RUNNING', attempts = attempts + 1,
      "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS}),
      "startedAt" = COALESCE("startedAt", now())
    WHERE id = (
      SELECT id FROM "Job"
      WHERE kind = ANY(${kinds}::text[])
        AND (status = 'QUEUED' OR (status = 'RUNNING' AND "lockedUntil" < now() AND attempts < ${MAX_ATTEMPTS}))
      ORDER BY "createdAt", id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, input, "createdById", attempts`;
  return rows[0] ?? null;
}

function contextFor(job: ClaimedJob, client: Db): JobContext {
  let last = 0;
  return {
    async progress(done, total) {
      // At most a few writes a second; the lease is long enough for that.
      const now = Date.now();
      if (now - last < 250 && total === undefined) return;
      last = now;
      const n = await client.$executeRaw`
        UPDATE "Job" SET progress = ${done}, total = COALESCE(${total ?? null}::int, total),
          "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
        WHERE id = ${job.id} AND status = 'RUNNING' AND attempts = ${job.attempts}`;
      if (n === 0) throw new LostLease(job.id);
    },
  };
}

/** Records how a job ended (fenced by its attempt). */
async function finish(client: Db, job: ClaimedJob, outcome: JobOutcome): Promise<boolean> {
  const terminal = outcome.status === "DONE" || outcome.status === "FAILED" || outcome.status === "CANCELLED";
  const { count } = await client.job.updateMany({
    where: { id: job.id, status: "RUNNING", attempts: job.attempts },
    data: {
      status: outcome.status,
      result: outcome.result,
      fileId: outcome.fileId,
      error: outcome.error ? outcome.error.slice(0, 2000) : null,
      input: outcome.input,
      lockedUntil: null,
      finishedAt: terminal ? new Date() : null,
      // The next phase counts its own attempts.
      ...(terminal ? {} : { attempts: 0 }),
    },
  });
  return count === 1;
}

/**
 * Moves a job from one status to another if it is still in the first, optionally with
 * new input; the caller has checked who may. Returns whether it moved.
 */
export async function transitionJob(
  client: Db | Parameters<Parameters<Db["$transaction"]>[0]>[0],
  id: string,
  from: JobStatus,
  to: "QUEUED" | "RUNNING" | "CANCELLED",
  input?: Prisma.InputJsonValue,
): Promise<ClaimedJob | null> {
  const running = to === "RUNNING";
  const { count } = await client.job.updateMany({
    where: { id, status: from },
    data: {
      status: to,
      input,
      ...(running ? { attempts: { increment: 1 }, lockedUntil: new Date(Date.now() + LEASE_SECONDS * 1000) } : {}),
      ...(to === "CANCELLED" ? { finishedAt: new Date() } : {}),
    },
  });
  if (count === 0) return null;
  return client.job.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, input: true, createdById: true, attempts: true } });
}

/** Runs one claimed job to its end; errors become a FAILED job, never a crash. */
export async function runClaimed(job: ClaimedJob, client: Db = db): Promise<void> {
  const load = HANDLERS[job.kind];
  try {
    if (!load) throw new Error(`no handler for job kind ${job.kind}`);
    const handler = await load();
    const outcome = await handler(job, contextFor(job, client));
    await finish(client, job, outcome);
  } catch (err) {
    if (err instanceof LostLease) return;
    // An expected refusal (a user disabled since, a file broken further in) is one line;
    // anything else is a bug and gets its stack.
    if ((err as { name?: string }).name === "AppError") console.warn(`[jobs] ${job.kind} ${job.id} refused: ${(err as Error).message}`);
    else console.error(`[jobs] ${job.kind} ${job.id} failed:`, err);
    const message = (err as { detail?: { key?: string } }).detail?.key ?? (err instanceof Error ? err.message : String(err));
    await finish(client, job, { status: "FAILED", error: message }).catch(() => undefined);
  }
}

/** Runs queued jobs until none is left (tests, scripts). Returns how many ran. */
export async function runPendingJobs(client: Db = db): Promise<number> {
  let ran = 0;
  for (let job = await claimJob(client); job; job = await claimJob(client)) {
    await runClaimed(job, client);
    ran++;
  }
  return ran;
}

const holder = globalThis as unknown as { __vitalgridJobWorker?: { stop: () => void } };

/**
 * Starts this instance's worker (once per process): it polls for queued jobs and runs one
 * at a time. Called from instrumentation.ts when the server starts.
 */
export function startJobWorker(opts: { intervalMs?: number } = {}): void {
  if (holder.__vitalgridJobWorker) return;
  const interval = opts.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastMaintenance = 0;
  const tick = async () => {
    if (stopped) return;
    let ranOne = false;
    if (Date.now() - lastMaintenance > MAINTENANCE_EVERY_MS) {
      lastMaintenance = Date.now();
      await runMaintenance();
    }
    try {
      const job = await claimJob();
      if (job) {
        ranOne = true;
        await runClaimed(job);
      }
    } catch (err) {
      // The database may be down for a moment; try again at the next tick.
      console.error("[jobs] worker:", err instanceof Error ? err.message : err);
    }
    if (!stopped) {
      timer = setTimeout(tick, ranOne ? 0 : interval);
      timer.unref?.();
    }
  };
  timer = setTimeout(tick, interval);
  timer.unref?.();
  holder.__vitalgridJobWorker = {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      holder.__vitalgridJobWorker = undefined;
    },
  };
}

export function stopJobWorker(): void {
  holder.__vitalgridJobWorker?.stop();
}
