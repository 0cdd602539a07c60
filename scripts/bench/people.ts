// Benchmark of the resident registry's reads at scale: the server time (the data function,
// as a page calls it, with the viewer loaded) of
//
//   - the resident list of one grid, first page, as that grid's worker;
//   - a search by name prefix (one or two characters of a real name), as a township officer
//     and as the county administrator;
//   - a lookup by full ID number (the keyed hash), as the county administrator;
//   - the next page of a grid's list (keyset cursor) and a resident's detail.
//
// Each is run SAMPLES times with varied inputs (different grids, names and people) after a
// warm-up, one at a time, and p50/p95 are printed against the 50 ms target. It only reads:
// point it at the database filled by `npm run bench:seed` (the same keys are used here):
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/vitalgrid_scale npm run bench:people -- [--samples 200]
//
// Never run by the test suites.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({ options: { samples: { type: "string", default: "200" } } });
const SAMPLES = Number(values.samples);
const WARMUP = 30;
const TARGET_MS = 50;

const url = process.env.DATABASE_URL;
if (!url?.startsWith("postgres")) {
  console.error("Set DATABASE_URL to the PostgreSQL database filled by npm run bench:seed.");
  process.exit(2);
}
// The keys the scale seed encrypted and hashed with (scripts/bench/seed-scale.ts).
process.env.DATA_ENCRYPTION_KEY ??= Buffer.alloc(32, 21).toString("base64");
process.env.DATA_LOOKUP_KEY ??= Buffer.alloc(32, 22).toString("base64");
process.env.DB_POOL_MAX ??= "4";

const { db } = await import("@/lib/server/db");
const { loadViewer } = await import("@/lib/server/auth");
const { decryptSecret } = await import("@/lib/server/crypto");
const { getResident, listResidents } = await import("@/lib/people/data");
const { residentFilterSchema } = await import("@/lib/people/schemas");

const sql = new pg.Client({ connectionString: url });
await sql.connect();
const rows = async <T,>(text: string, args: unknown[] = []) => (await sql.query(text, args)).rows as T[];

const residents = await rows<{ count: string }>(`SELECT count(*) FROM "Resident"`);
console.log(`residents: ${Number(residents[0].count).toLocaleString("en")}`);

async function viewerOf(where: string) {
  const [u] = await rows<{ id: string; sessionVersion: number }>(`SELECT id, "sessionVersion" FROM "User" WHERE enabled AND ${where} ORDER BY username LIMIT 1`);
  if (!u) throw new Error(`no user where ${where}`);
  const v = await loadViewer(u.id, u.sessionVersion, "127.0.0.1");
  if (!v) throw new Error(`user ${u.id} cannot sign in`);
  return v;
}

const workers = await rows<{ id: string; sessionVersion: number }>(
  `SELECT id, "sessionVersion" FROM "User" WHERE enabled AND role = 'GRID_WORKER' ORDER BY username LIMIT 50`,
);
const gridViewers: NonNullable<Awaited<ReturnType<typeof loadViewer>>>[] = [];
for (const w of workers) {
  const v = await loadViewer(w.id, w.sessionVersion, "127.0.0.1");
  if (v) gridViewers.push(v);
}
const admin = await viewerOf(`role = 'ADMIN' AND "unitId" IN (SELECT id FROM "Unit" WHERE level = 'COUNTY')`);
const township = await viewerOf(`role = 'TOWNSHIP_OFFICER'`);

// People to look for: a spread of residents of the administrator's county.
const sample = await rows<{ id: string; name: string; idCipher: string }>(
  `SELECT r.id, r.name, r."idCipher" FROM "Resident" r TABLESAMPLE SYSTEM (1) JOIN "Unit" g ON g.id = r."gridId"
   WHERE g."pathIds" @> ARRAY[$1]::int[] AND r."deletedAt" IS NULL LIMIT 400`,
  [admin.unitId],
);
const inTownship = await rows<{ name: string }>(
  `SELECT r.name FROM "Resident" r TABLESAMPLE SYSTEM (1) JOIN "Unit" g ON g.id = r."gridId"
   WHERE g."pathIds" @> ARRAY[$1]::int[] AND r."deletedAt" IS NULL LIMIT 400`,
  [township.unitId],
);
const idNumbers = sample.map((r) => decryptSecret(r.idCipher));
await sql.end();

const pick = <T,>(list: T[], i: number) => list[i % list.length];
const filter = (f: Record<string, string>) => residentFilterSchema.parse(f);

// A second page of each grid worker's list, for the keyset cursor.
const cursors = new Map<string, string>();
for (const v of gridViewers.slice(0, 20)) {
  const first = await listResidents(v, filter({}));
  if (first.nextCursor) cursors.set(v.id, first.nextCursor);
}
const paged = gridViewers.filter((v) => cursors.has(v.id));

const cases: { name: string; run: (i: number) => Promise<unknown> }[] = [
  { name: "one grid's list, first page (grid worker)", run: (i) => listResidents(pick(gridViewers, i), filter({})) },
  { name: "one grid's list, next page (grid worker)", run: (i) => { const v = pick(paged, i); return listResidents(v, filter({ cursor: cursors.get(v.id)! })); } },
  { name: "name prefix, 1 character (township officer)", run: (i) => listResidents(township, filter({ q: pick(inTownship, i).name.slice(0, 1) })) },
  { name: "name prefix, 2 characters (township officer)", run: (i) => listResidents(township, filter({ q: pick(inTownship, i).name.slice(0, 2) })) },
  { name: "name prefix, 2 characters (county admin)", run: (i) => listResidents(admin, filter({ q: pick(sample, i).name.slice(0, 2) })) },
  { name: "full ID number (county admin)", run: (i) => listResidents(admin, filter({ q: pick(idNumbers, i) })) },
  { name: "resident detail (county admin)", run: (i) => getResident(admin, pick(sample, i).id) },
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
let failed = false;
console.log(`\n${"request".padEnd(48)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  target`);
for (const c of cases) {
  for (let i = 0; i < WARMUP; i++) await c.run(i + 1000);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await c.run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p95 = pct(times, 95);
  if (p95 > TARGET_MS) failed = true;
  console.log(`${c.name.padEnd(48)} ${pct(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${p95 <= TARGET_MS ? "ok" : `over ${TARGET_MS} ms`}`);
}
await db.$disconnect();
process.exit(failed ? 1 : 0);
