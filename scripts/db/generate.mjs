// `prisma generate` without the native schema engine: generation never runs the engine,
// but the CLI insists that the file exists, so point it at any executable.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
const r = spawnSync("npx", ["prisma", "generate"], { stdio: ["ignore", "pipe", "inherit"], env });
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? "");
  process.exit(r.status ?? 1);
}
