// Key rotation, the first administrator of a deployment, and the refusal to run with demo
// accounts outside demo mode.
import { afterEach, describe, expect, it } from "vitest";
import { createAdminAccount } from "@/lib/admin/bootstrap";
import { rotateKeys } from "@/lib/admin/key-rotation";
import { confirmTotp, startTotp } from "@/lib/admin/data";
import { DEMO_PASSWORD } from "@/lib/demo";
import { createResident } from "@/lib/people/data";
import { currentKeyId, decryptSecret, keyIdOf, resetKeyRing } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import { attemptSignIn } from "@/lib/server/signin";
import { demoAccountsPresent } from "@/lib/server/startup";
import { totpCode } from "@/lib/server/totp";
import { FIXTURE_PASSWORD, viewerFor } from "../support/fixtures";
import { idFor, residentInput } from "../support/people";

const saved = { key: process.env.DATA_ENCRYPTION_KEY, id: process.env.DATA_ENCRYPTION_KEY_ID, old: process.env.DATA_ENCRYPTION_OLD_KEYS };
afterEach(() => {
  for (const [k, v] of [["DATA_ENCRYPTION_KEY", saved.key], ["DATA_ENCRYPTION_KEY_ID", saved.id], ["DATA_ENCRYPTION_OLD_KEYS", saved.old]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetKeyRing();
});

describe("key rotation", () => {
  it("re-encrypts every secret not written with the current key, resumably, keeping them readable", async () => {
    const grid = await viewerFor("grid");
    for (let i = 0; i < 7; i++) await createResident(grid, residentInput("G111", 100 + i));
    const { secret } = await startTotp(grid);
    await confirmTotp(grid, { code: totpCode(secret) });
    const oldId = currentKeyId();
    const oldKey = process.env.DATA_ENCRYPTION_KEY ?? Buffer.alloc(32, 7).toString("base64");

    process.env.DATA_ENCRYPTION_OLD_KEYS = `${oldId}:${oldKey}`;
    process.env.DATA_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString("base64");
    process.env.DATA_ENCRYPTION_KEY_ID = "k2";
    resetKeyRing();
    // A first run stopped after one batch of three…
    let batches = 0;
    await rotateKeys(db as never, { batch: 3, log: () => { if (++batches === 1) throw new Error("stopped"); } }).catch(() => undefined);
    const partial = await db.resident.findMany({ select: { idCipher: true } });
    expect(partial.filter((r) => keyIdOf(r.idCipher) === "k2")).toHaveLength(3);
    // …and run again: it does the rest.
    const report = await rotateKeys(db as never, { batch: 3 });
    expect(report.rotated["Resident.idCipher"]).toBe(4);
    expect(report.rotated["User.totpCipher"]).toBe(1);
    const rows = await db.resident.findMany({ select: { idCipher: true, name: true }, orderBy: { name: "asc" } });
    expect(rows.every((r) => keyIdOf(r.idCipher) === "k2")).toBe(true);
    expect(rows.map((r) => decryptSecret(r.idCipher)).sort()).toEqual(Array.from({ length: 7 }, (_, i) => idFor(100 + i)).sort());
    expect((await rotateKeys(db as never)).rotated["Resident.idCipher"]).toBe(0);
    // Without the old key, everything still reads: nothing depends on it any more.
    delete process.env.DATA_ENCRYPTION_OLD_KEYS;
    resetKeyRing();
    expect(decryptSecret(rows[0].idCipher)).toMatch(/^\d{17}[\dX]$/);
    // The rotated two-factor secret still signs in.
    expect((await attemptSignIn({ username: "grid", password: FIXTURE_PASSWORD, ip: "10.9.0.2", totp: totpCode(secret, Date.now() + 30_000) })).ok).toBe(true);
  });
});

describe("no default account in production", () => {
  it("creates an administrator with a one-time password to change at the first sign-in", async () => {
    await expect(createAdminAccount(db, { username: "chief" })).rejects.toThrow(/several counties/);
    const r = await createAdminAccount(db, { username: "chief", unitCode: "990101000000", role: "SECURITY_ADMIN" });
    expect(r.password).toHaveLength(16);
    expect((await attemptSignIn({ username: "chief", password: r.password, ip: "10.9.0.1" })).ok).toBe(true);
    expect((await viewerFor("chief")).restricted).toBe("password");
    await expect(createAdminAccount(db, { username: "chief", unitCode: "990101000000" })).rejects.toThrow(/exists/);
  });

  it("finds demo accounts that still have the public password", async () => {
    expect(await demoAccountsPresent(db as never)).toEqual([]);
    await db.user.update({ where: { username: "admin" }, data: { passwordHash: await hashPassword(DEMO_PASSWORD) } });
    expect(await demoAccountsPresent(db as never)).toEqual(["admin"]);
    await db.user.update({ where: { username: "admin" }, data: { enabled: false } });
    expect(await demoAccountsPresent(db as never)).toEqual([]);
  });
});
