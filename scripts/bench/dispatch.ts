// Dispatch benchmark: seeds N events into a scratch database and prints the server time of
// every worklist and of the event detail (p50/p95), and the throughput of one transition
// (accept) through the data layer next to the same SQL transaction through plain `pg`.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     npx tsx --conditions=react-server scripts/bench/dispatch.ts --events 50000
//
// Options: --events N (default 50000), --samples K per measurement (default 200),
// --transitions M per side (default 2000), --concurrency C (default 8), --keep (do not
// drop the scratch database). Never run by the test suites.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../db/migrate";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg("events", 50_000);
const SAMPLES = arg("samples", 200);
const TRANSITIONS = arg("transitions", 2000);
const CONCURRENCY = arg("concurrency", 8);
const KEEP = process.argv.includes("--keep");

const base = process.env.DATABASE_URL;
if (!base || !base.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server; a scratch database is created on it and dropped afterwards.");
  process.exit(1);
}

const scratch = `vitalgrid_bench_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE "${scratch}"`);
await admin.end();
const url = new URL(base);
url.pathname = `/${scratch}`;
const dbUrl = url.toString();
process.env.DATABASE_URL = dbUrl;
process.env.DB_POOL_MAX = String(CONCURRENCY);
process.env.DISPATCH_TIMER = "0";

async function drop() {
  if (KEEP) return console.log(`kept database ${scratch}`);
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await c.end();
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s.at(-1)! };
};
const ms = (x: number) => x.toFixed(1).padStart(7);

