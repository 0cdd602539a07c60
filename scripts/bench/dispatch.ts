// Dispatch benchmark: seeds N events with full timelines into a scratch database, prints
// the server time of every worklist and of the event detail (p50/p95), and compares one
// transition ("accept") end to end through the app with the same SQL sent through `pg`.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:dispatch -- --events 500000
//
// (npm run bench:dispatch = tsx --tsconfig scripts/bench/tsconfig.dispatch.json
// scripts/bench/dispatch.ts: app code outside Next.js, `server-only` mapped to nothing.)
//
// Options: --events N (default 50000), --samples K per measurement (default 200),
// --transitions M per side (default 2000), --concurrency C (default 8), --rounds R
// (default 4), --keep (do not drop the scratch database), --skip-lists (transitions
// only), --json FILE (write the transition figures there). Never run by the test suites.
//
// --reuse runs the transition comparison on the database DATABASE_URL names, which must
// hold the scale data set (`npm run bench:seed`), as `npm run bench` does: no scratch
// database and no seed; the events to accept are added to the county of --center (a
// center staff's username; the first county's by default) and removed afterwards (their
// audit rows stay: the audit log is append-only).
//
// The seed (all server-side, deterministic): the demo territory, departments, users and
// dispatch reference data; N events (90% closed, rejected or merged over two years, 10%
// open over twenty days, 6% of the open ones supervised), each with the timeline its state
// implies (report, escalations, acceptance, dispatch, the lead's acceptance, a progress
// note, completion, pass, close; or report, closing at the grid, close; or report,
// escalations, rejection or merger): about 7 entries per event; lead tasks for what went
// to departments, running deadlines for open events, 200 notifications per user.
//
// The transition comparison, on events waiting at the center's desk (a leader's
// assignments, so accepting one notifies the leader), C at a time, the two sides taking
// turns in R rounds of M/R transitions each (the machine's load changes under a run):
//
//   app: the server action `acceptAction` as the app runs it, through the action wrapper
//     (`runAction`: size limit, strict schema check, translated errors) with the signed-in
//     viewer already loaded and without `revalidatePath` (it needs a Next.js request):
//     `authorize`, then the dispatch engine (configuration from its cache, the state
//     machine, the plan), which sends two statements through Prisma:
//       1. SELECT the event, scoped to the viewer's territory, with the units above its
//          grid;
//       2. one statement (its own transaction): lock the event at the version read and
//          within the scope (FOR NO KEY UPDATE), UPDATE the event (state, version + 1,
//          holder, updatedAt), INSERT the timeline entry, INSERT the notification(s) for
//          the recipients, each gated on the lock, and last INSERT the audit row (its
//          hash chain takes a lock held until the commit, which serialises all audited
//          writes of the database).
//   pg: the same two statements, word for word, through a `pg.Pool` of the same size,
//     with the checks a hand-written version needs (the row exists, its state and
//     version are the ones expected, the write locked it). No schema check, no
//     authorization, no state machine, no Prisma.
//
// Both sides do the same SQL work (2 round trips, 1 commit, 1 event update, 1 timeline
// row, 1 notification row, 1 audit row per transition); the ratio app / pg is printed.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../db/migrate";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
function argText(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const N = arg("events", 50_000);
const SAMPLES = arg("samples", 200);
const TRANSITIONS = arg("transitions", 2000);
const CONCURRENCY = arg("concurrency", 8);
const ROUNDS = Math.max(1, arg("rounds", 4));
const WARMUP = 100;
const KEEP = process.argv.includes("--keep");
const REUSE = process.argv.includes("--reuse");
// The worklists and the detail on the scale data are measured by npm run bench.
const SKIP_LISTS = REUSE || process.argv.includes("--skip-lists");
const JSON_OUT = argText("json");

const base = process.env.DATABASE_URL;
if (!base || !base.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server; a scratch database is created on it and dropped afterwards.");
  process.exit(1);
}

const scratch = REUSE ? null : `vitalgrid_bench_${process.pid}_${Date.now().toString(36)}`;
let dbUrl = base;
if (scratch) {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${scratch}`;
  dbUrl = url.toString();
}
process.env.DATABASE_URL = dbUrl;
process.env.DB_POOL_MAX = String(CONCURRENCY);
process.env.DISPATCH_TIMER = "0";

async function drop() {
  if (!scratch) return;
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
  if (!REUSE) {
    await seedDepartments(db);
    await seedTerritory(db);
    await seedDemoUsers(db);
    await seedDispatchReference(db);
  }
  const seedPg = new pg.Client({ connectionString: dbUrl });
  seedPg.on("error", () => {});
  await seedPg.connect();
  const one = async <T>(sql: string, params: unknown[] = []) => (await seedPg.query(sql, params)).rows as T[];
  // Reusing the scale data: a center staff and a leader of one county (the demo's otherwise).
  const [center] = REUSE
    ? await one<{ id: string; username: string; county: number }>(
        `SELECT u.id, u.username, u."unitId" AS county FROM "User" u JOIN "Unit" x ON x.id = u."unitId"
         WHERE u.role = 'CENTER_STAFF' AND x.level = 'COUNTY' AND u.enabled AND ($1::text IS NULL OR u.username = $1) ORDER BY x.id, u.id LIMIT 1`,
        [argText("center") ?? null],
      )
    : await one<{ id: string; username: string; county: number }>(`SELECT id, username, "unitId" AS county FROM "User" WHERE username = 'center'`);
  const [leader] = REUSE
    ? await one<{ id: string }>(`SELECT id FROM "User" WHERE role = 'LEADER' AND enabled AND "unitId" = $1 ORDER BY id LIMIT 1`, [center?.county])
    : await one<{ id: string }>(`SELECT id FROM "User" WHERE username = 'leader'`);
  if (!center || !leader) throw new Error(REUSE ? "--reuse: no center staff and leader of one county (fill the database with npm run bench:seed)" : "no demo center and leader");
  if (REUSE) {
    // Leftovers of an interrupted run.
    await one(`DELETE FROM "Notification" WHERE href LIKE '/dispatch/benchtx%'`);
    await one(`DELETE FROM "EventTimelineEntry" WHERE "eventId" LIKE 'benchtx%'`);
    await one(`DELETE FROM "Event" WHERE id LIKE 'benchtx%'`);
  }

  if (!REUSE) {
    // --- N events, server-side, deterministic (setseed) ---
    await one(`SELECT setseed(0.20261124)`);
    await one(`
      CREATE TEMP TABLE g AS SELECT row_number() OVER (ORDER BY id) AS rn, id, "pathIds" AS p, "centerLat" AS lat, "centerLng" AS lng FROM "Unit" WHERE level = 'GRID';
      CREATE TEMP TABLE c AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "EventCategory" WHERE "parentId" IS NOT NULL;
      CREATE TEMP TABLE d AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "Department";`);
    const [{ ng, nc, nd }] = await one<{ ng: number; nc: number; nd: number }>(`SELECT (SELECT count(*) FROM g)::int AS ng, (SELECT count(*) FROM c)::int AS nc, (SELECT count(*) FROM d)::int AS nd`);
    // Events that reached FEEDBACK or CLOSED went through departments when no % 10 < 6 (they
    // have a task), else the grid closed them; the version counts the state changes of the
    // timeline written below.
    await one(`
      INSERT INTO "Event" ("id", "no", "source", "categoryId", "urgency", "title", "description", "lat", "lng", "gridId", "autoGridId", "holderUnitId",
        "state", "isOpen", "version", "superviseGrade", "rank", "dueAt", "warnAt", "leadDepartmentId", "resolvedLevel", "rating", "reporterId", "idempotencyKey",
        "reportedAt", "closedAt", "updatedAt")
      SELECT 'bench' || s.i, s.i, 'GRID_REPORT', c.id, s.urgency::"EventUrgency", '基准测试事件 ' || s.i, '用于基准测试的事件描述。', g.lat, g.lng, g.id, g.id,
        CASE s.state WHEN 'REPORTED' THEN g.id WHEN 'FEEDBACK' THEN g.id WHEN 'AT_COMMUNITY' THEN g.p[array_length(g.p, 1) - 1]
          WHEN 'AT_TOWNSHIP' THEN g.p[array_length(g.p, 1) - 2] WHEN 'CLOSED' THEN NULL WHEN 'REJECTED' THEN NULL WHEN 'MERGED' THEN NULL ELSE g.p[1] END,
        s.state::"EventState", s.open,
        CASE s.state WHEN 'REPORTED' THEN 1 WHEN 'AT_COMMUNITY' THEN 2 WHEN 'AT_TOWNSHIP' THEN 3 WHEN 'AT_CENTER' THEN 4 WHEN 'ACCEPTED' THEN 5
          WHEN 'DISPATCHED' THEN 6 WHEN 'PROCESSING' THEN 7 WHEN 'REVIEW' THEN 8 WHEN 'FEEDBACK' THEN (CASE WHEN s.dept THEN 9 ELSE 2 END)
          WHEN 'CLOSED' THEN (CASE WHEN s.dept THEN 10 ELSE 3 END) ELSE 5 END,
        s.grade, s.grade * 3 + (CASE s.urgency WHEN 'NORMAL' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END),
        CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (s.r4 * 12 - 3) * interval '1 day' END,
        CASE WHEN s.open AND s.state <> 'FEEDBACK' THEN now() + (s.r4 * 12 - 5) * interval '1 day' END,
        CASE WHEN s.state IN ('DISPATCHED', 'PROCESSING', 'REVIEW') THEN d.id END,
        CASE WHEN s.state IN ('FEEDBACK', 'CLOSED') THEN (CASE WHEN s.dept THEN 'DEPARTMENT' ELSE 'GRID' END) END,
        CASE WHEN s.state = 'CLOSED' THEN 3 + s.i % 3 END,
        $1, 'bench-' || s.i, s.reported, CASE WHEN s.open THEN NULL ELSE s.reported + interval '3 days' END, now()
      FROM (
        SELECT i, r3, r4, state, open, urgency, grade, reported, state IN ('FEEDBACK', 'CLOSED') AND i % 10 < 6 AS dept
        FROM (
          SELECT i, r3, r4,
            CASE WHEN r1 < 0.9 THEN (CASE WHEN r2 < 0.9 THEN 'CLOSED' WHEN r2 < 0.95 THEN 'REJECTED' ELSE 'MERGED' END)
              ELSE (CASE WHEN r2 < 0.15 THEN 'REPORTED' WHEN r2 < 0.23 THEN 'AT_COMMUNITY' WHEN r2 < 0.30 THEN 'AT_TOWNSHIP' WHEN r2 < 0.40 THEN 'AT_CENTER'
                WHEN r2 < 0.48 THEN 'ACCEPTED' WHEN r2 < 0.60 THEN 'DISPATCHED' WHEN r2 < 0.82 THEN 'PROCESSING' WHEN r2 < 0.90 THEN 'REVIEW' ELSE 'FEEDBACK' END) END AS state,
            r1 >= 0.9 AS open,
            CASE WHEN r5 < 0.8 THEN 'NORMAL' WHEN r5 < 0.96 THEN 'URGENT' ELSE 'CRITICAL' END AS urgency,
            CASE WHEN r1 >= 0.9 AND r6 < 0.06 THEN 1 + floor(r6 * 50)::int % 3 ELSE 0 END AS grade,
            now() - (CASE WHEN r1 >= 0.9 THEN r4 * 20 ELSE r4 * 730 END) * interval '1 day' AS reported
          FROM (SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6 FROM generate_series(1, ${N}) i) x
        ) y
      ) s
      JOIN g ON g.rn = 1 + floor(s.r3 * ${ng})::int
      JOIN c ON c.rn = 1 + (s.i::bigint * 7919) % ${nc}
      JOIN d ON d.rn = 1 + (s.i::bigint * 104729) % ${nd}`, [center.id]);
    await one(`SELECT setval(pg_get_serial_sequence('"Event"', 'no'), ${N})`);
    // Lead tasks for everything that went to departments.
    await one(`
      INSERT INTO "DispatchTask" ("id", "eventId", "departmentId", "isLead", "round", "state", "version", "acceptDueAt", "acceptWarnAt", "dueAt", "warnAt", "eventNo", "rank", "createdAt", "updatedAt")
      SELECT 'bt' || e.no, e.id, d.id, true, 1,
        (CASE e.state WHEN 'DISPATCHED' THEN 'PENDING' WHEN 'PROCESSING' THEN 'IN_PROGRESS' ELSE 'COMPLETED' END)::"DispatchTaskState",
        CASE e.state WHEN 'DISPATCHED' THEN 1 WHEN 'PROCESSING' THEN 2 ELSE 3 END,
        e."reportedAt" + interval '1 day', e."reportedAt" + interval '18 hours', coalesce(e."dueAt", e."reportedAt" + interval '5 days'), coalesce(e."warnAt", e."reportedAt" + interval '4 days'),
        e.no, e.rank, e."reportedAt" + interval '5 hours', now()
      FROM "Event" e JOIN d ON d.rn = 1 + (e.no::bigint * 104729) % ${nd}
      WHERE e.state IN ('DISPATCHED', 'PROCESSING', 'REVIEW') OR (e.state IN ('FEEDBACK', 'CLOSED') AND e.no % 10 < 6)`);
    // Full timelines: each event's path up to its state, one entry an hour (D: through
    // departments, L: closed at the grid, R/M: rejected or merged by the center).
    await one(`
      CREATE TEMP TABLE steps (path text, k int, action text, from_state text, to_state text, task_from text, task_to text);
      INSERT INTO steps VALUES
        ('D', 1, 'report', NULL, 'REPORTED', NULL, NULL), ('D', 2, 'escalate', 'REPORTED', 'AT_COMMUNITY', NULL, NULL),
        ('D', 3, 'escalate', 'AT_COMMUNITY', 'AT_TOWNSHIP', NULL, NULL), ('D', 4, 'escalate', 'AT_TOWNSHIP', 'AT_CENTER', NULL, NULL),
        ('D', 5, 'accept', 'AT_CENTER', 'ACCEPTED', NULL, NULL), ('D', 6, 'dispatch', 'ACCEPTED', 'DISPATCHED', NULL, NULL),
        ('D', 7, 'taskAccept', 'DISPATCHED', 'PROCESSING', 'PENDING', 'IN_PROGRESS'), ('D', 8, 'taskProgress', 'PROCESSING', NULL, NULL, NULL),
        ('D', 9, 'taskComplete', 'PROCESSING', 'REVIEW', 'IN_PROGRESS', 'COMPLETED'), ('D', 10, 'pass', 'REVIEW', 'FEEDBACK', NULL, NULL),
        ('D', 11, 'close', 'FEEDBACK', 'CLOSED', NULL, NULL),
        ('L', 1, 'report', NULL, 'REPORTED', NULL, NULL), ('L', 2, 'closeLocal', 'REPORTED', 'FEEDBACK', NULL, NULL), ('L', 3, 'close', 'FEEDBACK', 'CLOSED', NULL, NULL);
      INSERT INTO steps SELECT 'R', k, action, from_state, to_state, task_from, task_to FROM steps WHERE path = 'D' AND k <= 4;
      INSERT INTO steps SELECT 'M', k, action, from_state, to_state, task_from, task_to FROM steps WHERE path = 'D' AND k <= 4;
      INSERT INTO steps VALUES ('R', 5, 'reject', 'AT_CENTER', 'REJECTED', NULL, NULL), ('M', 5, 'merge', 'AT_CENTER', 'MERGED', NULL, NULL);
      CREATE TEMP TABLE depth (path text, state text, n int);
      INSERT INTO depth VALUES ('D', 'REPORTED', 1), ('D', 'AT_COMMUNITY', 2), ('D', 'AT_TOWNSHIP', 3), ('D', 'AT_CENTER', 4), ('D', 'ACCEPTED', 5),
        ('D', 'DISPATCHED', 6), ('D', 'PROCESSING', 8), ('D', 'REVIEW', 9), ('D', 'FEEDBACK', 10), ('D', 'CLOSED', 11),
        ('L', 'FEEDBACK', 2), ('L', 'CLOSED', 3), ('R', 'REJECTED', 5), ('M', 'MERGED', 5);`);
    await one(`
      INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "taskId", "action", "actorId", "actorName", "actorRole", "fromState", "toState",
        "taskFromState", "taskToState", "comment", "reply", "internal", "at")
      SELECT e.id, g.p[1], CASE WHEN s.action LIKE 'task%' THEN 'bt' || e.no END, s.action, $1, '王主任', 'CENTER_STAFF',
        s.from_state::"EventState", s.to_state::"EventState", s.task_from::"DispatchTaskState", s.task_to::"DispatchTaskState",
        '基准测试记录 ' || s.k, CASE WHEN s.action IN ('closeLocal', 'pass', 'reject') THEN '已处理完毕。' END,
        s.action NOT IN ('report', 'closeLocal', 'pass', 'reject', 'close'), e."reportedAt" + s.k * interval '1 hour'
      FROM (SELECT e.*, CASE WHEN e.state = 'REJECTED' THEN 'R' WHEN e.state = 'MERGED' THEN 'M'
              WHEN e.state IN ('FEEDBACK', 'CLOSED') AND e.no % 10 >= 6 THEN 'L' ELSE 'D' END AS path FROM "Event" e) e
      JOIN g ON g.id = e."gridId"
      JOIN depth dp ON dp.path = e.path AND dp.state = e.state::text
      JOIN steps s ON s.path = e.path AND s.k <= dp.n
      ORDER BY e.no, s.k`, [center.id]);
    await one(`
      INSERT INTO "EventDeadline" ("id", "eventId", "stage", "holder", "holderId", "startsAt", "warnAt", "dueAt", "status")
      SELECT 'bd' || e.no, e.id, 'HANDLE', 'UNIT', coalesce(e."holderUnitId", e."gridId"), e."reportedAt", e."warnAt", e."dueAt", 'ACTIVE'
      FROM "Event" e WHERE e."isOpen" AND e."dueAt" IS NOT NULL`);
    await one(`
      INSERT INTO "Notification" ("userId", "kind", "href", "params", "readAt", "createdAt")
      SELECT u.id, 'dispatch.assigned', '/dispatch/bench' || k, jsonb_build_object('no', k, 'title', '基准测试', 'actor', '王主任'), CASE WHEN k % 3 = 0 THEN NULL ELSE now() END, now() - k * interval '1 hour'
      FROM "User" u, generate_series(1, 200) k`);
  } else {
    // The grids of the center's county (the center sees them) and the categories.
    await one(`
      CREATE TEMP TABLE g AS SELECT row_number() OVER (ORDER BY id) AS rn, id, "pathIds" AS p, "centerLat" AS lat, "centerLng" AS lng FROM "Unit" WHERE level = 'GRID' AND "pathIds"[1] = ${Number(center.county)};
      CREATE TEMP TABLE c AS SELECT row_number() OVER (ORDER BY id) AS rn, id FROM "EventCategory" WHERE "parentId" IS NOT NULL;`);
  }
  const [{ ng, nc, base: baseNo }] = await one<{ ng: number; nc: number; base: number }>(
    `SELECT (SELECT count(*) FROM g)::int AS ng, (SELECT count(*) FROM c)::int AS nc, ${REUSE ? `(SELECT coalesce(max("no"), 0) FROM "Event")::int` : N} AS base`,
  );
  // Events for the transition comparison: a leader's assignments waiting at the center's desk.
  const TX_EVENTS = 2 * (TRANSITIONS + WARMUP);
  await one(`
    INSERT INTO "Event" ("id", "no", "source", "categoryId", "urgency", "title", "description", "lat", "lng", "gridId", "autoGridId", "holderUnitId", "state", "isOpen", "version", "rank", "reporterId", "idempotencyKey", "reportedAt", "updatedAt")
    SELECT 'benchtx' || i, ${baseNo} + i, 'LEADER_ASSIGNMENT', c.id, 'NORMAL', '基准测试受理 ' || i, '描述', g.lat, g.lng, g.id, g.id, g.p[1], 'AT_CENTER', true, 1, 0, $1, 'benchtx-' || i, now(), now()
    FROM generate_series(1, ${TX_EVENTS}) i JOIN g ON g.rn = 1 + (i % ${ng}) JOIN c ON c.rn = 1 + (i % ${nc})`, [leader.id]);
  await one(`
    INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "action", "actorId", "actorName", "actorRole", "fromState", "toState", "internal", "at")
    SELECT e.id, g.p[1], 'report', $1, '李书记', 'LEADER', NULL, 'AT_CENTER', false, e."reportedAt" FROM "Event" e JOIN g ON g.id = e."gridId" WHERE e.id LIKE 'benchtx%'`, [leader.id]);
  await one(`SELECT setval(pg_get_serial_sequence('"Event"', 'no'), ${baseNo + TX_EVENTS})`);
  await one(REUSE ? `ANALYZE "Event"` : `ANALYZE`);
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

  const center2 = await viewerOf(center.username);
  if (!SKIP_LISTS) {
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
  }

  // --- one transition: the app's action vs the same SQL through pg ---
  const { acceptSchema } = await import("@/lib/dispatch/schemas");
  const { runAction } = await import("@/lib/server/action");
  const ids = (await db.event.findMany({ where: { id: { startsWith: "benchtx" } }, select: { id: true }, orderBy: { no: "asc" } })).map((e) => e.id);
  // acceptAction is action(acceptSchema, …data.acceptEvent…, then revalidatePath): run as
  // the wrapper runs it, minus revalidatePath, which needs a Next.js request.
  const viaApp = async (id: string) => {
    const r = await runAction(center2, acceptSchema, data.acceptEvent, { id, version: 1 });
    if (!r.ok) throw new Error(`accept ${id}: ${r.code} ${r.message}`);
  };

  // The two statements the engine sends for "accept" (see lib/dispatch/engine.ts:
  // loadForTransition and writeSql), word for word.
  const READ_SQL = `
    SELECT e."id", e."no", e."title", e."source"::text AS "source", e."state"::text AS "state", e."version", e."holderUnitId", e."reporterId",
      e."urgency"::text AS "urgency", e."reopenCount", e."superviseGrade", e."resolvedLevel", e."gridId", e."categoryId", e."leadDepartmentId",
      e."dueAt", e."warnAt",
      (SELECT json_object_agg(u."level"::text, u."id") FROM "Unit" u WHERE u."id" = ANY(g."pathIds")) AS "levels"
    FROM "Event" e JOIN "Unit" g ON g."id" = e."gridId"
    WHERE e."id" = $1 AND EXISTS (SELECT 1 FROM "Unit" sg WHERE sg."id" = e."gridId" AND sg."pathIds" @> ARRAY[$2::int])`;
  const WRITE_SQL = `WITH lk AS (
    SELECT e."id", e."gridId" FROM "Event" e WHERE e."id" = $1 AND e."version" = $2::int AND EXISTS (SELECT 1 FROM "Unit" sg WHERE sg."id" = e."gridId" AND sg."pathIds" @> ARRAY[$3::int]) FOR NO KEY UPDATE),
