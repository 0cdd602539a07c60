// Subtree queries at 100,000 units: builds a synthetic tree (1 county-level root, 100
// townships, 1,000 villages, ~99,000 grids) in a scratch database on DATABASE_URL's server
// (or an embedded PGlite when DATABASE_URL is unset), then times "every unit below X" and
// "grids below X" for units at each level. Prints p50/p95 in milliseconds.
//   npx tsx scripts/bench/units.ts [--units 100000] [--runs 200]
import { parseArgs } from "node:util";
import pg from "pg";
import { startEmbeddedServer } from "../db/embedded";
import { applyMigrations } from "../db/migrate";

const { values } = parseArgs({ options: { units: { type: "string", default: "100000" }, runs: { type: "string", default: "200" } } });
const target = Number(values.units);
const runs = Number(values.runs);

async function scratch(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const s = await startEmbeddedServer({ dataDir: "memory" });
    return { url: s.url, drop: s.stop };
  }
  const name = `vitalgrid_bench_units_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function pct(samples: number[], p: number) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const db = await scratch();
try {
  await applyMigrations(db.url);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const started = Date.now();
  // Ids are assigned by hand so the paths can be built in one pass with generate_series.
  const townships = 100;
  const villagesPer = 10;
  const gridsPer = Math.max(1, Math.floor((target - 1 - townships - townships * villagesPer) / (townships * villagesPer)));
  await c.query(`INSERT INTO "Unit"(id, code, name, level, "parentId", "pathIds", depth, "updatedAt") VALUES (1, 'R', 'root', 'COUNTY', NULL, '{1}', 0, now())`);
  await c.query(
    `INSERT INTO "Unit"(id, code, name, level, "parentId", "pathIds", depth, "updatedAt")
     SELECT 1 + t, 'T' || t, 'township ' || t, 'TOWNSHIP', 1, ARRAY[1, 1 + t], 1, now() FROM generate_series(1, $1) t`,
    [townships],
  );
  await c.query(
    `INSERT INTO "Unit"(id, code, name, level, "parentId", "pathIds", depth, "updatedAt")
     SELECT 1000 + v, 'V' || v, 'village ' || v, 'VILLAGE', 1 + ((v - 1) / $2) + 1, ARRAY[1, 1 + ((v - 1) / $2) + 1, 1000 + v], 2, now()
     FROM generate_series(1, $1) v`,
    [townships * villagesPer, villagesPer],
  );
  await c.query(
    `INSERT INTO "Unit"(id, code, name, level, "parentId", "pathIds", depth, "updatedAt")
     SELECT 100000 + g, 'G' || g, 'grid ' || g, 'GRID', 1000 + ((g - 1) / $2) + 1,
            ARRAY[1, 1 + ((((g - 1) / $2)) / $3) + 1, 1000 + ((g - 1) / $2) + 1, 100000 + g], 3, now()
     FROM generate_series(1, $1) g`,
    [townships * villagesPer * gridsPer, gridsPer, villagesPer],
  );
  await c.query(`SELECT setval(pg_get_serial_sequence('"Unit"', 'id'), (SELECT max(id) FROM "Unit"))`);
  await c.query(`ANALYZE "Unit"`);
  const { rows } = await c.query(`SELECT count(*)::int AS n FROM "Unit"`);
  console.log(`built ${rows[0].n} units in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const cases: [string, string, () => number][] = [
    ["grids below a township", `SELECT id, name FROM "Unit" WHERE "pathIds" @> ARRAY[$1]::int[] AND level = 'GRID'`, () => 2 + Math.floor(Math.random() * townships)],
    ["units below a village", `SELECT id, name FROM "Unit" WHERE "pathIds" @> ARRAY[$1]::int[]`, () => 1001 + Math.floor(Math.random() * townships * villagesPer)],
    ["count below the root", `SELECT count(*) FROM "Unit" WHERE "pathIds" @> ARRAY[$1]::int[]`, () => 1],
  ];
  const results: Record<string, { p50: number; p95: number; rows: number }> = {};
  for (const [label, sql, arg] of cases) {
    const samples: number[] = [];
    let n = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await c.query(sql, [arg()]);
      samples.push(performance.now() - t0);
      n = r.rowCount ?? 0;
    }
    results[label] = { p50: +pct(samples, 50).toFixed(2), p95: +pct(samples, 95).toFixed(2), rows: n };
  }
  const plan = await c.query(`EXPLAIN SELECT id FROM "Unit" WHERE "pathIds" @> ARRAY[1050]::int[]`);
  console.table(results);
  console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  await c.end();
} finally {
  await db.drop();
}
