// The audit log is append-only by the database's own rules and hash-chained, so that the
// verifier finds the first entry edited behind the application's back.
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import ExcelJS from "exceljs";
import { chainHash, verifyAuditChain } from "@/lib/admin/audit-chain";
import { exportAudit, searchAudit } from "@/lib/admin/data";
import { maskIdNumbers, writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { APP_TEST_ROLE, asAppRole, ensureAppTestRole, freshSettings } from "../support/admin";
import { updateSetting } from "@/lib/admin/data";
import { fixture, viewerFor } from "../support/fixtures";

/** Runs one of the project's commands (`npm run audit:…`) against the test database. */
function command(script: string): Promise<{ code: number; output: string }> {
  const root = path.resolve(__dirname, "../..");
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", `scripts/${script}.ts`],
      { cwd: root, env: { ...process.env, DATABASE_URL: inject("databaseUrl"), NODE_OPTIONS: "" }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** An audit row dated `days` ago, written through the chain trigger like any other. */
async function writeOld(days: number, action: string) {
  await db.$executeRawUnsafe(
    `INSERT INTO "AuditLog" (action, result, at) VALUES ($1, 'success', (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int))`,
    action,
    days,
  );
}

async function writeSome(n: number) {
  for (let i = 0; i < n; i++) await writeAudit(db, { action: "test.write", result: "success", username: `u${i}`, details: { i, text: "一些中文 \"quoted\" \\ back" } });
}

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: Error) => e);
  expect(err).not.toBeNull();
  return String((err as Error).message);
}

describe("audit log: append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE even for the owner, and nothing changes", async () => {
    await writeSome(3);
    const before = await db.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(await refused(db.$executeRawUnsafe(`UPDATE "AuditLog" SET result = 'forged'`))).toMatch(/append-only/);
    expect(await refused(db.$executeRawUnsafe(`DELETE FROM "AuditLog"`))).toMatch(/append-only/);
    expect(await refused(db.$executeRawUnsafe(`TRUNCATE "AuditLog"`))).toMatch(/append-only/);
    expect(await refused(db.auditLog.updateMany({ data: { result: "forged" } }))).toMatch(/append-only/);
    expect(await db.auditLog.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("lets the app's role insert and read but not update, delete or truncate", async () => {
    await ensureAppTestRole();
    const role = await db.$queryRawUnsafe<{ rolsuper: boolean }[]>(`SELECT rolsuper FROM pg_roles WHERE rolname = '${APP_TEST_ROLE}'`);
    expect(role[0].rolsuper).toBe(false);
    // Inserting goes through the chain trigger with the app's privileges (sequence, select, lock).
    await asAppRole((tx) => writeAudit(tx, { action: "test.approle", result: "success" }));
    expect(await db.auditLog.count({ where: { action: "test.approle" } })).toBe(1);
    // Other tables stay writable for the app.
    await asAppRole((tx) => tx.$executeRawUnsafe(`UPDATE "Unit" SET name = name WHERE id = ${fixture().units.G111}`));
    for (const sql of [`UPDATE "AuditLog" SET result = 'forged'`, `DELETE FROM "AuditLog"`, `TRUNCATE "AuditLog"`, `ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only`]) {
      expect(await refused(asAppRole((tx) => tx.$executeRawUnsafe(sql)))).toMatch(/permission denied|must be owner|append-only/);
    }
    expect(await db.auditLog.count({ where: { result: "forged" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "test.approle" } })).toBe(1);
  });

  it("refuses the retention purge for entries younger than 180 days", async () => {
    await writeSome(2);
    const n = await db.auditLog.count();
    const err = await db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL vitalgrid.audit_purge = 'on'`);
        return tx.$executeRawUnsafe(`DELETE FROM "AuditLog"`);
      })
      .then(() => null, (e: Error) => e);
    expect(String(err)).toMatch(/append-only/);
    expect(await db.auditLog.count()).toBe(n);
  });
});

describe("audit log: hash chain", () => {
  it("links every row to the one before it", async () => {
    await writeSome(5);
    const rows = await db.auditLog.findMany({ orderBy: { id: "asc" }, select: { id: true, prevHash: true, hash: true } });
    expect(rows[0].prevHash).toBe("");
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, rows: 5, broken: null });
    expect(report.lastHash).toBe(rows[4].hash);
  });

  it("stays linear when many transactions write at once", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction(async (tx) => {
          await writeAudit(tx, { action: "test.parallel", result: "success", details: { i, step: 1 } });
          await writeAudit(tx, { action: "test.parallel", result: "success", details: { i, step: 2 } });
        }),
      ),
    );
    expect(await db.auditLog.count({ where: { action: "test.parallel" } })).toBe(24);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("finds the first edited row after tampering with the trigger switched off", async () => {
    await writeSome(6);
    const rows = await db.auditLog.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    const victim = rows[3].id;
    // Only a superuser (or the owner) can do this; the test database runs as one.
    await db.$transaction([
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only`),
      db.$executeRawUnsafe(`UPDATE "AuditLog" SET username = 'someone-else' WHERE id = ${victim}`),
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only`),
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rows: 3, broken: { id: String(victim), reason: "content" } });
  });

  it("finds a removed row, even when the tamperer recomputes the edited row's hash", async () => {
    await writeSome(5);
    const rows = await db.auditLog.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    await db.$transaction([
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only`),
      db.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE id = ${rows[2].id}`),
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only`),
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, broken: { id: String(rows[3].id), reason: "link" } });

    // Re-hashing the tampered row moves the break to the next one: the chain cannot be patched locally.
    const r3 = await db.$queryRawUnsafe<{ canonical: string }[]>(
      `SELECT vitalgrid_audit_canonical(a) AS canonical FROM "AuditLog" a WHERE id = ${rows[3].id}`,
    );
    const prev = await db.auditLog.findUniqueOrThrow({ where: { id: rows[1].id }, select: { hash: true } });
    await db.$transaction([
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only`),
      db.$executeRawUnsafe(`UPDATE "AuditLog" SET "prevHash" = '${prev.hash}', hash = '${chainHash(prev.hash!, r3[0].canonical)}' WHERE id = ${rows[3].id}`),
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only`),
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, broken: { id: String(rows[4].id), reason: "link" } });
  });
});