try {
  await applyMigrations(dbUrl);
  const { db } = await import("@/lib/server/db");
  const { loadViewer } = await import("@/lib/server/auth");
  const { seedDepartments, seedTerritory, seedDemoUsers } = await import("../../prisma/seed/demo");
  const { seedDispatchReference } = await import("../../prisma/seed/dispatch");
  const data = await import("@/lib/dispatch/data");
  const { worklistsFor } = await import("@/lib/dispatch/permissions");

  const t0 = performance.now();
  await seedDepartments(db);
  await seedTerritory(db);
  await seedDemoUsers(db);
  await seedDispatchReference(db);
  const seedPg = new pg.Client({ connectionString: dbUrl });
  seedPg.on("error", () => {});
  await seedPg.connect();
  const one = async <T>(sql: string, params: unknown[] = []) => (await seedPg.query(sql, params)).rows as T[];
  const [center] = await one<{ id: string }>(`SELECT id FROM "User" WHERE username = 'center'`);

  // --- N events, server-side, deterministic (setseed) ---
  await one(`SELECT setseed(0.20261124)`);
  await one(`
    CREATE TEMP TABLE g AS SELECT row_number() OVER (ORDER BY id) AS rn, id, "pathIds" AS p, "centerLat" AS lat, "centerLng" AS lng FROM "Unit" WHERE level = 'GRID';
    CREATE TEMP TABLE c AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "EventCategory" WHERE "parentId" IS NOT NULL;
    CREATE TEMP TABLE d AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "Department";`);
  const [{ ng, nc, nd }] = await one<{ ng: number; nc: number; nd: number }>(`SELECT (SELECT count(*) FROM g)::int AS ng, (SELECT count(*) FROM c)::int AS nc, (SELECT count(*) FROM d)::int AS nd`);
  await one(`
    INSERT INTO "Event" ("id", "no", "source", "categoryId", "urgency", "title", "description", "lat", "lng", "gridId", "autoGridId", "holderUnitId",
      "state", "isOpen", "version", "superviseGrade", "rank", "dueAt", "warnAt", "leadDepartmentId", "reporterId", "idempotencyKey", "reportedAt", "closedAt", "updatedAt")
    SELECT 'bench' || s.i, s.i, 'GRID_REPORT', c.id, s.urgency::"EventUrgency", '基准测试事件 ' || s.i, '用于基准测试的事件描述。', g.lat, g.lng, g.id, g.id,
      CASE s.state WHEN 'REPORTED' THEN g.id WHEN 'FEEDBACK' THEN g.id WHEN 'AT_COMMUNITY' THEN g.p[array_length(g.p, 1) - 1]
        WHEN 'AT_TOWNSHIP' THEN g.p[array_length(g.p, 1) - 2] WHEN 'CLOSED' THEN NULL WHEN 'REJECTED' THEN NULL WHEN 'MERGED' THEN NULL ELSE g.p[1] END,
      s.state::"EventState", s.open, 1 + (s.i % 9), s.grade, s.grade * 3 + (CASE s.urgency WHEN 'NORMAL' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END),
      CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (s.r4 * 12 - 3) * interval '1 day' END,
      CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (s.r4 * 12 - 5) * interval '1 day' END,
      CASE WHEN s.state IN ('DISPATCHED', 'PROCESSING', 'REVIEW') THEN d.id END,
      $1, 'bench-' || s.i, s.reported, CASE WHEN s.open THEN NULL ELSE s.reported + interval '3 days' END, now()
    FROM (
      SELECT i, r3, r4,
        CASE WHEN r1 < 0.9 THEN (CASE WHEN r2 < 0.9 THEN 'CLOSED' WHEN r2 < 0.95 THEN 'REJECTED' ELSE 'MERGED' END)
          ELSE (CASE WHEN r2 < 0.15 THEN 'REPORTED' WHEN r2 < 0.23 THEN 'AT_COMMUNITY' WHEN r2 < 0.30 THEN 'AT_TOWNSHIP' WHEN r2 < 0.40 THEN 'AT_CENTER'
            WHEN r2 < 0.48 THEN 'ACCEPTED' WHEN r2 < 0.60 THEN 'DISPATCHED' WHEN r2 < 0.82 THEN 'PROCESSING' WHEN r2 < 0.90 THEN 'REVIEW' ELSE 'FEEDBACK' END) END AS state,
        r1 >= 0.9 AS open,
        CASE WHEN r5 < 0.8 THEN 'NORMAL' WHEN r5 < 0.96 THEN 'URGENT' ELSE 'CRITICAL' END AS urgency,
        CASE WHEN r1 >= 0.9 AND r6 < 0.06 THEN 1 + floor(r6 * 50)::int % 3 ELSE 0 END AS grade,
        now() - (CASE WHEN r1 >= 0.9 THEN r4 * 20 ELSE r4 * 730 END) * interval '1 day' AS reported,
        r6
      FROM (SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6 FROM generate_series(1, ${N}) i) x
    ) s
    JOIN g ON g.rn = 1 + floor(s.r3 * ${ng})::int
    JOIN c ON c.rn = 1 + (s.i::bigint * 7919) % ${nc}
    JOIN d ON d.rn = 1 + (s.i::bigint * 104729) % ${nd}`, [center.id]);
  await one(`SELECT setval(pg_get_serial_sequence('"Event"', 'no'), ${N})`);
  // Department tasks for everything that went to departments (and 60% of closed events).
  await one(`
    INSERT INTO "DispatchTask" ("id", "eventId", "departmentId", "isLead", "round", "state", "version", "acceptDueAt", "acceptWarnAt", "dueAt", "warnAt", "eventNo", "rank", "createdAt", "updatedAt")
    SELECT 'bt' || e.no, e.id, d.id, true, 1,
      (CASE e.state WHEN 'DISPATCHED' THEN 'PENDING' WHEN 'PROCESSING' THEN 'IN_PROGRESS' ELSE 'COMPLETED' END)::"DispatchTaskState", 1,
      e."reportedAt" + interval '1 day', e."reportedAt" + interval '18 hours', coalesce(e."dueAt", e."reportedAt" + interval '5 days'), coalesce(e."warnAt", e."reportedAt" + interval '4 days'),
      e.no, e.rank, e."reportedAt", now()
    FROM "Event" e JOIN d ON d.rn = 1 + (e.no::bigint * 104729) % ${nd}
    WHERE e.state IN ('DISPATCHED', 'PROCESSING', 'REVIEW') OR (e.state IN ('FEEDBACK', 'CLOSED') AND e.no % 10 < 6)`);
  // Five timeline entries per event.
  await one(`
    INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "action", "actorId", "actorName", "actorRole", "fromState", "toState", "comment", "internal", "at")
    SELECT e.id, g.p[1], CASE k WHEN 1 THEN 'report' ELSE 'note' END, $1, '王主任', 'CENTER_STAFF', CASE WHEN k = 1 THEN NULL ELSE e.state END,
      CASE WHEN k = 1 THEN e.state END, '基准测试记录 ' || k, k > 1, e."reportedAt" + k * interval '1 hour'
    FROM "Event" e JOIN g ON g.id = e."gridId", generate_series(1, 5) k`, [center.id]);
  await one(`
    INSERT INTO "EventDeadline" ("id", "eventId", "stage", "holder", "holderId", "startsAt", "warnAt", "dueAt", "status")
    SELECT 'bd' || e.no, e.id, 'HANDLE', 'UNIT', coalesce(e."holderUnitId", e."gridId"), e."reportedAt", e."warnAt", e."dueAt", 'ACTIVE'
    FROM "Event" e WHERE e."isOpen" AND e."dueAt" IS NOT NULL`);
  await one(`
    INSERT INTO "Notification" ("userId", "kind", "href", "params", "readAt", "createdAt")
    SELECT u.id, 'dispatch.assigned', '/dispatch/bench' || k, jsonb_build_object('no', k, 'title', '基准测试', 'actor', '王主任'), CASE WHEN k % 3 = 0 THEN NULL ELSE now() END, now() - k * interval '1 hour'
    FROM "User" u, generate_series(1, 200) k`);
  // Events for the transition comparison, waiting at the center's desk.
  await one(`
    INSERT INTO "Event" ("id", "no", "source", "categoryId", "urgency", "title", "description", "lat", "lng", "gridId", "autoGridId", "holderUnitId", "state", "isOpen", "version", "rank", "reporterId", "idempotencyKey", "reportedAt", "updatedAt")
    SELECT 'benchtx' || i, ${N} + i, 'LEADER_ASSIGNMENT', c.id, 'NORMAL', '基准测试受理 ' || i, '描述', g.lat, g.lng, g.id, g.id, g.p[1], 'AT_CENTER', true, 1, 0, $1, 'benchtx-' || i, now(), now()
    FROM generate_series(1, ${2 * TRANSITIONS}) i JOIN g ON g.rn = 1 + (i % ${ng}) JOIN c ON c.rn = 1 + (i % ${nc})`, [center.id]);
  await one(`SELECT setval(pg_get_serial_sequence('"Event"', 'no'), ${N + 2 * TRANSITIONS})`);
  await one(`ANALYZE`);
  await seedPg.end();
  const counts = await db.$queryRaw<{ events: number; open: number; entries: number; tasks: number }[]>`
    SELECT (SELECT count(*) FROM "Event")::int AS events, (SELECT count(*) FROM "Event" WHERE "isOpen")::int AS open,
      (SELECT count(*) FROM "EventTimelineEntry")::int AS entries, (SELECT count(*) FROM "DispatchTask")::int AS tasks`;
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s:`, counts[0]);
  const [{ version }] = await db.$queryRaw<{ version: string }[]>`SELECT version()`;
  console.log(`server: ${version.split(" on ")[0]}; pool ${CONCURRENCY}; ${SAMPLES} samples per row\n`);

  const viewerOf = async (username: string) => {
    const u = await db.user.findUniqueOrThrow({ where: { username }, select: { id: true, sessionVersion: true } });
    return (await loadViewer(u.id, u.sessionVersion, "127.0.0.1"))!;
  };
  const time = async (fn: () => Promise<unknown>, samples = SAMPLES) => {
    for (let i = 0; i < Math.min(20, samples); i++) await fn();
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const s = performance.now();
      await fn();
      out.push(performance.now() - s);
    }
    return stats(out);
  };

  // --- worklists and detail ---
  console.log("worklist (first page, second page)      p50 ms  p95 ms | page 2 p50  p95");
  let worst = 0;
  for (const username of ["grid", "community", "township", "center", "police", "leader", "admin"]) {
    const viewer = await viewerOf(username);
    for (const list of worklistsFor(viewer.role)) {
      const first = await data.listWorklist(viewer, { list });
      const a = await time(() => data.listWorklist(viewer, { list }));
      const b = first.nextCursor ? await time(() => data.listWorklist(viewer, { list, cursor: first.nextCursor! })) : null;
      worst = Math.max(worst, a.p95, b?.p95 ?? 0);
      console.log(`  ${`${username} ${list}`.padEnd(30)} ${String(first.items.length).padStart(3)} rows ${ms(a.p50)} ${ms(a.p95)} | ${b ? `${ms(b.p50)} ${ms(b.p95)}` : "   (one page)"}`);
    }
  }
  const center2 = await viewerOf("center");
  const police = await viewerOf("police");
  const sample = await db.event.findMany({ where: { id: { startsWith: "bench" }, NOT: { id: { startsWith: "benchtx" } } }, select: { id: true }, orderBy: { no: "asc" }, skip: Math.floor(N / 3), take: 400 });
  let k = 0;
  const detail = await time(() => data.getEvent(center2, sample[k++ % sample.length].id));
  const policeSample = await db.event.findMany({ where: { tasks: { some: { departmentId: police.departmentId! } } }, select: { id: true }, take: 200 });
  let j = 0;
  const policeDetail = await time(() => data.getEvent(police, policeSample[j++ % policeSample.length].id));
  const board = await time(() => data.getBoard(center2), Math.min(SAMPLES, 100));
  // The board right after a change (the token moved, so everything is counted again).
  const bump = new pg.Client({ connectionString: dbUrl });
  await bump.connect();
  const coldTimes: number[] = [];
  for (let i = 0; i < Math.min(SAMPLES, 100); i++) {
    await bump.query(`INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "action", "actorName", "actorRole", "internal") SELECT "eventId", "countyId", 'note', '基准', 'SYSTEM', true FROM "EventTimelineEntry" ORDER BY "id" DESC LIMIT 1`);
    const s = performance.now();
    await data.getBoard(center2);
    coldTimes.push(performance.now() - s);
  }
  await bump.end();
  const boardCold = stats(coldTimes);
  const token = await time(() => data.changeToken(center2));
  worst = Math.max(worst, detail.p95, policeDetail.p95);
  console.log(`\n  event detail (center)          ${ms(detail.p50)} ${ms(detail.p95)}`);
  console.log(`  event detail (department)      ${ms(policeDetail.p50)} ${ms(policeDetail.p95)}`);
  console.log(`  dispatch board (unchanged)     ${ms(board.p50)} ${ms(board.p95)}`);
  console.log(`  dispatch board (after change)  ${ms(boardCold.p50)} ${ms(boardCold.p95)}`);
  console.log(`  board change token             ${ms(token.p50)} ${ms(token.p95)}`);
  console.log(`\n  worst worklist/detail p95: ${worst.toFixed(1)} ms ${worst < 50 ? "(under 50 ms)" : "(OVER 50 ms)"}`);

  // --- one transition, data layer vs the same SQL through pg ---
  const ids = (await db.event.findMany({ where: { id: { startsWith: "benchtx" } }, select: { id: true }, orderBy: { no: "asc" } })).map((e) => e.id);
  const viaPrisma = ids.slice(0, TRANSITIONS);
  const viaPg = ids.slice(TRANSITIONS);
  const run = async (items: string[], fn: (id: string) => Promise<unknown>) => {
    const lat: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) {
          const id = items[next++];
          const s = performance.now();
          await fn(id);
          lat.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    return { perSecond: items.length / seconds, ...stats(lat) };
  };
  const a = await run(viaPrisma, (id) => data.acceptEvent(center2, { id, version: 1 }));

  const pool = new pg.Pool({ connectionString: dbUrl, max: CONCURRENCY });
  const rawAccept = async (id: string) => {
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      const { rows } = await c.query(
        `SELECT "id", "no", "title", "source", "state", "version", "holderUnitId", "reporterId", "urgency", "reopenCount", "superviseGrade", "resolvedLevel",
           "gridId", "categoryId", "leadDepartmentId", "dueAt", "warnAt"
         FROM "Event" WHERE "id" = $1 AND "gridId" IN (SELECT "id" FROM "Unit" WHERE "pathIds" @> ARRAY[$2]::int[]) LIMIT 1`,
        [id, center2.unitId],
      );
      const e = rows[0];
      if (!e || e.state !== "AT_CENTER") throw new Error("not found");
      const up = await c.query(
        `UPDATE "Event" SET "state" = 'ACCEPTED', "version" = "version" + 1, "isOpen" = true, "holderUnitId" = $3, "updatedAt" = now() WHERE "id" = $1 AND "version" = $2`,
        [id, e.version, e.holderUnitId],
      );
      if (up.rowCount !== 1) throw new Error("stale");
      await c.query(
        `INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "taskId", "action", "actorId", "actorName", "actorRole", "actorDepartmentId",
           "fromState", "toState", "taskFromState", "taskToState", "comment", "reply", "internal", "data", "requestKey", "at")
         VALUES ($1, COALESCE((SELECT "pathIds"[1] FROM "Unit" WHERE "id" = $2), 0), NULL, 'accept', $3, $4, 'CENTER_STAFF', NULL,
           'AT_CENTER'::"EventState", 'ACCEPTED'::"EventState", NULL, NULL, NULL, NULL, true, NULL, NULL, (now() AT TIME ZONE 'UTC')) RETURNING "id"`,
        [id, e.gridId, center2.id, center2.displayName],
      );
      await c.query(
        `INSERT INTO "Notification" ("userId", "kind", "href", "params")
         SELECT u."id", 'dispatch.accepted', $1, $2::jsonb FROM "User" u WHERE u."enabled" AND u."id" <> $3 AND u."id" = ANY($4::text[])`,
        [`/dispatch/${id}`, JSON.stringify({ no: e.no, title: e.title, actor: center2.displayName }), center2.id, [e.reporterId]],
      );
      await c.query("COMMIT");
    } catch (err) {
      await c.query("ROLLBACK");
      throw err;
    } finally {
      c.release();
    }
  };
  const b = await run(viaPg, rawAccept);
  await pool.end();
  console.log(`\ntransition "accept" (select, conditional update, timeline insert, notification insert), ${TRANSITIONS} each, concurrency ${CONCURRENCY}:`);
  console.log(`  data layer (Prisma)   ${a.perSecond.toFixed(0).padStart(6)} /s   latency p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms`);
  console.log(`  same SQL through pg   ${b.perSecond.toFixed(0).padStart(6)} /s   latency p50 ${b.p50.toFixed(1)} ms  p95 ${b.p95.toFixed(1)} ms`);
  console.log(`  data layer / pg: ${(a.perSecond / b.perSecond).toFixed(2)} of the throughput`);
  await db.$disconnect();
} catch (err) {
  console.error("benchmark failed:", err);
  process.exitCode = 1;
} finally {
  await drop();
}
