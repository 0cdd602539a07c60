// Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's native
// schema engine: same `_prisma_migrations` table, same checksums, same advisory lock, so
// the native tool can take over a database migrated by this script and vice versa.
//
//   DATABASE_URL=postgresql://... npx tsx scripts/db/migrate.ts
//
// Deliberate differences from `migrate deploy`:
// - each migration, its history row included, runs in one explicit transaction, so a
//   failure leaves nothing half-applied (Prisma relies on the implicit transaction of a
//   multi-statement query, which a script's own BEGIN/COMMIT would break: don't write any);
// - an applied migration whose file changed is refused (Prisma only reports it in
//   `migrate status` / `migrate dev`).
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** The key Prisma's schema engine locks (the ASCII bytes of "Pris", not by chance). */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const LOCK_TIMEOUT_MS = 60_000;

// Verbatim from prisma-engines (sql-schema-connector, postgres flavour), so that
// introspection and `prisma migrate status` see exactly the table they would have made.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  /** The folder name, e.g. `20250101120000_init`. */
  name: string;
  script: string;
  checksum: string;
}

/** Prisma's checksum: SHA-256 of the script's UTF-8 bytes, 64 lowercase hex digits. */
export function checksumOf(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Prisma's comparison (schema-connector checksum.rs): a checkout that converted line
 * endings still matches, and so do the non-zero-padded checksums very old engines wrote.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      checksum.length !== 0 && checksum.length !== 64
        ? Array.from(digest, (b) => b.toString(16)).join("")
        : digest.toString("hex");
    return rendered === checksum;
  });
}

