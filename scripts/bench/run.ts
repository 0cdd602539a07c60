// `npm run bench`: measures the app served by `next start` on a scale database.
//
//   DATABASE_URL=postgresql://…/vitalgrid_scale npm run bench [-- --runs 40 --duration 20]
//
// The database must hold the scale data set (`npm run bench:seed`). The command builds the
// app when there is no build (NEXT_DIST_DIR, default .next), starts `next start` in
// benchmark mode (it counts SQL statements; the deadline timer and the job worker are off
// so that nothing else runs statements), signs in as benchmark users, and prints one table
// and a JSON file (bench-results/latest.json):
//   - server time p50/p95 of every named request (scripts/bench/requests.ts), measured on
//     loopback one request at a time (the server's time plus a loopback hop), against the
//     figure the module issue names;
//   - the main server actions (report an event, dispatch, complete a task, log a visit),
//     called as the browser calls them, each on a record of its own;
//   - SQL statements per request and per action (flagged over 10);
//   - mixed grid-worker traffic with 50 concurrent users (autocannon): throughput, p95,
//     errors;
//   - the dispatch transition through the app next to the same SQL through `pg`, and the
//     ratio: scripts/bench/dispatch.ts run on this database (--reuse), last, as it writes;
//   - compressed JavaScript shipped to the phone pages, and the map payloads.
//
// Options: --runs N per request (40), --duration S of the mixed load (20), --connections C
// (50), --only TEXT (requests whose name contains it; skips the rest), --mixed-skip TEXT
// (leave the mixed requests whose name contains it out of the load, to see what the others
// sustain), --transitions M per side for the dispatch comparison (1000; 0 skips it). The actions and the comparison write
// to the database (new events, dispatched events, completed tasks, visits).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
// React's Flight client as Next ships it: it encodes action arguments as the browser does.
// @ts-expect-error -- a compiled module without type declarations
import * as flight from "next/dist/compiled/react-server-dom-turbopack/client.edge";
import { Secret, TOTP } from "otpauth";
import pg from "pg";
import { BENCH_REQUESTS, type BenchContext, type BenchRequest } from "./requests";
import { BENCH_KEYS, BENCH_PASSWORD, BENCH_TOTP_SECRET } from "./scale-util";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "50" },
    only: { type: "string" },
    transitions: { type: "string", default: "1000" },
    "mixed-skip": { type: "string" },
  },
});
const RUNS = Number(values.runs);
const STATEMENT_LIMIT = 10;
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required: a database filled by `npm run bench:seed`");
  process.exit(2);
}
const distDir = process.env.NEXT_DIST_DIR || ".next";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number) => +x.toFixed(1);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

// --- a signed-in user agent, and server actions over HTTP ------------------------------------

interface FlightClient {
  encodeReply(value: unknown[]): Promise<string | FormData>;
}
const { encodeReply } = flight as FlightClient;

/**
 * The action's return value from its Flight response. The response also carries the
 * refreshed page (the actions revalidate), whose client components a script cannot load,
 * so the rows are read directly: row 0 holds `a`, the result, inline or as a reference to
 * the row that holds it. Text and binary rows are length-prefixed (`id:T<hex length>,…`).
 */
function actionResult(buf: Buffer): unknown {
  const rows = new Map<string, string>();
  for (let i = 0; i < buf.length; ) {
    const colon = buf.indexOf(0x3a, i);
    if (colon < 0) break;
    const id = buf.toString("latin1", i, colon);
    const comma = buf.indexOf(0x2c, colon + 1);
    const sized = /^[TAOoUSsLlGgMmVb][0-9a-f]+$/.test(buf.toString("latin1", colon + 1, comma > 0 ? Math.min(comma, colon + 20) : colon + 1));
    if (sized && comma > 0) {
      i = comma + 1 + parseInt(buf.toString("latin1", colon + 2, comma), 16);
      continue;
    }
    const nl = buf.indexOf(0x0a, colon + 1);
    const end = nl < 0 ? buf.length : nl;
    rows.set(id, buf.toString("utf8", colon + 1, end));
    i = end + 1;
  }
  const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
  const a = root?.a;
  if (typeof a === "string" && a.startsWith("$@")) return JSON.parse(rows.get(a.slice(2)) ?? "null");
  return a;
}
const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(BENCH_TOTP_SECRET) });