ok AS (SELECT lk."id", lk."gridId" FROM lk ),
ev AS (
      UPDATE "Event" e SET "state" = $4::"EventState", "version" = e."version" + 1, "isOpen" = $5, "holderUnitId" = $6::int, "updatedAt" = ($7::timestamptz AT TIME ZONE 'UTC')
      FROM ok WHERE e."id" = ok."id"
      RETURNING e."id"),
tl AS (
    INSERT INTO "EventTimelineEntry" ("eventId", "countyId", "taskId", "action", "actorId", "actorName", "actorRole", "actorDepartmentId",
      "fromState", "toState", "taskFromState", "taskToState", "comment", "reply", "internal", "data", "requestKey", "at")
    SELECT $8::text, COALESCE((SELECT "pathIds"[1] FROM "Unit" WHERE "id" = $9::int), 0), $10::text, $11::text,
      $12::text, $13::text, $14::text, $15::int,
      $16::"EventState", $17::"EventState", $18::"DispatchTaskState", $19::"DispatchTaskState",
      $20::text, $21::text, $22::boolean, $23::jsonb, $24::text,
      ($25::timestamptz AT TIME ZONE 'UTC')
    FROM ok RETURNING "id"),
n0 AS (
    INSERT INTO "Notification" ("userId", "kind", "href", "params")
    SELECT u."id", $26, $27, $28::jsonb
    FROM "User" u
    WHERE u."enabled" AND u."id" <> $29 AND EXISTS (SELECT 1 FROM ok)
      AND (
        (u."unitId" = ANY($30::int[]) AND (u."role"::text || ':' || u."unitId") = ANY($31::text[]))
        OR ($32 AND u."role" = 'CENTER_STAFF' AND u."unitId" = ANY(COALESCE((SELECT "pathIds" FROM "Unit" WHERE "id" = $33), '{}'::int[])))
        OR ($34 AND u."role" = 'LEADER' AND u."unitId" = ANY(COALESCE((SELECT "pathIds" FROM "Unit" WHERE "id" = $35), '{}'::int[])))
        OR (u."role" = 'DEPARTMENT_STAFF' AND u."departmentId" = ANY($36::int[]) AND u."unitId" = ANY(COALESCE((SELECT "pathIds" FROM "Unit" WHERE "id" = $37), '{}'::int[])))
        OR u."id" = ANY($38::text[])
      ) RETURNING 1),
