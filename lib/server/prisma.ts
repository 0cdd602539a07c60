// The one place that builds a Prisma client. The app uses the singleton in db.ts;
// command-line scripts (seed, import, benchmark) build their own with createPrisma().
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";

export interface PoolOptions {
  max?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export function createPrisma(connectionString: string, pool: PoolOptions = {}) {
  const adapter = new PrismaPg(
    {
      connectionString,
      max: pool.max ?? 10,
      // Fail fast when PostgreSQL is down or every connection is busy, instead of
      // letting requests pile up; pg reconnects by itself when the server is back.
      connectionTimeoutMillis: pool.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 30_000,
      statement_timeout: pool.statementTimeoutMs ?? 15_000,
      application_name: "vitalgrid",
    },
    { onPoolError: (err) => console.error("[db] idle client error:", err.message) },
  );
  // Secret columns are left out of every result unless a query selects them by name.
  const omit = { user: { passwordHash: true, totpCipher: true, totpPendingCipher: true }, resident: { idCipher: true, phone: true } } as const;
  if (process.env.VITALGRID_BENCH !== "1") return new PrismaClient({ adapter, omit });
  // Benchmark mode: count SQL statements so the benchmark can report statements per request.
  const client = new PrismaClient({ adapter, omit, log: [{ emit: "event", level: "query" }] });
  client.$on("query", () => {
    queryCounter.count++;
  });
  return client as unknown as PrismaClient<never, typeof omit>;
}

/** Statements issued by this process, counted only in benchmark mode (VITALGRID_BENCH=1). */
export const queryCounter: { count: number } = ((globalThis as { __vitalgridQueries?: { count: number } }).__vitalgridQueries ??= { count: 0 });

export type Db = ReturnType<typeof createPrisma>;
/** A transaction client, as passed to `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
