// Dashboard benchmark on the scale data set: adds events (and governance-center disputes
// and petitions) to a database filled by `npm run bench:seed`, then prints the server time
// of every dashboard figure (p50/p95), the size of the map's grid layer, and — with
// --browser — the time until the dashboard page is ready in headless Chromium.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/vitalgrid_scale_dashboard \
//     npx tsx --conditions=react-server scripts/bench/dashboard.ts [--events 500000] [--samples 40] [--browser]
//
// The events are added once (ids "dbe…"; run again to reuse them; --reseed replaces them):
// N events over the last two years, 10% still open (a tenth of those overdue), closed
// ones with a resolution level and rating, one in eight with a fired deadline, department
// tasks for a third, supervision for 3%. A database whose scale seed already holds N
// events (npm run bench:seed writes them with their timelines, disputes and petitions) is
// measured as it is, unless --reseed. --browser needs a production build
// (NEXT_DIST_DIR, default .next) and starts `next start` on the database.
// Never run by the test suites.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { applyMigrations } from "../db/migrate";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "500000" },
    samples: { type: "string", default: "40" },
    browser: { type: "boolean", default: false },
    reseed: { type: "boolean", default: false },
    /** With --browser: save a picture of the page here. */
    screenshot: { type: "string" },
  },
});
const N = Number(values.events);
const SAMPLES = Number(values.samples);
const url = process.env.DATABASE_URL;
if (!url || !url.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL database filled by `npm run bench:seed`.");
  process.exit(2);
}
process.env.DISPATCH_TIMER = "0";
process.env.VITALGRID_JOBS = "0";
process.env.DATA_ENCRYPTION_KEY ??= Buffer.alloc(32, 21).toString("base64");
process.env.DATA_LOOKUP_KEY ??= Buffer.alloc(32, 22).toString("base64");
const BENCH_PASSWORD = "Bench@2026pw";

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s.at(-1)! };
};
const ms = (x: number) => x.toFixed(1).padStart(8);

await applyMigrations(url);
const client = new pg.Client({ connectionString: url });
await client.connect();
const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];

const [{ residents, grids }] = await one<{ residents: number; grids: number }>(
  `SELECT (SELECT count(*) FROM "Resident")::int AS residents, (SELECT count(*) FROM "Unit" WHERE level = 'GRID')::int AS grids`,
);
if (!residents) {
  console.error("The database has no residents: fill it with `npm run bench:seed` first.");
  process.exit(2);
}

