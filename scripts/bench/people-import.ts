// Benchmark of the resident import: generates a 100,000-row .xlsx and imports it through
// the app's own import path (upload → check → "import the valid rows"), on the job
// worker as a large upload is, and prints the time of each phase and the peak memory.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:people-import -- [--rows 100000] [--keep]
//
// It works in a scratch database it creates on that server (dropped afterwards unless
// --keep), so the database named in the URL is never touched. Without DATABASE_URL it
// uses a throw-away embedded database (PGlite), which is slower than PostgreSQL.
// Targets (PostgreSQL): 100,000 rows under 60 s, memory under 1 GB. Not run by the tests.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import pg from "pg";
import { makeIdNumber } from "@/lib/id-number";
import { applyMigrations } from "../db/migrate";
import { startEmbeddedServer } from "../db/embedded";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, keep: { type: "boolean", default: false } } });
const ROWS = Number(values.rows);

// --- a scratch database -----------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
let url: string;
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  const name = `vitalgrid_bench_import_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  if (!values.keep)
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    });
  console.log(`database: PostgreSQL, scratch database ${name}`);
} else {
  const server = await startEmbeddedServer({ dataDir: "memory" });
  url = server.url;
  cleanups.push(server.stop);
  console.log("database: embedded PGlite (in memory)");
}
await applyMigrations(url);
process.env.DATABASE_URL = url;
const dir = mkdtempSync(path.join(tmpdir(), "vitalgrid-bench-import-"));
process.env.UPLOAD_DIR = dir;

// --- memory sampling --------------------------------------------------------------------

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

try {
  const { db } = await import("@/lib/server/db");
  const { createUnit } = await import("@/lib/territory/data");
  const { seedKeyGroupTags } = await import("../../prisma/seed/people");
  const { loadViewer } = await import("@/lib/server/auth");
  const { importFile, decideImport } = await import("@/lib/people/import");
  const { runPendingJobs } = await import("@/lib/server/jobs");

  // A county with one township, one community and one grid, and its grid worker.
  const gridId = await db.$transaction(async (tx) => {
    const county = await createUnit(tx, { code: "620981000000", name: "玉门市", level: "COUNTY", parent: null });
    const town = await createUnit(tx, { code: "620981101000", name: "玉门镇", level: "TOWNSHIP", parent: county });
    const village = await createUnit(tx, { code: "620981101001", name: "和平社区居委会", level: "VILLAGE", parent: town });
    const grid = await createUnit(tx, { code: "620981101001001", name: "和平社区第1网格", level: "GRID", parent: village });
    return grid.id;
  });
  await seedKeyGroupTags(db);
  const user = await db.user.create({ data: { username: "bench-grid", displayName: "基准网格员", role: "GRID_WORKER", unitId: gridId, passwordHash: "x" } });
  const viewer = (await loadViewer(user.id, user.sessionVersion, "127.0.0.1"))!;

  // --- the file ---
  let t = Date.now();
  const file = path.join(dir, `residents-${ROWS}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("居民");
  ws.addRow(["姓名", "身份证号", "民族", "手机号", "居住类型", "是否在本网格居住", "楼栋/组", "单元", "房号/门牌号", "户号", "与户主关系", "就业情况", "重点人群", "关怀等级"]).commit();
  const surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗";
  const given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平";
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(1940, 0, 1) + (i % 24_000) * 86_400_000).toISOString().slice(0, 10);
    const household = Math.floor(i / 3);
    ws.addRow([
      surnames[i % 20] + given[(i * 7) % 20] + given[(i * 13) % 20],
      makeIdNumber("620981", day, Math.floor(i / 24_000) * 2 + (i % 2)),
      i % 25 === 0 ? "回族" : "汉族",
      `139${String(i).padStart(8, "0")}`,
      i % 10 === 0 ? "流动人口" : "户籍人口",
      "是",
      `${1 + Math.floor(household / 60)}栋`,
      `${1 + (household % 3)}单元`,
      `${1 + (Math.floor(household / 3) % 6)}0${1 + (household % 2)}室-${household}`,
      i % 10 === 0 ? "" : `H${household}`,
      i % 10 === 0 ? "" : i % 3 === 0 ? "户主" : "子女",
      "务农",
      i % 50 === 0 ? "独居老人" : "",
      i % 50 === 0 ? 2 : "",
    ]).commit();
  }
  await ws.commit();
  await wb.commit();
  console.log(`file: ${ROWS} rows, ${mb(statSync(file).size)}, written in ${((Date.now() - t) / 1000).toFixed(1)} s (peak RSS so far ${mb(peakRss)})`);
  // Measure the import alone, not the generation of its file.
  global.gc?.();
  peakRss = 0;
  peakHeap = 0;

  // --- upload and check ---
  const start = Date.now();
  t = Date.now();
  const { id } = await importFile(viewer, "residents", file);
  const upload = (Date.now() - t) / 1000;
  t = Date.now();
  await runPendingJobs();
  const check = (Date.now() - t) / 1000;
  const checked = await db.job.findUniqueOrThrow({ where: { id }, select: { status: true, result: true } });
  const summary = checked.result as { total: number; valid: number; invalid: number };
  console.log(`check: ${summary.total} rows, ${summary.valid} valid, ${summary.invalid} invalid (${checked.status})`);

  // --- import the valid rows ---
  t = Date.now();
  await decideImport(viewer, { id, decision: "valid" });
  await runPendingJobs();
  const commit = (Date.now() - t) / 1000;
  const total = (Date.now() - start) / 1000;
  const done = await db.job.findUniqueOrThrow({ where: { id }, select: { status: true, result: true } });
  const residents = await db.resident.count();
  clearInterval(sampler);
  console.log(`import: ${(done.result as { created: number }).created} created (${done.status}); ${residents} residents in the database`);
  console.log("");
  console.log(`upload (store + header check + inline start) ${upload.toFixed(1)} s`);
  console.log(`check  (read + validate every row)           ${check.toFixed(1)} s`);
  console.log(`commit (read + validate + insert in batches) ${commit.toFixed(1)} s`);
  console.log(`total                                        ${total.toFixed(1)} s   (target < 60 s)`);
  console.log(`peak memory during the import: RSS ${mb(peakRss)}, heap ${mb(peakHeap)}   (target < 1 GB)`);
  await db.$disconnect();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  for (const c of cleanups) await c();
}
