// The app's behaviour around its configuration and its database: refusing an unsafe
// production start, failing fast while PostgreSQL is unreachable, and recovering by itself.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedServer, type EmbeddedServer } from "../../scripts/db/embedded";
import { applyMigrations } from "../../scripts/db/migrate";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const children: ChildProcess[] = [];
const servers: EmbeddedServer[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGTERM");
  for (const s of servers.splice(0)) await s.stop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function startApp(env: Record<string, string>, port: number) {
  const clean = { ...process.env, NODE_OPTIONS: "", NEXT_TELEMETRY_DISABLED: "1" } as Record<string, string | undefined>;
  for (const k of ["DATABASE_URL", "NEXTAUTH_SECRET", "DATA_ENCRYPTION_KEY", "DATA_LOOKUP_KEY", "VITALGRID_DEMO"]) delete clean[k];
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...clean, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return { child, output: () => output };
}

async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("gave up waiting");
    await new Promise((r) => setTimeout(r, 250));
  }
}

const SAFE_ENV = {
  NEXTAUTH_SECRET: "x".repeat(48),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
  DATA_LOOKUP_KEY: Buffer.alloc(32, 4).toString("base64"),
  VITALGRID_DEMO: "0",
  DB_CONNECT_TIMEOUT_MS: "1000",
};

describe("configuration and database faults", () => {
  it("refuses to start in production without secrets, and says what is missing", async () => {
    const { child, output } = startApp({}, await freePort());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(output()).toContain("refuses to start");
    expect(output()).toContain("NEXTAUTH_SECRET");
    expect(output()).toContain("DATABASE_URL");
    expect(output()).toContain("DATA_ENCRYPTION_KEY");
  });

  it("answers 'service busy' while the database is down and recovers without a restart", async () => {
    const dbPort = await freePort();
    const appPort = await freePort();
    const base = `http://127.0.0.1:${appPort}`;
    startApp({ ...SAFE_ENV, DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`, NEXTAUTH_URL: base }, appPort);

    // Nothing listens on the database port yet.
    const down = await poll(async () => (await fetch(`${base}/api/health`)).status, 60_000);
    expect(down).toBe(503);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="password"');

    const server = await startEmbeddedServer({ dataDir: "memory", port: dbPort });
    servers.push(server);
    await applyMigrations(server.url);
    const up = await poll(async () => ((await fetch(`${base}/api/health`)).status === 200 ? 200 : undefined), 30_000);
    expect(up).toBe(200);
  });
});
