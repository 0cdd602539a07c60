import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedServer, type EmbeddedServer } from "./embedded.ts";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import { openMigrationsReference, type MigrationsReference } from "./new-migration.ts";

// PGlite takes a couple of seconds to start; each describe block starts one and shares it.
const SETUP_TIMEOUT = 60_000;

describe("prisma/schema.prisma and prisma/migrations", () => {
  let reference: MigrationsReference;
  beforeAll(async () => {
    reference = await openMigrationsReference();
  }, SETUP_TIMEOUT);
  afterAll(() => reference?.close());

  it("agree: the schema needs no SQL beyond the migrations", async () => {
    const sql = await reference.diffTo();
    expect(sql, `schema.prisma changed without a migration (npx tsx scripts/db/new-migration.ts <name>):\n${sql}`).toBe("");
  });

  // The reference was migrated by migrate.ts; Prisma's engine must find that history
  // complete and untouched, or the native CLI would disagree with us later.
  it("leave a migration history that Prisma's own engine reads as up to date", async () => {
    expect(await reference.diagnoseHistory()).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  // Guards the guard: if the diff ever came back empty regardless, the test above would
  // pass forever.
  it("disagree once the schema gains a field that no migration creates", async () => {
    const edited = reference.schemaFiles.map((f) => ({
      ...f,
      content: f.content.replace(/^model Department \{$/m, "model Department {\n  driftProbe Int?"),
    }));
    expect(edited.map((f) => f.content)).not.toEqual(reference.schemaFiles.map((f) => f.content));
    const sql = await reference.diffTo(edited);
    expect(sql).toContain('ALTER TABLE "Department" ADD COLUMN     "driftProbe" INTEGER');
  });
});

describe("applyMigrations", () => {
  let server: EmbeddedServer;
  let scratch: string;
  beforeAll(async () => {
    [server, scratch] = await Promise.all([
      startEmbeddedServer({ dataDir: "memory" }),
      mkdtemp(path.join(tmpdir(), "vitalgrid-migrations-")),
    ]);
  }, SETUP_TIMEOUT);
  afterAll(async () => {
    await server?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** A copy of prisma/migrations to tamper with. */
  async function copyOfMigrations(name: string): Promise<string> {
    const dir = path.join(scratch, name);
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }

  it("applies every migration once and records it as Prisma does", async () => {
    const names = (await readMigrations()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(server.url)).toEqual({ applied: names });
    expect(await applyMigrations(server.url)).toEqual({ applied: [] });

    const rows = await query<{ migration_name: string; checksum: string; finished: boolean; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished, applied_steps_count
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    const expected = await Promise.all(
      names.map(async (name) => ({
        migration_name: name,
        // Computed independently of migrate.ts: SHA-256 of the file's bytes.
        checksum: createHash("sha256")
          .update(await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql")))
          .digest("hex"),
        finished: true,
        applied_steps_count: 1,
      })),
    );
    expect(rows).toEqual(expected);
  });

  it("accepts an applied migration checked out with other line endings, as Prisma does", async () => {
    const dir = await copyOfMigrations("crlf");
    const [first] = await readMigrations(dir);
    const file = path.join(dir, first.name, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));
    expect(await applyMigrations(server.url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it("refuses a migration edited after it was applied", async () => {
    const dir = await copyOfMigrations("edited");
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.script}\n-- edited\n`);
    await expect(applyMigrations(server.url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`modified after they were applied.*${first.name}`),
    );
  });

  it("rolls a failing migration back, records it, and refuses to go on until it is resolved", async () => {
    const dir = await copyOfMigrations("broken");
    const broken = "99990101000000_broken";
    await cp(path.join(dir, (await readMigrations(dir))[0].name), path.join(dir, broken), { recursive: true });
    const file = path.join(dir, broken, "migration.sql");
    await writeFile(file, 'CREATE TABLE "HalfDone" (id int);\nSELECT no_such_function();\n');

    await expect(applyMigrations(server.url, { migrationsDir: dir })).rejects.toThrow(/99990101000000_broken failed/);
    expect(await query("SELECT 1 FROM pg_tables WHERE tablename = 'HalfDone'")).toEqual([]);
    await expect(applyMigrations(server.url, { migrationsDir: dir })).rejects.toThrow(/P3009.*\n.*99990101000000_broken/);

    // The manual equivalent of `prisma migrate resolve --rolled-back`, then a fixed script.
    await query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${broken}'`);
    await writeFile(file, 'CREATE TABLE "HalfDone" (id int);\n');
    expect(await applyMigrations(server.url, { migrationsDir: dir })).toEqual({ applied: [broken] });
    expect(await query("SELECT 1 FROM pg_tables WHERE tablename = 'HalfDone'")).toHaveLength(1);
  });
});
