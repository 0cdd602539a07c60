// Vitest global setup for the integration suite: one database for the whole run, with the
// migrations applied once. Without DATABASE_URL it is an in-memory embedded PostgreSQL
// (PGlite); with DATABASE_URL it is a fresh scratch database created on that server and
// dropped afterwards, so the suite never touches the data of the database named in the URL.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedServer } from "../../scripts/db/embedded";
import { applyMigrations } from "../../scripts/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "pglite" | "postgresql";
  }
}

export async function createScratchDatabase(baseUrl: string, prefix: string) {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  let url: string;
  let teardown: () => Promise<void>;
  if (external) {
    const scratch = await createScratchDatabase(external, "vitalgrid_test");
    url = scratch.url;
    teardown = scratch.drop;
  } else {
    const server = await startEmbeddedServer({ dataDir: "memory" });
    url = server.url;
    teardown = server.stop;
  }
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", external ? "postgresql" : "pglite");
  console.log(`[integration] database: ${external ? "PostgreSQL (scratch database)" : "embedded PGlite"}`);
  return teardown;
}
