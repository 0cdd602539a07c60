// Vitest global setup for the end-to-end suite: a database (embedded PGlite, or a scratch
// database on DATABASE_URL's server) migrated and seeded through the project's own
// commands, a production build of the app served by `next start`, and the address handed
// to the tests. Set E2E_SKIP_BUILD=1 to reuse an existing build.
import { writeFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startEmbeddedServer } from "../../scripts/db/embedded";
import { createScratchDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    e2eDatabaseUrl: string;
    /** The secrets the app was started with, so a test can start a second instance. */
    appSecrets: Record<string, string>;
  }
}

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

/**
 * Runs a command to completion without blocking this process: the embedded database
 * lives in this process, so a synchronous spawn would starve it and hang the child.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (status) => resolve({ status, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not become healthy at ${url}`);
}

export default async function setup(project: TestProject) {
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    return await start(project, cleanups);
  } catch (err) {
    for (const c of cleanups) await c();
    throw err;
  }
}

async function start(project: TestProject, cleanups: (() => Promise<void> | void)[]) {
  let databaseUrl: string;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, "vitalgrid_e2e");
    databaseUrl = scratch.url;
    cleanups.push(scratch.drop);
  } else {
    const server = await startEmbeddedServer({ dataDir: "memory" });
    databaseUrl = server.url;
    cleanups.push(server.stop);
  }
  // The seed and the server must share the data keys: the seed encrypts ID numbers.
  const secrets = {
    DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    DATA_LOOKUP_KEY: process.env.DATA_LOOKUP_KEY ?? randomBytes(32).toString("base64"),
  };
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const seed = await run(tsx, ["--conditions=react-server", "scripts/seed.ts"], {
    ...process.env,
    ...secrets,
    DATABASE_URL: databaseUrl,
    NODE_OPTIONS: "",
  });
  if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.output}`);

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" } as Record<string, string | undefined> as NodeJS.ProcessEnv;
  delete (env as Record<string, string | undefined>).NODE_ENV;
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    const build = await run(process.execPath, [nextBin, "build"], env);
    if (build.status !== 0) throw new Error(`next build failed:\n${build.output}`);
  }

  const authSecret = randomBytes(32).toString("hex");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: authSecret,
      ...secrets,
      NEXTAUTH_URL: baseUrl,
      VITALGRID_DEMO: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  cleanups.unshift(() => {
    child.kill("SIGTERM");
  });
  try {
    await waitForHealth(baseUrl, child, 60_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("e2eDatabaseUrl", databaseUrl);
  project.provide("appSecrets", { ...secrets, NEXTAUTH_SECRET: authSecret });
  return async () => {
    // E2E_SERVER_LOG=1 prints the server's output at the end; a file name writes it there.
    const log = process.env.E2E_SERVER_LOG;
    if (log === "1") console.log(output);
    else if (log) writeFileSync(log, output);
    for (const c of cleanups) await c();
  };
}
