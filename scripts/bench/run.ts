// `npm run bench`: measures the app served by `next start` on a scale database.
//
//   DATABASE_URL=postgresql://…/vitalgrid_scale npm run bench [-- --runs 40 --duration 20]
//
// The database must hold the scale data set (`npm run bench:seed`). The command builds the
// app when there is no build, starts `next start` in benchmark mode (it counts SQL
// statements), signs in as benchmark users, and prints one table and a JSON file
// (bench-results/latest.json):
//   - latency p50/p95 of every named request (scripts/bench/requests.ts), measured on
//     loopback one request at a time, so it is the server's time plus a loopback hop;
//   - SQL statements per request;
//   - mixed grid-worker traffic with 50 concurrent users (autocannon): throughput, p95,
//     errors;
//   - compressed JavaScript shipped to the phone pages, and the map payload.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { BENCH_REQUESTS, type BenchContext, type BenchRequest } from "./requests";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "50" },
    only: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required: a database filled by `npm run bench:seed`");
  process.exit(2);
}
export const BENCH_PASSWORD = "Bench@2026pw";
const KEYS = {
  DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? Buffer.alloc(32, 21).toString("base64"),
  DATA_LOOKUP_KEY: process.env.DATA_LOOKUP_KEY ?? Buffer.alloc(32, 22).toString("base64"),
};

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

async function signIn(base: string, username: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = (csrfRes.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, username, password: BENCH_PASSWORD, json: "true" }),
  });
  const session = (res.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`could not sign in as ${username} (${res.status})`);
  return session;
}

async function queryCount(base: string): Promise<number> {
  return ((await (await fetch(`${base}/api/bench/queries`)).json()) as { count: number }).count;
}

async function main() {
  const env = { ...process.env, ...KEYS, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" } as NodeJS.ProcessEnv;
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(root, distDir, "BUILD_ID"))) await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" });

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
      DB_POOL_MAX: process.env.DB_POOL_MAX ?? "20",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (i > 240) throw new Error("the app did not start");
      await new Promise((r) => setTimeout(r, 250));
    }

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const ctx = await buildContext(db);
    await db.end();

    const cookies = new Map<string, string>();
    const cookieFor = async (username: string) => {
      if (!cookies.has(username)) cookies.set(username, await signIn(base, username));
      return cookies.get(username)!;
    };

    // 1. Named requests, one at a time.
    const rows: Record<string, { p50: number; p95: number; statements: number; target?: number }> = {};
    const requests = BENCH_REQUESTS.filter((r) => !values.only || r.name.includes(values.only));
    for (const r of requests) {
      const cookie = await cookieFor(r.user(ctx));
      const send = () => sendRequest(base, r, ctx, cookie);
      await send(); // warm-up: compile caches, connection pool
      const before = await queryCount(base);
      await send();
      const statements = (await queryCount(base)) - before;
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const status = await send();
        samples.push(performance.now() - t0);
        if (status >= 400) throw new Error(`${r.name}: HTTP ${status}`);
      }
      rows[r.name] = { p50: +pct(samples, 50).toFixed(1), p95: +pct(samples, 95).toFixed(1), statements, target: r.targetMs };
    }
    console.table(rows);

    // 2. Mixed grid-worker traffic.
    const workers = ctx.gridWorkers.slice(0, Number(values.connections));
    const workerCookies = await Promise.all(workers.map((w) => cookieFor(w.username)));
    const mixed = BENCH_REQUESTS.filter((r) => r.mixed);
    const load = await autocannon({
      url: base,
      connections: workers.length,
      duration: Number(values.duration),
      requests: mixed.map((r) => ({ method: "GET", path: r.path(ctx) })),
      setupClient: (client: { setHeaders: (h: Record<string, string>) => void }) => {
        const i = Math.floor(Math.random() * workerCookies.length);
        client.setHeaders({ cookie: workerCookies[i], "accept-encoding": "gzip" });
      },
    } as autocannon.Options);
    const mixedResult = {
      requestsPerSecond: Math.round(load.requests.average),
      p50: load.latency.p50,
      p95: (load.latency as unknown as Record<string, number>).p97_5 ?? load.latency.p99,
      p99: load.latency.p99,
      errors: load.errors + load.non2xx,
      requests: load.requests.total,
    };
    console.log("mixed grid-worker traffic:", mixedResult);

    // 3. JavaScript shipped to phone pages, compressed.
    const phone: Record<string, number> = {};
    const workerCookie = await cookieFor(ctx.gridWorkers[0].username);
    for (const page of BENCH_REQUESTS.filter((r) => r.phonePage)) {
      const html = await (await fetch(`${base}${page.path(ctx)}`, { headers: { cookie: workerCookie } })).text();
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
      let bytes = 0;
      for (const src of new Set(scripts)) bytes += gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer())).length;
      phone[page.name] = Math.round(bytes / 1024);
    }
    console.log("compressed JavaScript per phone page (KB):", phone);

    const payloads: Record<string, number> = {};
    for (const r of BENCH_REQUESTS.filter((x) => x.payload)) {
      const res = await fetch(`${base}${r.path(ctx)}`, { headers: { cookie: await cookieFor(r.user(ctx)) } });
      const body = Buffer.from(await res.arrayBuffer());
      payloads[r.name] = Math.round(gzipSync(body).length / 1024);
    }
    console.log("payloads, gzip (KB):", payloads);

    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      requests: rows,
      mixed: mixedResult,
      phoneJavaScriptKb: phone,
      payloadsKb: payloads,
    };
    mkdirSync(path.join(root, "bench-results"), { recursive: true });
    writeFileSync(path.join(root, "bench-results", "latest.json"), JSON.stringify(result, null, 2));
    console.log("written to bench-results/latest.json");
  } finally {
    server.kill("SIGTERM");
  }
}

