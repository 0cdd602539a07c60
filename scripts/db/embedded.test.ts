// The embedded database under concurrent connections: every connection's extended-protocol
// exchange (Parse, Bind, Execute, Sync) must reach the single backend in one piece, and a
// transaction must keep the backend until it ends.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded.ts";

let server: EmbeddedServer;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startEmbeddedServer({ dataDir: "memory" });
  pool = new pg.Pool({ connectionString: server.url, max: 8 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

describe("embedded database over the wire", () => {
  it("keeps concurrent parameterised statements of different shapes apart", async () => {
    // Large parameters and results arrive and leave in several chunks, which is when the
    // server's handling of one connection can yield to another's.
    const big = "x".repeat(200_000);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? pool.query<{ n: number }>("SELECT length($1::text) + $2::int AS n", [big, i]).then((r) => [r.rows[0].n, big.length + i])
          : pool
              .query<{ n: number }>("SELECT count(*)::int + $1::int + $2::int AS n FROM generate_series(1, $3::int) g, LATERAL (SELECT repeat('y', 100)) r", [i, 1, 5000])
              .then((r) => [r.rows[0].n, 5000 + i + 1]),
      ),
    );
    for (const [got, want] of results) expect(got).toBe(want);
  });

  it("runs one connection's transaction without others' statements inside it", async () => {
    await pool.query("CREATE TABLE IF NOT EXISTS queue_probe (id int primary key, v text)");
    const a = await pool.connect();
    try {
      await a.query("BEGIN");
      await a.query("INSERT INTO queue_probe VALUES (1, 'a')");
      // Another connection's read waits for the transaction and then sees its outcome.
      const seen = pool.query<{ n: number }>("SELECT count(*)::int AS n FROM queue_probe");
      await a.query("ROLLBACK");
      expect((await seen).rows[0].n).toBe(0);
    } finally {
      a.release();
    }
  });

  it("gives the backend back when a connection leaves mid-transaction", async () => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query("BEGIN");
    await c.query("INSERT INTO queue_probe VALUES (2, 'left behind')");
    await c.end();
    const r = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM queue_probe WHERE id = $1", [2]);
    expect(r.rows[0].n).toBe(0);
  });
});
