// Special projects benchmark: a campaign over every grid of the demo county (408 grids)
// with ~50,000 registry records to check. Builds the territory and the registry rows in a
// scratch database on DATABASE_URL's server, then measures through the data layer:
//   - starting the campaign (one task per grid, the items with one INSERT ... SELECT per
//     kind of record), several times;
//   - the progress board (county, township and village roots) with 60% of the records
//     checked, 10% of those with a finding, a fifth of the findings turned into events
//     (half of them closed): p50/p95 server time;
// (Submissions and the report are not timed here: they translate, and next-intl cannot be
// loaded under tsx's react-server condition; the integration tests cover them.)
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     npx tsx --conditions=react-server scripts/bench/projects.ts
//
// Options: --per-grid N records per grid (default 123: 61 rented houses, 62 shops and
// rental-housing places, plus as many records that the filter leaves out), --samples K
// (default 200), --starts S (default 3), --keep. Never run by the test suites.
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../db/migrate";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const PER_GRID = arg("per-grid", 123);
const SAMPLES = arg("samples", 200);
const STARTS = arg("starts", 3);
const KEEP = process.argv.includes("--keep");

const base = process.env.DATABASE_URL;
if (!base || !base.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server; a scratch database is created on it and dropped afterwards.");
  process.exit(1);
}

const scratch = `vitalgrid_bench_projects_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE "${scratch}"`);
await admin.end();
const url = new URL(base);
url.pathname = `/${scratch}`;
const dbUrl = url.toString();
process.env.DATABASE_URL = dbUrl;
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
const ms = (x: number) => `${x.toFixed(1)} ms`;