async function sendRequest(base: string, r: BenchRequest, ctx: BenchContext, cookie: string): Promise<number> {
  const res = await fetch(`${base}${r.path(ctx)}`, { headers: { cookie, "accept-encoding": "gzip" }, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

async function buildContext(db: pg.Client): Promise<BenchContext> {
  const one = async <T,>(sql: string, args: unknown[] = []) => (await db.query(sql, args)).rows[0] as T;
  const gridWorkers = (
    await db.query(`SELECT u.username, u."unitId" AS "gridId" FROM "User" u WHERE u.role = 'GRID_WORKER' ORDER BY u.username LIMIT 200`)
  ).rows as { username: string; gridId: number }[];
  const admin = await one<{ username: string }>(`SELECT username FROM "User" WHERE role = 'ADMIN' LIMIT 1`);
  const leader = await one<{ username: string }>(`SELECT username FROM "User" WHERE role = 'LEADER' LIMIT 1`);
  const center = await one<{ username: string }>(`SELECT username FROM "User" WHERE role = 'CENTER_STAFF' LIMIT 1`);
  const department = await one<{ username: string }>(`SELECT username FROM "User" WHERE role = 'DEPARTMENT_STAFF' LIMIT 1`);
  const resident = await one<{ id: string; name: string; gridId: number; idCipher: string }>(
    `SELECT id, name, "gridId", "idCipher" FROM "Resident" WHERE "gridId" = $1 LIMIT 1`,
    [gridWorkers[0].gridId],
  );
  process.env.DATA_ENCRYPTION_KEY = KEYS.DATA_ENCRYPTION_KEY;
  process.env.DATA_LOOKUP_KEY = KEYS.DATA_LOOKUP_KEY;
  const { decryptSecret } = await import("@/lib/server/crypto");
  return {
    gridWorkers,
    admin: admin.username,
    leader: leader.username,
    center: center.username,
    department: department.username,
    resident: { id: resident.id, name: resident.name, gridId: resident.gridId, idNumber: decryptSecret(resident.idCipher) },
  };
}

await main();