/** Every sub-folder of `dir`, in name order, as Prisma lists them. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  await checkLockfile(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(file).catch((err: Error) => {
        throw new Error(`Migration folder ${name} has no readable migration.sql: ${err.message}`);
      });
      const script = decoder.decode(bytes);
      return { name, script, checksum: checksumOf(script) };
    }),
  );
}

// Prisma refuses a migrations folder written for another provider (P3019).
async function checkLockfile(dir: string): Promise<void> {
  const lockfile = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  const provider = lockfile?.match(/^\s*provider\s*=\s*"([^"]*)"/m)?.[1];
  if (provider !== undefined && provider !== "postgresql") {
    throw new Error(
      `prisma/migrations/migration_lock.toml says provider = "${provider}", but this tool only migrates PostgreSQL.`,
    );
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

export interface ApplyOptions {
  log?: (msg: string) => void;
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
}

export async function applyMigrations(
  connectionString: string,
  options: ApplyOptions = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: checkedUrl(connectionString) });
  await client.connect();
  let locked = false;
  try {
    await acquireLock(client);
    locked = true;
    await initializeHistory(client);

    const history = await readHistory(client);
    refuseFailed(history);
    refuseEdited(history, migrations, log);

    const done = new Set(history.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name));
    const pending = migrations.filter((m) => !done.has(m.name));
    log(`${migrations.length} migration(s) found, ${pending.length} to apply.`);

    const applied: string[] = [];
    for (const migration of pending) {
      if (await applyOne(client, migration, log)) applied.push(migration.name);
    }
    return { applied };
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

// Prisma reads `?schema=` to pick the schema; `pg` would silently ignore it and migrate
// `public` instead, so anything but `public` is refused rather than misapplied.
function checkedUrl(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error("The database URL is not a valid postgresql:// URL.");
  }
  const schema = url.searchParams.get("schema");
  if (schema === null) return connectionString;
  if (schema !== "public") {
    throw new Error(`The database URL asks for schema "${schema}"; only "public" is supported.`);
  }
  url.searchParams.delete("schema");
  return url.toString();
}

async function acquireLock(client: pg.Client): Promise<void> {
  // A session-level advisory lock outlives the transaction; SET LOCAL only bounds the
  // wait without changing the session (PGlite serves every client from one session).
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    if ((err as { code?: string }).code === "55P03") {
      throw new Error(
        `Another process held the migration lock (pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})) for ${LOCK_TIMEOUT_MS / 1000}s; giving up.`,
      );
    }
    throw err;
  }
}

async function initializeHistory(client: pg.Client): Promise<void> {
  // One transaction: on PGlite the advisory lock does not exclude other clients (they
  // share its single session), but the socket server runs one transaction at a time.
  await client.query("BEGIN");
  try {
    const exists = await client.query(
      "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_prisma_migrations'",
    );
    if (exists.rowCount === 0) {
      // Like Prisma (P3005): a schema that already holds objects was not made by these
      // migrations, and replaying them over it would fail or, worse, half-succeed.
      const { rows } = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         UNION ALL
         SELECT t.typname FROM pg_type t
           JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = current_schema() AND t.typtype = 'e'
         LIMIT 5`,
      );
      if (rows.length > 0) {
        throw new Error(
          `P3005: The database schema is not empty (found ${rows.map((r) => r.name).join(", ")}) and has no ` +
            "_prisma_migrations table. Baseline it first: https://pris.ly/d/migrate-baseline",
        );
      }
      await client.query(CREATE_MIGRATIONS_TABLE);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return rows;
}

function refuseFailed(history: HistoryRow[]): void {
  const failed = history.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length === 0) return;
  const details = failed
    .map((r) => {
      const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : "";
      return `The \`${r.migration_name}\` migration started at ${r.started_at.toISOString()} failed${logs}`;
    })
    .join("\n");
  const names = failed.map((r) => `'${r.migration_name.replaceAll("'", "''")}'`).join(", ");
  throw new Error(
    "P3009: Found failed migrations in the target database, new migrations will not be applied.\n" +
      `${details}\n\n` +
      "This tool rolls a failed migration back completely. Once the cause is fixed, mark it rolled back\n" +
      "(what `prisma migrate resolve --rolled-back` does) and run the migrations again:\n" +
      `  UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name IN (${names}) ` +
      "AND finished_at IS NULL AND rolled_back_at IS NULL;\n" +
      "If the native Prisma CLI recorded the failure, check first what the migration left behind: " +
      "https://pris.ly/d/migrate-resolve",
  );
}

function refuseEdited(history: HistoryRow[], migrations: Migration[], log: (msg: string) => void): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const edited: string[] = [];
  for (const row of history) {
    if (row.finished_at === null || row.rolled_back_at !== null) continue;
    const local = byName.get(row.migration_name);
    if (!local) {
      log(`Warning: ${row.migration_name} is recorded as applied but missing from prisma/migrations.`);
    } else if (!scriptMatchesChecksum(local.script, row.checksum)) {
      edited.push(row.migration_name);
    }
  }
  if (edited.length > 0) {
    throw new Error(
      `Migration(s) modified after they were applied to this database: ${edited.join(", ")}.\n` +
        "Applied migrations are history: restore the original migration.sql and put the change in a new migration.",
    );
  }
}

/** Returns false when another client applied the migration while we waited. */
async function applyOne(client: pg.Client, migration: Migration, log: (msg: string) => void): Promise<boolean> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    const again = await client.query(
      "SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND rolled_back_at IS NULL",
      [migration.name],
    );
    if (again.rowCount !== 0) {
      await client.query("COMMIT");
      log(`Skipped ${migration.name}: applied concurrently by another process.`);
      return false;
    }
    log(`Applying migration \`${migration.name}\``);
    await client.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg sends a simple query, which may hold many statements.
    await client.query(migration.script);
    await client.query(
      "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
      [id],
    );
    await client.query("COMMIT");
    return true;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    const position = (err as { position?: string }).position;
    const logs = `${message}${position ? ` (at character ${position} of migration.sql)` : ""}`;
    // Recorded as Prisma records it, so that neither tool runs later migrations on top.
    await client
      .query(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at) VALUES ($1, $2, $3, $4, now())",
        [id, migration.checksum, migration.name, logs],
      )
      .catch(() => {});
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${logs}`, { cause: err });
  }
}

function isMain(): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    process.exit(1);
  }
  try {
    const started = performance.now();
    const { applied } = await applyMigrations(url, { log: (msg) => console.log(msg) });
    const ms = Math.round(performance.now() - started);
    console.log(
      applied.length === 0
        ? `No pending migrations to apply (${ms} ms).`
        : `Applied ${applied.length} migration(s) in ${ms} ms:\n${applied.map((n) => `  ${n}`).join("\n")}`,
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