describe("audit log: the operators' commands", () => {
  it("`npm run audit:verify` passes a whole chain and names the first broken entry after tampering", async () => {
    await writeSome(4);
    const ok = await command("audit-verify");
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/audit log intact: 4 entries/);
    const rows = await db.auditLog.findMany({ orderBy: { id: "asc" }, select: { id: true } });
    await db.$transaction([
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER audit_log_append_only`),
      db.$executeRawUnsafe(`UPDATE "AuditLog" SET result = 'failure' WHERE id = ${rows[2].id}`),
      db.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER audit_log_append_only`),
    ]);
    const broken = await command("audit-verify");
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`audit log BROKEN at entry #${rows[2].id}`);
    expect(broken.output).toContain("2 entries before it are intact");
  });

  it("`npm run audit:purge` keeps the retention setting, never less than 180 days, and the chain still verifies", async () => {
    await writeOld(400, "test.ancient");
    await writeOld(200, "test.old");
    await writeOld(100, "test.recent");
    await writeSome(1);
    const sec = await viewerFor("secadmin");
    freshSettings();
    await updateSetting(sec, { key: "audit.retention", value: { days: 365 } });
    const first = await command("audit-purge");
    expect(first.code).toBe(0);
    expect(await db.auditLog.count({ where: { action: "test.ancient" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "test.old" } })).toBe(1);
    // The setting goes no lower than 180 days: the 200-day-old entry goes, the 100-day-old one stays.
    await updateSetting(sec, { key: "audit.retention", value: { days: 180 } });
    await command("audit-purge");
    expect(await db.auditLog.count({ where: { action: { in: ["test.old", "test.ancient"] } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "test.recent" } })).toBe(1);
    // The oldest remaining entry anchors the chain.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, broken: null });
    // The application's role cannot purge at all.
    await ensureAppTestRole();
    const err = await asAppRole(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL vitalgrid.audit_purge = 'on'`);
      return tx.$executeRawUnsafe(`DELETE FROM "AuditLog" WHERE action = 'test.recent'`);
    }).then(() => null, (e: Error) => e);
    expect(String(err)).toMatch(/permission denied/);
  });
});

describe("audit log: search and export", () => {
  it("finds entries by user, action, record and period, newest first, within the territory", async () => {
    const auditor = await viewerFor("auditadmin");
    await writeAudit(db, { action: "users.update", result: "success", userId: fixture().users.admin, username: "admin", targetType: "user", targetId: "x1" });
    await writeAudit(db, { action: "users.update", result: "success", userId: fixture().users.adminB, username: "adminB", targetType: "user", targetId: "x2" });
    await writeAudit(db, { action: "territory.move", result: "success", userId: fixture().users.admin, username: "admin", targetType: "unit", targetId: "7" });
    const byAction = await searchAudit(auditor, { action: "users." });
    expect(byAction.rows.map((r) => r.targetId)).toEqual(["x1"]);
    expect((await searchAudit(auditor, { targetType: "unit", targetId: "7" })).rows).toHaveLength(1);
    expect((await searchAudit(auditor, { user: "adm" })).rows.every((r) => r.username === "admin")).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await searchAudit(auditor, { from: today, to: today, action: "territory." })).rows).toHaveLength(1);
    expect((await searchAudit(auditor, { from: "2000-01-01", to: "2000-01-02" })).rows).toHaveLength(0);
  });

  it("exports a spreadsheet and records the export", async () => {
    const auditor = await viewerFor("auditadmin");
    await writeAudit(db, { action: "users.update", result: "success", userId: fixture().users.admin, username: "admin", details: { changes: { displayName: ["甲", "乙"] } } });
    const { stream } = await exportAudit(auditor, { action: "users." });
    const chunks: Uint8Array[] = [];
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(2);
    expect(String(ws.getRow(2).getCell(6).value)).toBe("users.update");
    expect(String(ws.getRow(2).getCell(10).value)).toContain("乙");
    expect(await db.auditLog.count({ where: { action: "audit.export", userId: auditor.id } })).toBe(1);
  });

  it("keeps full ID numbers out of every entry", async () => {
    await writeAudit(db, { action: "test.id", result: "success", details: { note: "身份证 62098119800101123X 已核对", list: ["620981198001011234"] } });
    const row = await db.auditLog.findFirstOrThrow({ where: { action: "test.id" } });
    expect(JSON.stringify(row.details)).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(row.details)).toContain("620981********123X");
    expect(maskIdNumbers("a 620981198001011234 b")).toBe("a 620981********1234 b");
    // Not a whole ID number (part of a longer digit run): left alone.
    expect(maskIdNumbers("6209811980010112345678")).toBe("6209811980010112345678");
  });
});
