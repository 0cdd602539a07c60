// Backup and restore of a PostgreSQL database with PostgreSQL's own tools.
//
//   DATABASE_URL=… npm run db:backup -- backups/vitalgrid-2026-11-25.dump
//   npm run db:restore -- backups/vitalgrid-2026-11-25.dump postgresql://…/vitalgrid_restore
//
// The backup is pg_dump's custom format (compressed, restorable table by table); restore
// runs pg_restore into an existing, empty database and refuses a non-empty one. For the
// embedded database, stop the app and copy its data folder (.data/pglite) instead.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

export async function backup(databaseUrl: string, file: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${databaseUrl}`]);
}

export async function restore(file: string, targetUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: targetUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (rows[0].n > 0) throw new Error("the target database is not empty; restore into a new database");
  } finally {
    await client.end();
  }
  await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${targetUrl}`, file]);
}

const [command, ...args] = process.argv.slice(2);
if (command === "backup") {
  if (!process.env.DATABASE_URL || !args[0]) {
    console.error("usage: DATABASE_URL=postgresql://… npm run db:backup -- <file.dump>");
    process.exit(2);
  }
  await backup(process.env.DATABASE_URL, args[0]);
  console.log(`backed up to ${args[0]}`);
} else if (command === "restore") {
  if (args.length < 2) {
    console.error("usage: npm run db:restore -- <file.dump> <postgresql://… of an empty database>");
    process.exit(2);
  }
  await restore(args[0], args[1]);
  console.log(`restored ${args[0]}`);
}