au AS (
      INSERT INTO "AuditLog" ("userId", "username", "role", "ip", "action", "targetType", "targetId", "result", "details")
      SELECT $39, $40, $41, $42, $43, 'event', $44, 'success',
        $45::jsonb || jsonb_build_object('entryId', tl."id"::text) FROM tl WHERE (SELECT count(*) FROM ev) + (SELECT count(*) FROM n0) >= 0)
    SELECT (SELECT count(*) FROM lk)::int AS "locked", (SELECT count(*) FROM ok)::int AS "ok", (SELECT "id" FROM tl) AS "entryId"`;
  const pool = new pg.Pool({ connectionString: dbUrl, max: CONCURRENCY });
  const me = center2;
  const viaPg = async (id: string) => {
    const { rows } = await pool.query(READ_SQL, [id, me.unitId]);
    const e = rows[0];
    if (!e) throw new Error(`accept ${id}: not found`);
    if (e.state !== "AT_CENTER" || e.version !== 1) throw new Error(`accept ${id}: stale`);
    const now = new Date().toISOString();
    const params = JSON.stringify({ no: e.no, title: e.title, actor: me.displayName, comment: null });
    const details = JSON.stringify({ no: e.no, fromState: "AT_CENTER", toState: "ACCEPTED", taskId: null, taskToState: null });
    const written = await pool.query(WRITE_SQL, [
      id, e.version, me.unitId, "ACCEPTED", true, e.holderUnitId, now,
      id, e.gridId, null, "accept", me.id, me.displayName, me.role, null, "AT_CENTER", "ACCEPTED", null, null, null, null, true, null, null, now,
      "dispatch.accepted", `/dispatch/${id}`, params, me.id, [], [], false, e.gridId, false, e.gridId, [], e.gridId, [e.reporterId],
      me.id, me.username, me.roleKey, me.ip, "dispatch.accept", id, details,
    ]);
    if (written.rows[0].ok !== 1) throw new Error(`accept ${id}: stale`);
  };

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
    return { seconds: (performance.now() - start) / 1000, lat };
  };
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  // Warm both paths up (JIT, connections, the configuration cache) on events of their own.
  await run(ids.slice(0, WARMUP), viaApp);
  await run(ids.slice(WARMUP, 2 * WARMUP), viaPg);
  const appIds = ids.slice(2 * WARMUP, 2 * WARMUP + TRANSITIONS);
  const pgIds = ids.slice(2 * WARMUP + TRANSITIONS, 2 * WARMUP + 2 * TRANSITIONS);
  const per = Math.ceil(TRANSITIONS / ROUNDS);
  const sides = { app: { seconds: 0, lat: [] as number[], n: 0 }, pg: { seconds: 0, lat: [] as number[], n: 0 } };
  console.log(`\ntransition "accept", ${TRANSITIONS} per side in ${ROUNDS} rounds, concurrency ${CONCURRENCY}; load average before: ${load()}`);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (["app", "pg"] as const) : (["pg", "app"] as const);
    const line: string[] = [];
    for (const side of order) {
      const items = (side === "app" ? appIds : pgIds).slice(r * per, (r + 1) * per);
      if (!items.length) continue;
      const m = await run(items, side === "app" ? viaApp : viaPg);
      sides[side].seconds += m.seconds;
      sides[side].lat.push(...m.lat);
      sides[side].n += items.length;
      line.push(`${side} ${(items.length / m.seconds).toFixed(0)}/s`);
    }
    console.log(`  round ${r + 1}: ${line.join(", ")}`);
  }
  await pool.end();
  const a = { perSecond: sides.app.n / sides.app.seconds, ...stats(sides.app.lat) };
  const b = { perSecond: sides.pg.n / sides.pg.seconds, ...stats(sides.pg.lat) };
  console.log(`  app (action → Prisma)   ${a.perSecond.toFixed(0).padStart(6)} /s   latency p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms`);
  console.log(`  same SQL through pg     ${b.perSecond.toFixed(0).padStart(6)} /s   latency p50 ${b.p50.toFixed(1)} ms  p95 ${b.p95.toFixed(1)} ms`);
  console.log(`  app / pg: ${(a.perSecond / b.perSecond).toFixed(2)} of the throughput ${a.perSecond / b.perSecond >= 0.5 ? "(at least half)" : "(UNDER half)"}; load average after: ${load()}`);
  // Both sides wrote the same rows.
  const [written] = await db.$queryRaw<{ accepted: number; entries: number; notices: number; audits: number }[]>`
    SELECT (SELECT count(*) FROM "Event" WHERE "id" LIKE 'benchtx%' AND "state" = 'ACCEPTED')::int AS accepted,
      (SELECT count(*) FROM "EventTimelineEntry" WHERE "eventId" LIKE 'benchtx%' AND "action" = 'accept')::int AS entries,
      (SELECT count(*) FROM "Notification" WHERE "kind" = 'dispatch.accepted')::int AS notices,
      (SELECT count(*) FROM "AuditLog" WHERE "action" = 'dispatch.accept')::int AS audits`;
  console.log(`  written: ${written.accepted} events accepted, ${written.entries} timeline entries, ${written.notices} notifications, ${written.audits} audit rows`);
  if (JSON_OUT) {
    const side = (x: typeof a) => ({ perSecond: Math.round(x.perSecond), p50: +x.p50.toFixed(1), p95: +x.p95.toFixed(1) });
    writeFileSync(JSON_OUT, JSON.stringify({ concurrency: CONCURRENCY, transitions: TRANSITIONS, app: side(a), pg: side(b), ratio: +(a.perSecond / b.perSecond).toFixed(2) }));
  }
  if (REUSE) {
    // Leave the scale data as it was (the audit rows stay).
    await db.$executeRaw`DELETE FROM "Notification" WHERE href LIKE '/dispatch/benchtx%'`;
    await db.$executeRaw`DELETE FROM "EventTimelineEntry" WHERE "eventId" LIKE 'benchtx%'`;
    await db.$executeRaw`DELETE FROM "Event" WHERE id LIKE 'benchtx%'`;
  }
  await db.$disconnect();
} catch (err) {
  console.error("benchmark failed:", err);
  process.exitCode = 1;
} finally {
  await drop();
}