async function signIn(base: string, username: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = (csrfRes.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
  // Leaders and administrators sign in with their second factor (the scale seed's secret);
  // the others' sign-in ignores it.
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, username, password: BENCH_PASSWORD, totp: totp.generate(), json: "true" }),
  });
  const session = (res.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`could not sign in as ${username} (${res.status})`);
  return session;
}

/** The build's server actions by "file#export": their ids and the pages that can run them. */
function loadActions(): Map<string, { id: string; pages: string[] }> {
  const manifest = JSON.parse(readFileSync(path.join(root, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  const out = new Map<string, { id: string; pages: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) continue;
    const pages = Object.keys(entry.workers)
      .filter((w) => w.endsWith("/page"))
      .map((w) => "/" + w.slice("app/".length, -"/page".length).split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/"));
    out.set(`${entry.filename}#${entry.exportedName}`, { id, pages });
  }
  return out;
}

/** Calls a server action as the browser's React does (POST to a page that has it); resolves to its result. */
async function callAction(base: string, cookie: string, actionId: string, page: string, args: unknown[]): Promise<{ status: number; result: unknown }> {
  const body = await encodeReply(args);
  const headers: Record<string, string> = { cookie, "Next-Action": actionId, Accept: "text/x-component", Origin: base };
  if (typeof body === "string") headers["content-type"] = "text/plain;charset=UTF-8";
  const res = await fetch(`${base}${page}`, { method: "POST", headers, body, redirect: "manual" });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || !(res.headers.get("content-type") ?? "").startsWith("text/x-component")) return { status: res.status, result: null };
  return { status: 200, result: actionResult(buf) };
}

async function queryCount(base: string): Promise<number> {
  return ((await (await fetch(`${base}/api/bench/queries`)).json()) as { count: number }).count;
}

// --- the run ---------------------------------------------------------------------------------

interface Row {
  p50: number;
  p95: number;
  statements: number;
  target?: number;
  bytes?: number;
}

async function main() {
  const env = { ...process.env, ...BENCH_KEYS, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" } as NodeJS.ProcessEnv;
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const ctx = await buildContext(db);
  const startedAt = new Date();
  const loadBefore = load();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      NEXTAUTH_SECRET: "bench-secret-".padEnd(48, "x"),
      NEXTAUTH_URL: base,
      VITALGRID_DEMO: "0",
      VITALGRID_BENCH: "1",
      // Only requests run statements: no deadline timer, no job worker.
      DISPATCH_TIMER: "0",
      VITALGRID_JOBS: "0",
      DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Interrupted: take the server down with us.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      server.kill("SIGTERM");
      process.exit(130);
    });
  const problems: string[] = [];
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (i > 480) throw new Error("the app did not start");
      await new Promise((r) => setTimeout(r, 250));
    }

    const cookies = new Map<string, string>();
    const cookieFor = async (username: string) => {
      if (!cookies.has(username)) cookies.set(username, await signIn(base, username));
      return cookies.get(username)!;
    };

    // 1. Named requests, one at a time.
    console.log(`\nrequests: ${RUNS} runs each after a warm-up; load average ${load()}`);
    const rows: Record<string, Row> = {};
    const requests = BENCH_REQUESTS.filter((r) => !values.only || r.name.includes(values.only));
    for (const r of requests) {
      const cookie = await cookieFor(r.user(ctx));
      const send = () => sendRequest(base, r, ctx, cookie);
      const first = await send(); // warm-up: compile caches, connection pool, snapshots
      if (first.status !== 200) {
        problems.push(`${r.name}: HTTP ${first.status}`);
        console.log(`  ${r.name}: HTTP ${first.status}, skipped`);
        continue;
      }
      const before = await queryCount(base);
      await send();
      const statements = (await queryCount(base)) - before;
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const { status } = await send();
        samples.push(performance.now() - t0);
        if (status !== 200) throw new Error(`${r.name}: HTTP ${status}`);
      }
      rows[r.name] = { p50: round(pct(samples, 50)), p95: round(pct(samples, 95)), statements, target: r.targetMs, bytes: first.bytes };
      process.stdout.write(".");
    }
    process.stdout.write("\n");

    // 2. The main server actions, each on a record of its own.
    const actions = values.only ? {} : await measureActions(base, ctx, db, cookieFor, problems);

    // 3. Mixed grid-worker traffic: every connection a different worker.
    let mixedResult: { mix: string[]; requestsPerSecond: number; p50: number; p97_5: number; p99: number; errors: number; requests: number; statusCodes: Record<string, number> } | null = null;
    if (!values.only) {
      const workers = ctx.gridWorkers.slice(0, Number(values.connections));
      const workerCookies: string[] = [];
      for (const w of workers) workerCookies.push(await cookieFor(w.username));
      const skip = values["mixed-skip"];
      const mixed = BENCH_REQUESTS.filter((r) => r.mixed && !(skip && r.name.includes(skip)));
      console.log(`mixed grid-worker traffic: ${workers.length} users, ${mixed.length} kinds of request, ${values.duration} s; load average ${load()}`);
      let next = 0;
      const result = await autocannon({
        url: base,
        connections: workers.length,
        duration: Number(values.duration),
        // Each connection is one worker: its context (one per connection) keeps its cookie.
        initialContext: {},
        requests: mixed.map((r) => ({
          method: "GET",
          path: r.path(ctx),
          setupRequest: (req: Record<string, unknown>, context: { cookie?: string }) => {
            context.cookie ??= workerCookies[next++ % workerCookies.length];
            return { ...req, headers: { ...(req.headers as Record<string, string>), cookie: context.cookie, "accept-encoding": "gzip" } };
          },
        })),
      } as unknown as autocannon.Options);
      const latency = result.latency as unknown as Record<string, number>;
      mixedResult = {
        mix: mixed.map((r) => r.name),
        requestsPerSecond: Math.round(result.requests.average),
        p50: latency.p50,
        // autocannon reports p97.5 and p99, not p95: the nearer one above it is reported.
        p97_5: latency.p97_5,
        p99: latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
        requests: result.requests.total,
        statusCodes: Object.fromEntries(Object.entries((result as unknown as { statusCodeStats: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
      };
    }

    // 4. JavaScript shipped to phone pages (compressed), and payloads.
    const phone: Record<string, number> = {};
    const workerCookie = await cookieFor(ctx.gridWorkers[0].username);
    for (const page of BENCH_REQUESTS.filter((r) => r.phonePage && (!values.only || r.name.includes(values.only)))) {
      const html = await (await fetch(`${base}${page.path(ctx)}`, { headers: { cookie: workerCookie } })).text();
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
      let bytes = 0;
      for (const src of new Set(scripts)) bytes += gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer())).length;
      phone[page.name] = Math.round(bytes / 1024);
    }
    const payloads: Record<string, number> = {};
    for (const r of BENCH_REQUESTS.filter((x) => x.payload && rows[x.name])) payloads[r.name] = round((rows[r.name].bytes ?? 0) / 1024);

    // 5. The dispatch transition through the app and through pg (it writes: last).
    const transitions = values.only ? null : await compareTransitions(ctx, problems);

    // --- one table ---
    const table: [string, string, string, string, string, string][] = [["request", "p50 ms", "p95 ms", "target", "SQL", ""]];
    const flag = (r: Row) =>
      [r.target !== undefined && r.p95 > r.target ? "MISSED" : "", r.statements > STATEMENT_LIMIT ? `>${STATEMENT_LIMIT} SQL` : ""].filter(Boolean).join(", ");
    for (const [name, r] of Object.entries(rows)) table.push([name, r.p50.toFixed(1), r.p95.toFixed(1), r.target ? `${r.target}` : "", String(r.statements), flag(r)]);
    for (const [name, r] of Object.entries(actions)) table.push([`action: ${name}`, r.p50.toFixed(1), r.p95.toFixed(1), "", String(r.statements), flag(r)]);
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => width(row[i]))));
    console.log("");
    for (const [i, row] of table.entries()) {
      console.log(row.map((cell, k) => (k === 0 ? pad(cell, widths[k]) : cell.padStart(widths[k]))).join("  "));
      if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
    }
    const missed = Object.entries(rows).filter(([, r]) => r.target !== undefined && r.p95 > r.target).map(([n]) => n);
    const chatty = [...Object.entries(rows), ...Object.entries(actions)].filter(([, r]) => r.statements > STATEMENT_LIMIT).map(([n]) => n);
    console.log(`\n${missed.length} of ${Object.values(rows).filter((r) => r.target !== undefined).length} requests with a target missed it; ${chatty.length} issue more than ${STATEMENT_LIMIT} SQL statements${chatty.length ? `: ${chatty.join("; ")}` : ""}`);
    if (mixedResult)
      console.log(
        `mixed grid-worker traffic: ${mixedResult.requestsPerSecond} requests/s (target 200), p50 ${mixedResult.p50} ms, p97.5 ${mixedResult.p97_5} ms (target p95 < 300), ${mixedResult.errors} errors in ${mixedResult.requests} requests (HTTP ${JSON.stringify(mixedResult.statusCodes)})`,
      );
    if (transitions)
      console.log(
        `dispatch transition "accept", concurrency ${transitions.concurrency}: app ${transitions.app.perSecond}/s (p95 ${transitions.app.p95} ms), pg ${transitions.pg.perSecond}/s (p95 ${transitions.pg.p95} ms), app/pg ${transitions.ratio} (target at least 0.5)`,
      );
    console.log(`phone pages, compressed JavaScript (KB, target < 200): ${Object.entries(phone).map(([k, v]) => `${k} ${v}`).join("; ")}`);
    console.log(`payloads over the wire, gzip (KB): ${Object.entries(payloads).map(([k, v]) => `${k} ${v}`).join("; ")}`);
    if (problems.length) console.log(`problems:\n  ${problems.join("\n  ")}`);

    const result = {
      at: startedAt.toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadBefore, loadAfter: load() },
      database: await databaseFacts(db),
      runs: RUNS,
      requests: rows,
      actions,
      statementLimit: STATEMENT_LIMIT,
      overStatementLimit: chatty,
      targetsMissed: missed,
      mixed: mixedResult,
      transitions,
      phoneJavaScriptKb: phone,
      payloadsKb: payloads,
      problems,
    };
    mkdirSync(path.join(root, "bench-results"), { recursive: true });
    writeFileSync(path.join(root, "bench-results", "latest.json"), JSON.stringify(result, null, 2));
    console.log("written to bench-results/latest.json");
  } finally {
    server.kill("SIGTERM");
    await db.end();
  }
}