// --- events, disputes and petitions at scale -------------------------------------------
async function seedEvents() {
  const t0 = performance.now();
  const [{ have, seeded }] = await one<{ have: number; seeded: number }>(
    `SELECT count(*) FILTER (WHERE id LIKE 'dbe%')::int AS have, count(*) FILTER (WHERE id NOT LIKE 'dbe%')::int AS seeded FROM "Event"`,
  );
  if (have === N && !values.reseed) return console.log(`events: reusing ${have.toLocaleString("en")} benchmark events`);
  if (!have && seeded >= N && !values.reseed) return console.log(`events: using the scale seed's ${seeded.toLocaleString("en")} events, disputes and petitions`);
  console.log(`events: writing ${N.toLocaleString("en")} …`);
  // Bulk writes with triggers off (where allowed); the event rollups are recounted at the end.
  await one(`SET session_replication_role = replica`).catch(() => undefined);
  for (const t of ["EventSupervision", "EventDeadline", "DispatchTask", "EventTimelineEntry"]) await one(`DELETE FROM "${t}" WHERE "eventId" LIKE 'dbe%'`);
  await one(`DELETE FROM "Event" WHERE id LIKE 'dbe%'`);
  await one(`DELETE FROM "MediationAgreement" WHERE id LIKE 'dba%'`);
  await one(`DELETE FROM "Dispute" WHERE id LIKE 'dbd%'`);
  await one(`DELETE FROM "Petition" WHERE id LIKE 'dbp%'`);
  if (!(await one<{ n: number }>(`SELECT count(*)::int AS n FROM "EventCategory"`))[0].n) {
    const { db } = await import("@/lib/server/db");
    const { seedDispatchReference } = await import("../../prisma/seed/dispatch");
    await seedDispatchReference(db);
  }
  const [reporter] = await one<{ id: string }>(`SELECT id FROM "User" WHERE role = 'CENTER_STAFF' ORDER BY id LIMIT 1`);
  await one(`SELECT setseed(0.2026)`);
  await one(`
    DROP TABLE IF EXISTS dg; DROP TABLE IF EXISTS dc; DROP TABLE IF EXISTS dd;
    CREATE TEMP TABLE dg AS SELECT row_number() OVER (ORDER BY id) AS rn, id, "pathIds" AS p, coalesce("centerLat", 40) AS lat, coalesce("centerLng", 97) AS lng FROM "Unit" WHERE level = 'GRID';
    CREATE TEMP TABLE dc AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "EventCategory" WHERE "parentId" IS NOT NULL;
    CREATE TEMP TABLE dd AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "Department";`);
  const [{ ng, nc, nd }] = await one<{ ng: number; nc: number; nd: number }>(`SELECT (SELECT count(*) FROM dg)::int AS ng, (SELECT count(*) FROM dc)::int AS nc, (SELECT count(*) FROM dd)::int AS nd`);
  const [{ base }] = await one<{ base: number }>(`SELECT coalesce(max("no"), 0)::int AS base FROM "Event"`);
  await one(
    `
    INSERT INTO "Event" ("id", "no", "source", "categoryId", "urgency", "title", "description", "lat", "lng", "gridId", "autoGridId", "holderUnitId",
      "state", "isOpen", "superviseGrade", "rank", "dueAt", "warnAt", "leadDepartmentId", "rating", "resolvedLevel", "reporterId", "idempotencyKey", "reportedAt", "closedAt", "updatedAt")
    SELECT 'dbe' || s.i, $2::int + s.i, s.source::"EventSource", dc.id, 'NORMAL', '基准事件 ' || s.i, '大屏基准测试事件', dg.lat + (s.r7 - 0.5) * 0.006, dg.lng + (s.r8 - 0.5) * 0.006, dg.id, dg.id,
      CASE WHEN s.open THEN dg.id END, s.state::"EventState", s.open, s.grade, s.grade * 3,
      CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (CASE WHEN s.r4 < 0.1 THEN -1 ELSE 1 END) * (1 + s.r5 * 5) * interval '1 day' END,
      CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (CASE WHEN s.r4 < 0.1 THEN -2 WHEN s.r4 < 0.25 THEN -0.5 ELSE 0.5 END) * interval '1 day' END,
      CASE WHEN s.dept THEN dd.id END,
      CASE WHEN s.state = 'CLOSED' AND s.r5 < 0.85 THEN 1 + floor(s.r6 * 5)::int END,
      CASE WHEN s.state IN ('CLOSED', 'FEEDBACK') THEN (CASE WHEN s.dept THEN 'DEPARTMENT' WHEN s.r6 < 0.55 THEN 'GRID' WHEN s.r6 < 0.8 THEN 'VILLAGE' ELSE 'TOWNSHIP' END) END,
      $1, 'dbe-' || s.i, s.reported, CASE WHEN NOT s.open THEN s.reported + (0.5 + s.r5 * 6) * interval '1 day' END, now()
    FROM (
      SELECT i, r3, r4, r5, r6, r7, r8,
        CASE WHEN r1 < 0.9 THEN (CASE WHEN r2 < 0.93 THEN 'CLOSED' WHEN r2 < 0.97 THEN 'REJECTED' ELSE 'MERGED' END)
          ELSE (CASE WHEN r2 < 0.3 THEN 'REPORTED' WHEN r2 < 0.4 THEN 'AT_COMMUNITY' WHEN r2 < 0.5 THEN 'AT_TOWNSHIP' WHEN r2 < 0.6 THEN 'ACCEPTED'
            WHEN r2 < 0.8 THEN 'PROCESSING' ELSE 'FEEDBACK' END) END AS state,
        r1 >= 0.9 AS open,
        CASE WHEN r3 < 0.7 THEN 'GRID_REPORT' WHEN r3 < 0.8 THEN 'SENTIMENT' WHEN r3 < 0.95 THEN 'CENTER_INTAKE' ELSE 'LEADER_ASSIGNMENT' END AS source,
        r3 >= 0.8 OR r6 > 0.95 AS dept,
        CASE WHEN r1 >= 0.9 AND r4 < 0.1 AND r5 < 0.3 THEN 1 + floor(r6 * 3)::int ELSE 0 END AS grade,
        now() - (CASE WHEN r1 >= 0.9 THEN r4 * 30 ELSE r4 * 730 END) * interval '1 day' AS reported
      FROM (SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8 FROM generate_series(1, ${N}) i) x
    ) s
    JOIN dg ON dg.rn = 1 + (s.i::bigint * 7919) % ${ng}
    JOIN dc ON dc.rn = 1 + (s.i::bigint * 104729) % ${nc}
    JOIN dd ON dd.rn = 1 + (s.i * 31) % ${nd}`,
    [reporter.id, base],
  );
  await one(`SELECT setval(pg_get_serial_sequence('"Event"', 'no'), (SELECT max("no") FROM "Event"))`);
  // One handling deadline per event; one in eight closed events missed it.
  await one(`
    INSERT INTO "EventDeadline" ("id", "eventId", "stage", "holder", "holderId", "startsAt", "warnAt", "dueAt", "status", "firedAt")
    SELECT 'dbd' || e."no", e.id, 'HANDLE', 'UNIT', e."gridId", e."reportedAt", e."reportedAt" + interval '2 days', e."reportedAt" + interval '3 days',
      (CASE WHEN e."isOpen" THEN 'ACTIVE' WHEN e."no" % 8 = 0 THEN 'FIRED' ELSE 'MET' END)::"DeadlineStatus",
      CASE WHEN NOT e."isOpen" AND e."no" % 8 = 0 THEN e."reportedAt" + interval '3 days' END
    FROM "Event" e WHERE e.id LIKE 'dbe%'`);
  await one(`
    INSERT INTO "DispatchTask" ("id", "eventId", "departmentId", "isLead", "state", "acceptDueAt", "acceptWarnAt", "dueAt", "warnAt", "eventNo", "createdAt", "updatedAt")
    SELECT 'dbt' || e."no", e.id, e."leadDepartmentId", true, (CASE WHEN e."isOpen" THEN 'IN_PROGRESS' ELSE 'COMPLETED' END)::"DispatchTaskState",
      e."reportedAt" + interval '1 day', e."reportedAt" + interval '18 hours', e."reportedAt" + interval '5 days', e."reportedAt" + interval '4 days', e."no", e."reportedAt",
      coalesce(e."closedAt", now())
    FROM "Event" e WHERE e.id LIKE 'dbe%' AND e."leadDepartmentId" IS NOT NULL`);
  await one(`
    INSERT INTO "EventSupervision" ("id", "eventId", "grade", "targetUnitId", "targetDepartmentId", "entryId", "at")
    SELECT 'dbs' || e."no", e.id, 1 + e."no" % 3, CASE WHEN e."leadDepartmentId" IS NULL THEN e."gridId" END, e."leadDepartmentId", e."no", e."reportedAt" + interval '2 days'
    FROM "Event" e WHERE e.id LIKE 'dbe%' AND e."no" % 33 = 0`);

  // Governance center: disputes registered at township centers, petitions at the county's.
  const [creator] = await one<{ id: string }>(`SELECT id FROM "User" WHERE role = 'CENTER_STAFF' ORDER BY id LIMIT 1`);
  await one(
    `
    INSERT INTO "Dispute" ("id", "unitId", "gridId", "title", "facts", "type", "risk", "riskReason", "source", "status", "referral", "registeredAt", "concludedAt", "createdById", "requestKey", "updatedAt")
    SELECT 'dbd' || i, dg.p[2], dg.id, '基准纠纷 ' || i, '事实', 'NEIGHBOUR', (ARRAY['RED','ORANGE','YELLOW','GREEN','GREEN','YELLOW'])[1 + i % 6]::"DisputeRisk", '基准',
      'INTAKE', (CASE WHEN i % 5 = 0 THEN 'MEDIATING' WHEN i % 5 = 1 THEN 'REFERRED' ELSE 'CLOSED' END)::"DisputeStatus",
      CASE WHEN i % 5 = 1 THEN 'COURT'::"DisputeReferral" END, now() - (i % 700) * interval '1 day',
      CASE WHEN i % 5 <> 0 THEN now() - (i % 700) * interval '1 day' + interval '5 days' END, $1, 'dbd-' || i, now()
    FROM generate_series(1, 20000) i JOIN dg ON dg.rn = 1 + (i * 13) % ${ng}`,
    [creator.id],
  );
  await one(
    `
    INSERT INTO "MediationAgreement" ("id", "disputeId", "no", "partyPositions", "facts", "terms", "performance", "agreedAt", "mediatorNames", "committeeName", "judicialDueAt", "createdById")
    SELECT 'dba' || d."no", d.id, 'DBA-' || d."no", ARRAY[1, 2], '事实', '条款', '当场履行', d."concludedAt", '调解员', '调委会', d."concludedAt" + interval '30 days', $1
    FROM "Dispute" d WHERE d.id LIKE 'dbd%' AND d."status" = 'CLOSED'`,
    [creator.id],
  );
  await one(
    `
    INSERT INTO "Petition" ("id", "regNo", "unitId", "gridId", "channel", "topic", "title", "matter", "responsibleBody", "status", "registeredAt", "acceptDueAt", "repliedAt", "repliedOnTime", "createdById", "requestKey", "updatedAt")
    SELECT 'dbp' || i, 'DBP-' || i, dg.p[1], dg.id, 'WALK_IN', 'OTHER', '基准信访 ' || i, '事项', '县信访局', 'REPLIED', now() - (i % 700) * interval '1 day',
      now() - (i % 700) * interval '1 day' + interval '15 days', now() - (i % 700) * interval '1 day' + interval '30 days', i % 9 <> 0, $1, 'dbp-' || i, now()
    FROM generate_series(1, 10000) i JOIN dg ON dg.rn = 1 + (i * 17) % ${ng}`,
    [creator.id],
  );
  await one(`SET session_replication_role = origin`).catch(() => undefined);
  const r0 = performance.now();
  await one(`SELECT dashboard_event_rollup_rebuild()`);
  console.log(`events: rollups recounted in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
  // As autovacuum leaves a table in steady state: statistics, and the visibility map that
  // lets the covering indexes answer without visiting the table.
  for (const t of ["Event", "EventDeadline", "DispatchTask", "EventSupervision", "Dispute", "MediationAgreement", "Petition", "DashboardEventMonth", "DashboardEventCountyMonth"]) await one(`VACUUM ANALYZE "${t}"`);
  console.log(`events: written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
await seedEvents();

const [counts] = await one<{ events: number; open: number; deadlines: number; disputes: number; petitions: number; households: number; visits: number }>(`
  SELECT (SELECT count(*) FROM "Event")::int AS events, (SELECT count(*) FROM "Event" WHERE "isOpen")::int AS open,
    (SELECT count(*) FROM "EventDeadline")::int AS deadlines, (SELECT count(*) FROM "Dispute")::int AS disputes, (SELECT count(*) FROM "Petition")::int AS petitions,
    (SELECT count(*) FROM "Household")::int AS households, (SELECT count(*) FROM "Visit")::int AS visits`);
console.log(`data: ${residents.toLocaleString("en")} residents, ${grids} grids,`, counts);

// --- figures through the data layer ----------------------------------------------------
const { db } = await import("@/lib/server/db");
const { loadViewer } = await import("@/lib/server/auth");
const data = await import("@/lib/dashboard/data");
const snapshots = await import("@/lib/dashboard/snapshots");
const { parsePeriod, periodKeyAt } = await import("@/lib/dashboard/periods");

const viewerOf = async (role: string, level: string) => {
  const [u] = await one<{ id: string; sessionVersion: number }>(
    `SELECT u.id, u."sessionVersion" FROM "User" u JOIN "Unit" x ON x.id = u."unitId" WHERE u.role = $1 AND x.level = $2 ORDER BY x.id, u.id LIMIT 1`,
    [role, level],
  );
  const v = await loadViewer(u.id, u.sessionVersion, "127.0.0.1");
  if (!v) throw new Error(`no viewer for ${role}`);
  // Benchmark users have no second factor: the data layer is measured, not the sign-in.
  return { ...v, restricted: null };
};
const center = await viewerOf("CENTER_STAFF", "COUNTY");
const township = await viewerOf("TOWNSHIP_OFFICER", "TOWNSHIP");
const [aGrid] = await one<{ id: number }>(`SELECT id FROM "Unit" WHERE level = 'GRID' AND "pathIds"[1] = $1 ORDER BY id LIMIT 1`, [center.unitId]);

const now = new Date();
const month = periodKeyAt(now, "month");
const year = periodKeyAt(now, "year");
const gridIds = (await one<{ id: number }>(`SELECT id FROM "Unit" WHERE level = 'GRID'`)).map((r) => r.id);
let t = performance.now();
await snapshots.refreshGridStats(db, gridIds, now);
const statsSeconds = (performance.now() - t) / 1000;
t = performance.now();
for (const m of parsePeriod(year)!.months.filter((m) => m <= month)) await snapshots.refreshVisitMonth(db, gridIds, m, now);
const visitSeconds = (performance.now() - t) / 1000;
console.log(`snapshots (background work, not on a request): population of ${gridIds.length} grids ${statsSeconds.toFixed(1)} s; visit rates of ${parsePeriod(year)!.months.filter((m) => m <= month).length} months ${visitSeconds.toFixed(1)} s`);

const time = async (fn: () => Promise<unknown>) => {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = performance.now();
    await fn();
    out.push(performance.now() - s);
  }
  return stats(out);
};

console.log(`\nserver time per figure, ${SAMPLES} samples          p50 ms   p95 ms`);
let worst = 0;
const row = async (label: string, fn: () => Promise<unknown>) => {
  const s = await time(fn);
  worst = Math.max(worst, s.p95);
  console.log(`  ${label.padEnd(44)} ${ms(s.p50)} ${ms(s.p95)}${s.p95 >= 200 ? "  OVER 200 ms" : ""}`);
};
const countyYear = (await data.eventClusters(center, { period: year }, null, 9, now)).total;
for (const [who, viewer, unit] of [
  ["county (center staff)", center, undefined],
  ["township officer", township, undefined],
  ["one grid (center staff)", center, aGrid.id],
] as const) {
  console.log(` ${who}`);
  for (const period of [month, year]) {
    const f = { period, unit };
    await row(`cards, ${period}`, () => data.dashboardFigures(viewer, f, now));
    await row(`trend + breakdowns + ranking (whole page), ${period}`, () => data.dashboardView(viewer, f, now));
  }
  for (const measure of ["open", "overdue", "reported", "visitCompletion", "keyPer1000", "disputeRisk"] as const) {
    await row(`map measure ${measure}, ${month}`, () => data.measureLayer(viewer, { period: month, unit, measure }, now));
  }
  await row(`map events clustered, ${year}, zoom 9`, () => data.eventClusters(viewer, { period: year, unit }, null, 9, now));
  await row(`map events clustered, ${year}, zoom 12`, () => data.eventClusters(viewer, { period: year, unit }, null, 12, now));
  await row(`map heat, ${year}`, () => data.eventHeat(viewer, { period: year, unit }, null, 10, now));
  await row(`drill list overdue`, () => data.drillList(viewer, { figure: "overdue", period: month, unit }, now));
  await row(`drill list closed (${year})`, () => data.drillList(viewer, { figure: "closed", period: year, unit }, now));
  await row(`big screen feed`, () => data.screenFeed(viewer, { unit }));
}
console.log(" assessment (county)");
await row(`townships, ${month}`, () => data.assessment(center, { period: month, kind: "UNIT", level: "TOWNSHIP" }, now));
await row(`grids, ${month}`, () => data.assessment(center, { period: month, kind: "UNIT", level: "GRID" }, now));
await row(`departments, ${month}`, () => data.assessment(center, { period: month, kind: "DEPARTMENT" }, now));
await row(`grid workers, ${month}`, () => data.assessment(center, { period: month, kind: "WORKER" }, now));
console.log(`\n  events of the county in view for ${year}: ${countyYear.toLocaleString("en")} (clustered on the server)`);
console.log(`  worst p95: ${worst.toFixed(1)} ms ${worst < 200 ? "(every figure under 200 ms)" : "(OVER 200 ms)"}`);

// --- the map's grid layer on the wire --------------------------------------------------
const [county400] = await one<{ id: number; n: number }>(
  `SELECT c.id, count(g.id)::int AS n FROM "Unit" c JOIN "Unit" g ON g."pathIds" @> ARRAY[c.id] AND g.level = 'GRID' WHERE c.level = 'COUNTY' GROUP BY c.id ORDER BY abs(count(g.id) - 400) LIMIT 1`,
);
const countyViewer = { ...center, unitId: county400.id, unitPath: [county400.id] };
const layer = JSON.stringify(await data.gridLayer(countyViewer, undefined));
console.log(`\ngrid layer of a county with ${county400.n} grids: ${(layer.length / 1024).toFixed(1)} KB raw, ${(gzipSync(layer).length / 1024).toFixed(1)} KB gzip`);
// Real boundaries are denser than the scale set's octagons: the same count of 250-vertex
// rings, each a different irregular shape (a seeded jitter, so gzip gains nothing from
// repetition).
const { encodeGeometry } = await import("@/lib/dashboard/geometry");
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const dense = Array.from({ length: 400 }, (_, i) => {
  const ring: [number, number][] = [];
  for (let k = 0; k < 250; k++) {
    const a = (2 * Math.PI * k) / 250;
    const r = 0.005 * (1 + 0.15 * Math.sin(7 * a + i) + 0.05 * Math.sin(31 * a) + 0.02 * (rand() - 0.5));
    ring.push([+(97 + (i % 20) * 0.011 + r * Math.cos(a)).toFixed(6), +(40 + Math.floor(i / 20) * 0.011 + r * Math.sin(a)).toFixed(6)]);
  }
  ring.push(ring[0]);
  return { id: 100000 + i, name: `第${i + 1}网格`, child: 1, geometry: encodeGeometry({ type: "Polygon", coordinates: [ring] }) };
});
const denseJson = JSON.stringify({ unit: 1, version: "x", grids: dense });
console.log(`grid layer of 400 grids with 250-vertex boundaries: ${(denseJson.length / 1024).toFixed(1)} KB raw, ${(gzipSync(denseJson).length / 1024).toFixed(1)} KB gzip`);

// --- the page in headless Chromium -----------------------------------------------------
async function browserBench() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) {
    console.log(`\nbrowser: no production build in ${distDir}; run \`NEXT_DIST_DIR=${distDir} npx next build\` first`);
    return;
  }
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const server: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, NEXTAUTH_SECRET: "bench-secret-".padEnd(48, "x"), NEXTAUTH_URL: base, VITALGRID_DEMO: "0", NODE_OPTIONS: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (i > 240) throw new Error("the app did not start");
      await new Promise((r) => setTimeout(r, 250));
    }
    const [user] = await one<{ username: string }>(`SELECT username FROM "User" WHERE id = $1`, [center.id]);
    const csrfRes = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = (csrfRes.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, username: user.username, password: BENCH_PASSWORD, json: "true" }),
    });
    const session = (res.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
    if (!session) throw new Error("could not sign in");
    const [name, value] = [session.slice(0, session.indexOf("=")), session.slice(session.indexOf("=") + 1)];
    const { launchBrowser } = await import("../../tests/support/browser");
    const browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    let jsBytes = 0;
    let gridWire: { encoded: number; decoded: number } | null = null;
    const results: string[] = [];
    // The default view (this month), then a whole year; the first load of each is cold.
    for (const period of [month, year]) {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const s = performance.now();
        await page.goto(`${base}/dashboard?period=${period}`, { timeout: 60_000 });
        await page.waitForSelector('[data-testid="figure-cards"]', { timeout: 60_000 });
        await page.waitForSelector('[data-testid="dashboard-map"][data-ready="true"][data-cluster-count]', { timeout: 60_000 });
        times.push(performance.now() - s);
        // Scripts and the grid layer of the very first load: later loads come from the browser's cache.
        if (i === 0 && period === month) {
          jsBytes = await page.evaluate(() =>
            performance
              .getEntriesByType("resource")
              .filter((e) => (e as PerformanceResourceTiming).initiatorType === "script")
              .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
          );
          gridWire = await page.evaluate(() => {
            const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((r) => r.name.includes("/api/dashboard/map/grids"));
            return e ? { encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null;
          });
        }
      }
      const s = stats(times.slice(1));
      results.push(`  ${period.padEnd(8)} warm: p50 ${s.p50.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (first load ${times[0].toFixed(0)} ms) ${s.max < 2000 ? "(under 2 s)" : "(OVER 2 s)"}`);
    }
    if (values.screenshot) await page.screenshot({ path: values.screenshot, fullPage: true });
    await browser.close();
    console.log(`\ndashboard page ready (figures shown, map drawn with its clusters), 1920×1080, 5 warm loads after a cold one:`);
    for (const r of results) console.log(r);
    console.log(`scripts of the first load (compressed): ${(jsBytes / 1024).toFixed(0)} KB`);
    const wire = gridWire as { encoded: number; decoded: number } | null;
    if (wire) console.log(`grid layer of the page's county on the wire: ${(wire.encoded / 1024).toFixed(1)} KB (${(wire.decoded / 1024).toFixed(1)} KB uncompressed)`);
  } finally {
    server.kill("SIGTERM");
  }
}
if (values.browser) await browserBench();

await client.end();
await db.$disconnect();