try {
  await applyMigrations(dbUrl);
  const { db } = await import("@/lib/server/db");
  const { loadViewer } = await import("@/lib/server/auth");
  const { seedDepartments, seedTerritory, seedDemoUsers } = await import("../../prisma/seed/demo");
  const { seedDispatchReference } = await import("../../prisma/seed/dispatch");
  const projects = await import("@/lib/projects/data");
  const { saveTemplate } = await import("@/lib/projects/templates-data");

  const t0 = performance.now();
  await seedDepartments(db);
  await seedTerritory(db);
  await seedDemoUsers(db);
  await seedDispatchReference(db);
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const q = async <T>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as T[];

  // Registry rows, set-based: per grid half rented houses, half shops and rental housing,
  // and as many owner-occupied houses and restaurants that the campaign's filter skips.
  const rented = Math.floor(PER_GRID / 2);
  const shops = PER_GRID - rented;
  await q(`SELECT setseed(0.2026)`);
  await q(
    `INSERT INTO "House" (id, "gridId", building, "unitNo", room, address, tenure, "updatedAt")
     SELECT 'bh' || g.id || '_' || n, g.id, (n / 20 + 1) || '栋', ((n / 4) % 5 + 1)::text, (n % 4 + 1) * 100 + 1 || '',
            g.name || ' ' || (n / 20 + 1) || '栋 ' || ((n / 4) % 5 + 1) || '单元 ' || ((n % 4 + 1) * 100 + 1),
            (CASE WHEN n < $1 THEN 'RENTED' ELSE 'OWNER_OCCUPIED' END)::"HouseTenure", now()
     FROM "Unit" g CROSS JOIN generate_series(0, 2 * $1 - 1) n WHERE g.level = 'GRID'`,
    [rented],
  );
  await q(
    `INSERT INTO "Place" (id, "gridId", name, category, address, "updatedAt")
     SELECT 'bp' || g.id || '_' || n, g.id, '商铺' || g.id || '-' || n,
            (CASE WHEN n < $1 * 0.8 THEN 'SHOP' WHEN n < $1 THEN 'RENTAL_HOUSING' ELSE 'RESTAURANT' END)::"PlaceCategory",
            g.name || n || '号', now()
     FROM "Unit" g CROSS JOIN generate_series(0, 2 * $1 - 1) n WHERE g.level = 'GRID'`,
    [shops],
  );
  await q(`ANALYZE`);
  const [counts] = await q<{ grids: number; houses: number; places: number }>(
    `SELECT (SELECT count(*)::int FROM "Unit" WHERE level = 'GRID') AS grids, (SELECT count(*)::int FROM "House") AS houses, (SELECT count(*)::int FROM "Place") AS places`,
  );
  console.log(`setup: ${counts.grids} grids, ${counts.houses} houses, ${counts.places} places in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const viewerOf = async (username: string) => {
    const u = await db.user.findUniqueOrThrow({ where: { username }, select: { id: true, sessionVersion: true } });
    return (await loadViewer(u.id, u.sessionVersion, "127.0.0.1"))!;
  };
  const center = await viewerOf("center");
  const county = await db.unit.findFirstOrThrow({ where: { level: "COUNTY" }, select: { id: true } });
  const fireCategory = (await db.eventCategory.findUniqueOrThrow({ where: { code: "fire-equipment" } })).id;
  const template = await saveTemplate(center, {
    name: "消防安全检查表",
    description: "",
    fields: [
      { key: "f1", type: "yesNo", label: "是否配备灭火器", required: true, finding: { values: [false], categoryId: fireCategory } },
      { key: "f2", type: "number", label: "灭火器数量", required: true, integer: true, min: 1, max: 99, showIf: { field: "f1", values: [true] } },
      { key: "f3", type: "yesNo", label: "疏散通道是否畅通", required: true, finding: { values: [false] } },
      { key: "f4", type: "longText", label: "备注", required: false },
    ],
  });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const inMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const input = {
    title: "全市出租房屋及商铺消防安全排查",
    type: "HAZARD_SCREENING" as const,
    description: "",
    startsOn: today,
    endsOn: inMonth,
    coverUnitIds: [county.id],
    leadDepartmentId: null,
    ownerId: null,
    templateId: template.id,
    versionPolicy: "PINNED" as const,
    selectors: [
      { kind: "HOUSE" as const, tenures: ["RENTED" as const] },
      { kind: "PLACE" as const, categories: ["SHOP" as const, "RENTAL_HOUSING" as const] },
    ],
  };

  // --- starting -------------------------------------------------------------------------------
  const startTimes: number[] = [];
  let projectId = "";
  let started = { tasks: 0, items: 0 };
  for (let i = 0; i < STARTS; i++) {
    const { id } = await projects.createProject(center, { ...input, title: `${input.title} ${i + 1}` });
    const t = performance.now();
    started = await projects.startProject(center, { id, version: 1 });
    startTimes.push(performance.now() - t);
    projectId = id;
  }
  console.log(`start: ${started.tasks} tasks, ${started.items} items; ${startTimes.map((x) => `${(x / 1000).toFixed(2)} s`).join(", ")} (${STARTS} campaigns)`);

  // --- progress: 60% checked, 10% of those with a finding, a fifth of findings became events ---
  const t1 = performance.now();
  const [version] = await q<{ id: string }>(`SELECT "templateVersionId" AS id FROM "Project" WHERE id = $1`, [projectId]);
  const [user] = await q<{ id: string }>(`SELECT id FROM "User" WHERE username = 'grid'`);
  await q(
    `INSERT INTO "ProjectSubmission" (id, "projectId", "taskId", "gridId", "itemId", "templateVersionId", answers, "findingCount", "submittedById", "submittedAt", "requestKey")
     SELECT 'bs' || i.id, t."projectId", t.id, t."gridId", i.id, $2,
            CASE WHEN i.id % 10 = 0 THEN '{"f1": false, "f3": true}'::jsonb ELSE '{"f1": true, "f2": 2, "f3": true}'::jsonb END,
            CASE WHEN i.id % 10 = 0 THEN 1 ELSE 0 END, $3, now() - (i.id % 500) * interval '1 minute', 'bench-' || i.id
     FROM "ProjectTaskItem" i JOIN "ProjectTask" t ON t.id = i."taskId"
     WHERE t."projectId" = $1 AND random() < 0.6`,
    [projectId, version.id, user.id],
  );
  await q(
    `UPDATE "ProjectTaskItem" i SET "checkedAt" = s."submittedAt", "submissionId" = s.id, "hasFinding" = s."findingCount" > 0
     FROM "ProjectSubmission" s WHERE s."itemId" = i.id AND s."projectId" = $1`,
    [projectId],
  );
  await q(
    `INSERT INTO "ProjectFinding" (id, "projectId", "taskId", "gridId", "submissionId", "fieldKey", "fieldLabel", answer, "recordLabel", "categoryId")
     SELECT 'bf' || s.id, s."projectId", s."taskId", s."gridId", s.id, 'f1', '是否配备灭火器', '否', i.label, $2
     FROM "ProjectSubmission" s JOIN "ProjectTaskItem" i ON i.id = s."itemId" WHERE s."projectId" = $1 AND s."findingCount" > 0`,
    [projectId, fireCategory],
  );
  await q(
    `INSERT INTO "Event" (id, source, "sourceRef", "categoryId", urgency, title, description, lat, lng, "gridId", state, "isOpen", "reporterId", "idempotencyKey", "closedAt", "updatedAt")
     SELECT 'be' || f.id, 'PROJECT_FINDING', f.id, f."categoryId", 'NORMAL', f."fieldLabel", f."fieldLabel", 40.3, 97.0, f."gridId",
            (CASE WHEN random() < 0.5 THEN 'CLOSED' ELSE 'REPORTED' END)::"EventState", true, $2, 'bench-' || f.id, NULL, now()
     FROM "ProjectFinding" f WHERE f."projectId" = $1 AND random() < 0.2`,
    [projectId, user.id],
  );
  await q(`UPDATE "Event" SET "isOpen" = false, "closedAt" = now() WHERE state = 'CLOSED' AND id LIKE 'be%'`);
  await q(`UPDATE "ProjectFinding" f SET "eventId" = e.id, "eventNo" = e.no FROM "Event" e WHERE e."sourceRef" = f.id AND f."projectId" = $1`, [projectId]);
  await q(
    `UPDATE "ProjectTask" t SET
       "itemsChecked" = (SELECT count(*) FROM "ProjectTaskItem" i WHERE i."taskId" = t.id AND i."checkedAt" IS NOT NULL),
       "submissionCount" = (SELECT count(*) FROM "ProjectSubmission" s WHERE s."taskId" = t.id AND s."supersededAt" IS NULL),
       "findingCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t.id AND f."voidedAt" IS NULL),
       "eventCount" = (SELECT count(*) FROM "ProjectFinding" f WHERE f."taskId" = t.id AND f."eventId" IS NOT NULL)
     WHERE t."projectId" = $1`,
    [projectId],
  );
  await q(`ANALYZE`);
  const [progress] = await q<{ submissions: number; findings: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM "ProjectSubmission" WHERE "projectId" = $1) AS submissions,
            (SELECT count(*)::int FROM "ProjectFinding" WHERE "projectId" = $1) AS findings,
            (SELECT count(*)::int FROM "ProjectFinding" WHERE "projectId" = $1 AND "eventId" IS NOT NULL) AS events`,
    [projectId],
  );
  console.log(`progress: ${progress.submissions} entries, ${progress.findings} findings, ${progress.events} events (${((performance.now() - t1) / 1000).toFixed(1)} s)`);

  // --- the board ----------------------------------------------------------------------------------
  const township = await db.unit.findFirstOrThrow({ where: { level: "TOWNSHIP", parentId: county.id }, orderBy: { code: "asc" }, select: { id: true } });
  const village = await db.unit.findFirstOrThrow({ where: { level: "VILLAGE", parentId: township.id }, orderBy: { code: "asc" }, select: { id: true } });
  const measure = async (label: string, run: () => Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await run();
    const xs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await run();
      xs.push(performance.now() - t);
    }
    const s = stats(xs);
    console.log(`${label.padEnd(34)} p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  max ${ms(s.max).padStart(9)}`);
    return s;
  };
  const board = await projects.getBoard(center, projectId);
  console.log(`board: ${board.rows.length} townships, totals ${JSON.stringify(board.totals)}`);
  const countyBoard = await measure("board, county (16 townships)", () => projects.getBoard(center, projectId));
  await measure("board, township", () => projects.getBoard(center, projectId, township.id));
  await measure("board, village (its grids)", () => projects.getBoard(center, projectId, village.id));
  await measure("campaign list", () => projects.listProjects(center));
  await measure("findings, first page", () => projects.listFindings(center, projectId, {}));

  console.log(
    `\nRESULT start ${(Math.max(...startTimes) / 1000).toFixed(2)} s (worst of ${STARTS}) for ${started.items} records in ${started.tasks} grids; ` +
      `board p95 ${countyBoard.p95.toFixed(1)} ms (county root, ${SAMPLES} samples)`,
  );
  await c.end();
  await db.$disconnect();
} finally {
  await drop();
}
