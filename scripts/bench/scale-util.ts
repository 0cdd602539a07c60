// Pieces shared by the scale seed and the benchmark: a seeded PRNG, CSV encoding for COPY, a
// COPY stream on its own connection that several generators can feed at once, and the
// credentials and keys of the benchmark data.
import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** mulberry32: small, fast, good enough for synthetic data, and reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

/** One value as a CSV field for `COPY … WITH (FORMAT csv)`: empty is NULL, so never pass "". */
export const csv = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `"{${v.join(",")}}"`;
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) || s === "" ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * `COPY table (columns) FROM STDIN` on a connection of its own, fed row by row. Several
 * sinks run at once (one PostgreSQL backend each), so rows of related tables can be
 * generated in one pass. The connection loads with triggers off (session_replication_role
 * = replica): rows of one pass reference each other before any of them is committed, so
 * foreign keys are checked by the caller once everything is in (see verify in
 * scale-cases.ts), and derived tables are rebuilt afterwards.
 */
export class CopySink {
  rows = 0;
  private client: pg.PoolClient | null = null;
  private stream: NodeJS.WritableStream | null = null;
  private buffer: string[] = [];
  private bytes = 0;
  private blocked: Promise<unknown> | null = null;
  private failure: Error | null = null;
  private done: Promise<void> | null = null;
  private readonly started = Date.now();

  private constructor(
    readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  static async open(pool: pg.Pool, table: string, columns: readonly string[]): Promise<CopySink> {
    const sink = new CopySink(table, columns);
    const client = await pool.connect();
    try {
      await client.query("SET session_replication_role = replica");
    } catch (err) {
      client.release();
      throw new Error(`the scale seed loads with triggers off and needs a superuser connection (${(err as Error).message})`);
    }
    sink.client = client;
    const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN WITH (FORMAT csv)`));
    stream.on("error", (err: Error) => (sink.failure ??= err));
    sink.done = new Promise<void>((resolve, reject) => {
      stream.on("finish", resolve);
      stream.on("error", reject);
    });
    sink.done.catch(() => undefined);
    sink.stream = stream;
    return sink;
  }

  push(row: readonly unknown[]): void {
    if (this.failure) throw new Error(`COPY ${this.table}: ${this.failure.message}`);
    if (row.length !== this.columns.length) throw new Error(`COPY ${this.table}: ${row.length} values for ${this.columns.length} columns`);
    const line = row.map(csv).join(",");
    this.buffer.push(line);
    this.bytes += line.length + 1;
    this.rows++;
    if (this.bytes >= 64 * 1024) this.flush();
  }

  private flush() {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join("\n") + "\n";
    this.buffer = [];
    this.bytes = 0;
    if (!this.stream!.write(chunk) && !this.blocked) this.blocked = once(this.stream as unknown as NodeJS.EventEmitter, "drain").finally(() => (this.blocked = null));
  }

  /** Waits while PostgreSQL is behind (keeps memory flat). */
  async ready(): Promise<void> {
    if (this.failure) throw new Error(`COPY ${this.table}: ${this.failure.message}`);
    if (this.blocked) await this.blocked;
  }

  async close(log = true): Promise<number> {
    this.flush();
    this.stream!.end();
    try {
      await this.done;
    } catch (err) {
      throw new Error(`COPY ${this.table}: ${(err as Error).message}`);
    } finally {
      await this.client!.query("SET session_replication_role = origin").catch(() => undefined);
      this.client!.release();
    }
    if (log) console.log(`  ${this.table}: ${this.rows.toLocaleString("en")} rows (${((Date.now() - this.started) / 1000).toFixed(1)} s)`);
    return this.rows;
  }
}

/** Waits until every sink has room again. */
export async function allReady(sinks: Iterable<CopySink>): Promise<void> {
  for (const s of sinks) await s.ready();
}

// --- what the seed and the benchmark agree on ----------------------------------------------

/** Every benchmark user's password. */
export const BENCH_PASSWORD = "Bench@2026pw";
/** The second factor of the benchmark's leaders and administrators (base32, RFC 6238). */
export const BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** Data keys of the scale data: the benchmark's server is started with the same ones. */
export const BENCH_KEYS = {
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 21).toString("base64"),
  DATA_LOOKUP_KEY: Buffer.alloc(32, 22).toString("base64"),
};