const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));

async function sendRequest(base: string, r: BenchRequest, ctx: BenchContext, cookie: string): Promise<{ status: number; bytes: number }> {
  const res = await fetch(`${base}${r.path(ctx)}`, { headers: { cookie, "accept-encoding": "gzip" }, redirect: "manual" });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: gzipSync(body).length };
}

// --- actions -----------------------------------------------------------------------------------

type CookieFor = (username: string) => Promise<string>;

/**
 * Report an event (grid worker), dispatch (the center), complete a task (department), log a
 * visit (grid worker): RUNS calls each, one at a time, each on its own record, through the
 * server action as the browser sends it. Every call must succeed.
 */
async function measureActions(base: string, ctx: BenchContext, db: pg.Client, cookieFor: CookieFor, problems: string[]): Promise<Record<string, Row>> {
  const actions = loadActions();
  const ref = (name: string) => {
    const a = actions.get(name);
    if (!a) throw new Error(`no server action ${name} in the build in ${distDir}`);
    return a;
  };
  const q = async <T,>(sql: string, args: unknown[] = []) => (await db.query(sql, args)).rows as T[];
  const stamp = Date.now().toString(36);
  const n = RUNS + 1;
  const worker = ctx.gridWorkers[0];
  const [grid] = await q<{ lat: number; lng: number }>(`SELECT "centerLat" AS lat, "centerLng" AS lng FROM "Unit" WHERE id = $1`, [worker.gridId]);
  const [category] = await q<{ id: number }>(`SELECT id FROM "EventCategory" WHERE "parentId" IS NOT NULL AND enabled ORDER BY "sortOrder", id LIMIT 1`);
  const [centerUser] = await q<{ unitId: number }>(`SELECT "unitId" FROM "User" WHERE username = $1`, [ctx.center]);
  const [dept] = await q<{ departmentId: number; unitId: number }>(`SELECT "departmentId", "unitId" FROM "User" WHERE username = $1`, [ctx.department]);
  const toDispatch = await q<{ id: string; version: number }>(
    `SELECT e.id, e.version FROM "Event" e JOIN "Unit" g ON g.id = e."gridId" WHERE e.state = 'ACCEPTED' AND g."pathIds"[1] = $1 ORDER BY e.no DESC LIMIT $2`,
    [centerUser.unitId, n],
  );
  const toComplete = await q<{ taskId: string; version: number; eventId: string }>(
    `SELECT t.id AS "taskId", t.version, e.id AS "eventId" FROM "DispatchTask" t JOIN "Event" e ON e.id = t."eventId" JOIN "Unit" g ON g.id = e."gridId"
     WHERE t."departmentId" = $1 AND t."isLead" AND t.state = 'IN_PROGRESS' AND e.state = 'PROCESSING' AND g."pathIds"[1] = $2 ORDER BY e.no DESC LIMIT $3`,
    [dept.departmentId, dept.unitId, n],
  );
  const households = await q<{ id: string }>(`SELECT id FROM "Household" WHERE "gridId" = $1 AND "deletedAt" IS NULL ORDER BY id LIMIT $2`, [worker.gridId, n]);
  const plans: { name: string; user: string; action: string; page: (i: number) => string; args: (i: number) => unknown[]; count: number }[] = [
    {
      name: "report an event (grid worker)",
      user: worker.username,
      action: "lib/dispatch/actions.ts#reportEventAction",
      page: () => "/dispatch/new",
      args: (i) => [{ requestKey: `bench-${stamp}-${i}`, categoryId: category.id, urgency: "NORMAL", title: `基准测试上报 ${i}`, description: "基准测试：网格员上报事件。", lat: grid.lat, lng: grid.lng }],
      count: n,
    },
    {
      name: "dispatch (center)",
      user: ctx.center,
      action: "lib/dispatch/actions.ts#dispatchAction",
      page: (i) => `/dispatch/${toDispatch[i].id}`,
      args: (i) => [{ id: toDispatch[i].id, version: toDispatch[i].version, leadDepartmentId: dept.departmentId, comment: "请按时限办理并反馈。" }],
      count: toDispatch.length,
    },
    {
      name: "complete a task (department)",
      user: ctx.department,
      action: "lib/dispatch/actions.ts#taskCompleteAction",
      page: (i) => `/dispatch/${toComplete[i].eventId}`,
      args: (i) => [{ taskId: toComplete[i].taskId, version: toComplete[i].version, result: "已办理完毕，现场整改到位。" }],
      count: toComplete.length,
    },
    {
      name: "log a visit (grid worker)",
      user: worker.username,
      action: "lib/visits/actions.ts#logVisitAction",
      page: () => "/grid/visits",
      args: (i) => {
        const form = new FormData();
        form.set("data", JSON.stringify({ householdId: households[i].id, visitedAt: new Date().toISOString(), method: "IN_PERSON", findings: "基准测试：入户走访，情况正常。", needsFollowUp: false }));
        return [form];
      },
      count: households.length,
    },
  ];
  const out: Record<string, Row> = {};
  console.log(`actions: ${RUNS} calls each; load average ${load()}`);
  for (const plan of plans) {
    if (plan.count < n) {
      problems.push(`${plan.name}: only ${plan.count} records to act on, ${n} needed`);
      continue;
    }
    const a = ref(plan.action);
    const page = (i: number) => {
      const p = plan.page(i);
      if (!a.pages.some((x) => x === p || (x.includes("[") && new RegExp(`^${x.replace(/\[[^\]]+\]/g, "[^/]+")}$`).test(p)))) throw new Error(`${plan.action} is not on ${p}`);
      return p;
    };
    const cookie = await cookieFor(plan.user);
    const call = async (i: number) => {
      const r = await callAction(base, cookie, a.id, page(i), plan.args(i));
      const result = r.result as { ok?: boolean; code?: string; message?: string } | null;
      if (r.status !== 200 || !result?.ok) throw new Error(`${plan.name}: ${r.status} ${result?.code ?? ""} ${result?.message ?? ""}`);
    };
    const before = await queryCount(base);
    await call(0); // the first call also warms up
    const statements = (await queryCount(base)) - before;
    const samples: number[] = [];
    for (let i = 1; i < n; i++) {
      const t0 = performance.now();
      await call(i);
      samples.push(performance.now() - t0);
    }
    out[plan.name] = { p50: round(pct(samples, 50)), p95: round(pct(samples, 95)), statements };
  }
  return out;
}

