// One command to run VitalGrid: `npm run dev` (development server) or
// `npm run start:embedded` (production build). Without DATABASE_URL it starts an embedded
// PostgreSQL (PGlite) in .data/pglite, migrates it and fills it with demo data on first
// start; with DATABASE_URL it migrates that database (and seeds it only when empty and
// demo mode is on).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations } from "./db/migrate";
import { startEmbeddedServer, type EmbeddedServer } from "./db/embedded";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const mode = process.argv[2] === "prod" ? "prod" : "dev";
const port = process.env.PORT ?? "3000";

async function main() {
  let embedded: EmbeddedServer | undefined;
  if (!process.env.DATABASE_URL) {
    const dataDir = process.env.VITALGRID_DATA_DIR ?? path.join(root, ".data", "pglite");
    embedded = await startEmbeddedServer({ dataDir, port: Number(process.env.EMBEDDED_DB_PORT ?? 0) });
    process.env.DATABASE_URL = embedded.url;
    console.log(`[vitalgrid] embedded PostgreSQL (PGlite) in ${path.relative(root, dataDir) || dataDir} at ${embedded.url}`);
    // The embedded database is for trying VitalGrid out: demo accounts are expected.
    process.env.VITALGRID_DEMO ??= "1";
  }
  const { applied } = await applyMigrations(process.env.DATABASE_URL!, { log: (m) => console.log(`[migrate] ${m}`) });
  console.log(`[vitalgrid] migrations: ${applied.length} applied`);

  const demo = process.env.VITALGRID_DEMO === "1" || (process.env.VITALGRID_DEMO === undefined && mode === "dev");
  if (demo) {
    const { createPrisma } = await import("@/lib/server/prisma");
    const client = createPrisma(process.env.DATABASE_URL!, { max: 2 });
    try {
      if ((await client.unit.count()) === 0) {
        console.log("[vitalgrid] empty database: loading demo data (first start only)…");
        const { seedDemo } = await import("../prisma/seed/demo");
        await seedDemo(client, (m) => console.log(`[seed] ${m}`));
      }
    } finally {
      await client.$disconnect();
    }
  }

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (mode === "prod" && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("[vitalgrid] building (first production start only)…");
    await run(process.execPath, [nextBin, "build"]);
  }
  const child = spawn(process.execPath, [nextBin, mode === "prod" ? "start" : "dev", "-p", port], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" },
  });
  const stop = async (code: number) => {
    child.kill("SIGTERM");
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

function run(cmd: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: "" } });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

main().catch((err) => {
  console.error("[vitalgrid] failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
