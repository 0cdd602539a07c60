// The documented backup command round-trips the database: every table's row count is the
// same after restoring into a scratch database, and the audit log's hash chain is still
// whole there (and goes on from where it stopped). (PostgreSQL only: the embedded database
// is backed up by copying its data folder.)
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { backup, restore } from "../../scripts/db/backup";
import { createScratchDatabase } from "../setup/database";
import { verifyAuditChain } from "@/lib/admin/audit-chain";
import { db } from "@/lib/server/db";
import { writeAudit } from "@/lib/server/audit";
import { createPrisma } from "@/lib/server/prisma";

async function counts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename as string);
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await c.query(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n;
    return out;
  } finally {
    await c.end();
  }
}

describe.skipIf(inject("databaseKind") !== "postgresql")("backup and restore", () => {
  it("restores every row into a scratch database", async () => {
    for (let i = 0; i < 5; i++) await writeAudit(db, { action: "test.backup", result: "success", details: { i } });
    const source = inject("databaseUrl");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vitalgrid-backup-")), "backup.dump");
    await backup(source, file);
    const base = new URL(source);
    base.pathname = "/postgres";
    const target = await createScratchDatabase(base.toString(), "vitalgrid_restore");
    try {
      await restore(file, target.url);
      const before = await counts(source);
      expect(Object.keys(before).length).toBeGreaterThan(5);
      expect(before.AuditLog).toBeGreaterThanOrEqual(5);
      expect(await counts(target.url)).toEqual(before);

      // The chain verifies in the copy exactly as in the original: same entries, same last hash.
      const original = await verifyAuditChain(db);
      expect(original.ok).toBe(true);
      const restored = createPrisma(target.url, { max: 1 });
      try {
        expect(await verifyAuditChain(restored)).toEqual(original);
        // The restored triggers are in place: new entries link to the last restored one,
        // and the log is still append-only.
        await writeAudit(restored, { action: "test.afterRestore", result: "success" });
        const after = await verifyAuditChain(restored);
        expect(after).toMatchObject({ ok: true, rows: original.rows + 1 });
        const newest = await restored.auditLog.findFirstOrThrow({ where: { action: "test.afterRestore" }, select: { prevHash: true } });
        expect(newest.prevHash).toBe(original.lastHash);
        await expect(restored.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
      } finally {
        await restored.$disconnect();
      }
    } finally {
      await target.drop();
    }
  });
});