// --- the dispatch transition, app vs pg (scripts/bench/dispatch.ts) -------------------------

interface Transitions {
  concurrency: number;
  transitions: number;
  app: { perSecond: number; p50: number; p95: number };
  pg: { perSecond: number; p50: number; p95: number };
  ratio: number;
}

/** Runs the dispatch benchmark's transition comparison on this database and reads its figures. */
async function compareTransitions(ctx: BenchContext, problems: string[]): Promise<Transitions | null> {
  const transitions = Number(values.transitions);
  if (!transitions) return null;
  const out = path.join(os.tmpdir(), `vitalgrid-bench-transitions-${process.pid}.json`);
  console.log(`dispatch transition comparison (scripts/bench/dispatch.ts --reuse); load average ${load()}`);
  try {
    await run(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--tsconfig", "scripts/bench/tsconfig.dispatch.json", "scripts/bench/dispatch.ts", "--reuse", "--skip-lists", "--transitions", String(transitions), "--center", ctx.center, "--json", out],
      { ...process.env, ...BENCH_KEYS, DATABASE_URL: url },
    );
    return JSON.parse(readFileSync(out, "utf8")) as Transitions;
  } catch (err) {
    problems.push(`dispatch transition comparison: ${(err as Error).message}`);
    return null;
  } finally {
    rmSync(out, { force: true });
  }
}

// --- what the run measures on --------------------------------------------------------------

async function databaseFacts(db: pg.Client) {
  const { rows } = await db.query(`
    SELECT version() AS server,
      (SELECT count(*) FROM "Resident")::int AS residents, (SELECT count(*) FROM "Household")::int AS households,
      (SELECT count(*) FROM "Visit")::int AS visits, (SELECT count(*) FROM "Event")::int AS events,
      (SELECT count(*) FROM "Event" WHERE "isOpen")::int AS "openEvents", (SELECT count(*) FROM "EventTimelineEntry")::int AS "timelineEntries",
      (SELECT count(*) FROM "Dispute")::int AS disputes, (SELECT count(*) FROM "Petition")::int AS petitions,
      (SELECT count(*) FROM "Unit" WHERE level = 'GRID')::int AS grids, (SELECT count(*) FROM "User")::int AS users`);
  return { ...rows[0], server: String(rows[0].server).split(" on ")[0] };
}

async function buildContext(db: pg.Client): Promise<BenchContext> {
  const one = async <T,>(sql: string, args: unknown[] = []) => {
    const r = (await db.query(sql, args)).rows[0] as T | undefined;
    if (!r) throw new Error(`the database lacks what the benchmark needs (${sql.slice(0, 80)}…): fill it with npm run bench:seed`);
    return r;
  };
  // The measured users all work in the first county; its first grid's worker is "the" worker.
  const { county } = await one<{ county: number }>(`SELECT id AS county FROM "Unit" WHERE level = 'COUNTY' ORDER BY id LIMIT 1`);
  const { smallCounty } = await one<{ smallCounty: number }>(`SELECT id AS "smallCounty" FROM "Unit" WHERE level = 'COUNTY' ORDER BY id OFFSET 1 LIMIT 1`);
  const gridWorkers = (
    await db.query(
      `SELECT u.username, u."unitId" AS "gridId" FROM "User" u JOIN "Unit" g ON g.id = u."unitId" WHERE u.role = 'GRID_WORKER' AND u.enabled AND g."pathIds"[1] = $1 ORDER BY u.id LIMIT 200`,
      [county],
    )
  ).rows as { username: string; gridId: number }[];
  const userOf = (role: string, unit: number, extra = "") =>
    one<{ username: string; unitId: number; departmentId: number | null }>(
      `SELECT u.username, u."unitId", u."departmentId" FROM "User" u JOIN "Unit" x ON x.id = u."unitId" WHERE u.role = $1 AND u.enabled AND x."pathIds" @> ARRAY[$2::int] ${extra} ORDER BY u.id LIMIT 1`,
      [role, unit],
    );
  const gridId = gridWorkers[0].gridId;
  const { township: townshipUnit, village } = await one<{ township: number; village: number }>(`SELECT "pathIds"[2] AS township, "pathIds"[3] AS village FROM "Unit" WHERE id = $1`, [gridId]);
  const admin = await userOf("ADMIN", county);
  const leader = await userOf("LEADER", county);
  const center = await userOf("CENTER_STAFF", county);
  // The department with the most open tasks in the county: its staff have the longest lists.
  const { departmentId } = await one<{ departmentId: number }>(
    `SELECT t."departmentId" FROM "DispatchTask" t JOIN "Event" e ON e.id = t."eventId" JOIN "Unit" g ON g.id = e."gridId"
     WHERE t.state IN ('PENDING', 'IN_PROGRESS') AND g."pathIds"[1] = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [county],
  );
  const department = await userOf("DEPARTMENT_STAFF", county, `AND u."departmentId" = ${Number(departmentId)}`);
  const community = await userOf("COMMUNITY_OFFICER", village);
  const township = await userOf("TOWNSHIP_OFFICER", townshipUnit);
  const smallCountyCenter = await userOf("CENTER_STAFF", smallCounty);
  const resident = await one<{ id: string; name: string; gridId: number; idCipher: string }>(
    `SELECT id, name, "gridId", "idCipher" FROM "Resident" WHERE "gridId" = $1 AND "deletedAt" IS NULL ORDER BY id LIMIT 1`,
    [gridId],
  );
  const pick = async (table: string, where = "") => (await one<{ id: string }>(`SELECT id FROM "${table}" WHERE "gridId" = $1 ${where} ORDER BY id LIMIT 1`, [gridId])).id;
  const grid = {
    householdId: await pick("Household", `AND "deletedAt" IS NULL`),
    houseId: await pick("House", `AND "deletedAt" IS NULL`),
    placeId: await pick("Place", `AND "deletedAt" IS NULL`),
    facilityId: await pick("Facility", `AND "deletedAt" IS NULL`),
    sentimentId: await pick("SentimentEntry", `AND "deletedAt" IS NULL`),
  };
  // Events with a long history: one that went through a department (the center's and the
  // department's view), and one of the worker's grid.
  const eventThrough = async (where: string, args: unknown[]) =>
    (
      await one<{ id: string }>(
        `SELECT e.id FROM "Event" e JOIN "Unit" g ON g.id = e."gridId" WHERE ${where} AND e.version >= 8 ORDER BY e.no DESC LIMIT 1`,
        args,
      )
    ).id;
  const events = {
    center: await eventThrough(`g."pathIds"[1] = $1 AND e."leadDepartmentId" IS NOT NULL`, [county]),
    department: await eventThrough(`g."pathIds"[1] = $1 AND EXISTS (SELECT 1 FROM "DispatchTask" t WHERE t."eventId" = e.id AND t."departmentId" = $2)`, [county, departmentId]),
    worker: await eventThrough(`e."gridId" = $1`, [gridId]),
  };
  const dispute = await one<{ id: string }>(
    `SELECT d.id FROM "Dispute" d JOIN "MediationAgreement" a ON a."disputeId" = d.id WHERE d."unitId" = $1 AND d.status = 'CLOSED' ORDER BY d.no DESC LIMIT 1`,
    [county],
  );
  const petition = await one<{ id: string }>(`SELECT id FROM "Petition" WHERE "unitId" = $1 AND "eventId" IS NOT NULL ORDER BY no DESC LIMIT 1`, [county]);
  // A visitor who came more than once.
  const visitor = await one<{ id: string }>(
    `SELECT i."visitorId" AS id FROM "CenterIntake" i WHERE i."unitId" = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    [county],
  );
  const { intakeDay } = await one<{ intakeDay: string }>(
    `SELECT to_char(max("receivedAt") + interval '8 hours', 'YYYY-MM-DD') AS "intakeDay" FROM "CenterIntake" i JOIN "Unit" u ON u.id = i."unitId" WHERE u."pathIds"[1] = $1`,
    [county],
  );
  const { bbox } = await one<{ bbox: string }>(
    `SELECT concat_ws(',', min("centerLng") - 0.01, min("centerLat") - 0.01, max("centerLng") + 0.01, max("centerLat") + 0.01) AS bbox FROM "Unit" WHERE level = 'GRID' AND "pathIds"[1] = $1`,
    [county],
  );
  const cn = new Date(Date.now() + 8 * 3_600_000).toISOString();
  process.env.DATA_ENCRYPTION_KEY = BENCH_KEYS.DATA_ENCRYPTION_KEY;
  process.env.DATA_LOOKUP_KEY = BENCH_KEYS.DATA_LOOKUP_KEY;
  const { decryptSecret } = await import("@/lib/server/crypto");
  return {
    gridWorkers,
    admin: admin.username,
    leader: leader.username,
    center: center.username,
    department: department.username,
    community: community.username,
    township: township.username,
    county,
    townshipUnit,
    smallCounty,
    smallCountyCenter: smallCountyCenter.username,
    resident: { id: resident.id, name: resident.name, gridId: resident.gridId, idNumber: decryptSecret(resident.idCipher) },
    grid,
    events,
    center_: { disputeId: dispute.id, petitionId: petition.id, visitorId: visitor.id, intakeDay, month: intakeDay.slice(0, 7) },
    period: { month: cn.slice(0, 7), year: cn.slice(0, 4) },
    view: { bbox, zoom: 10 },
  };
}

await main();
