import "server-only";
import QRCode from "qrcode";
import { DEMO_PASSWORD } from "@/lib/demo";
import { auditActor, authorize, deny, type Viewer } from "@/lib/server/auth";
import { writeAudit } from "@/lib/server/audit";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { hashPassword, verifyPassword } from "@/lib/server/passwords";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
} from "@/lib/server/totp";
import { getSettings } from "@/lib/settings/store";
import { passwordProblem } from "./password-policy";
import { totpRequired } from "./permissions";

// One's own account: the password (changed at the first sign-in, after a reset, when it
// expired, or at will) and two-factor sign-in (enrol, recovery codes, remove).

export async function accountInfo(viewer: Viewer) {
  await authorize(viewer, "account.manage");
  const settings = await getSettings();
  const user = await db.user.findUniqueOrThrow({
    where: { id: viewer.id },
    select: { totpEnabledAt: true, passwordChangedAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  return {
    restricted: viewer.restricted,
    totpEnabled: !!user.totpEnabledAt,
    totpEnabledAt: user.totpEnabledAt,
    totpRequired: totpRequired(viewer, settings["security.totp"].alsoRequired),
    recoveryCodesLeft: user._count.recoveryCodes,
    passwordChangedAt: user.passwordChangedAt,
    policy: settings["security.password"],
  };
}

async function checkPassword(viewer: Viewer, password: string) {
  const row = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, password))) {
    await writeAudit(db, { ...auditActor(viewer), action: "account.verifyPassword", result: "failure", targetType: "user", targetId: viewer.id });
    throw new AppError("VALIDATION", { key: "adminWrongPassword" }, { current: "validation.adminWrongPassword", password: "validation.adminWrongPassword" });
  }
  return row.passwordHash;
}

/**
 * Changes one's own password. Every session of the user ends (the one in use too): the
 * page signs out and asks for the new password.
 */
export async function changeOwnPassword(viewer: Viewer, input: { current: string; next: string }) {
  await authorize(viewer, "account.manage");
  const policy = (await getSettings())["security.password"];
  const oldHash = await checkPassword(viewer, input.current);
  const problem = passwordProblem(input.next, policy, { username: viewer.username, banned: env().demo ? [] : [DEMO_PASSWORD] });
  if (problem) throw new AppError("VALIDATION", problem, { next: `validation.${problem.key}` });
  if (await verifyPassword(oldHash, input.next)) throw new AppError("VALIDATION", { key: "adminPasswordSame" }, { next: "validation.adminPasswordSame" });
  const passwordHash = await hashPassword(input.next);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: viewer.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), sessionVersion: { increment: 1 }, version: { increment: 1 } },
    });
    await writeAudit(tx, { ...auditActor(viewer), action: "account.changePassword", result: "success", targetType: "user", targetId: viewer.id, details: { changes: { password: ["***", "***"] } } });
  });
}

/** Starts enrolment: a new secret (kept encrypted until a code confirms it) as a QR code and as text. */
export async function startTotp(viewer: Viewer) {
  await authorize(viewer, "account.manage");
  if (viewer.totpEnabled) throw new AppError("CONFLICT", { key: "adminTotpAlready" });
  const secret = newTotpSecret();
  await db.user.update({ where: { id: viewer.id }, data: { totpPendingCipher: encryptTotpSecret(secret) } });
  await writeAudit(db, { ...auditActor(viewer), action: "account.totpStart", result: "success", targetType: "user", targetId: viewer.id });
  const uri = totpUri(secret, viewer.username);
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Confirms enrolment with a first code; returns the 10 recovery codes, shown this once. */
export async function confirmTotp(viewer: Viewer, input: { code: string }) {
  await authorize(viewer, "account.manage");
  const row = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { totpPendingCipher: true, totpEnabledAt: true } });
  if (row.totpEnabledAt) throw new AppError("CONFLICT", { key: "adminTotpAlready" });
  if (!row.totpPendingCipher) throw new AppError("VALIDATION", { key: "adminTotpNotStarted" });
  const step = matchTotp(decryptTotpSecret(row.totpPendingCipher), input.code);
  if (step === null) {
    await writeAudit(db, { ...auditActor(viewer), action: "account.totpConfirm", result: "failure", targetType: "user", targetId: viewer.id });
    throw new AppError("VALIDATION", { key: "adminTotpWrong" }, { code: "validation.adminTotpWrong" });
  }
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: viewer.id, totpEnabledAt: null, totpPendingCipher: row.totpPendingCipher },
      data: { totpCipher: row.totpPendingCipher, totpPendingCipher: null, totpEnabledAt: new Date(), totpLastStep: step },
    });
    if (count === 0) throw new AppError("STALE");
    await tx.recoveryCode.deleteMany({ where: { userId: viewer.id } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: viewer.id, codeHash: hashRecoveryCode(viewer.id, c) })) });
    await writeAudit(tx, { ...auditActor(viewer), action: "account.totpEnable", result: "success", targetType: "user", targetId: viewer.id, details: { changes: { totp: [false, true] } } });
  });
  return { recoveryCodes: codes };
}

/** New recovery codes (the old ones stop working), confirmed with a current code. */
export async function regenerateRecoveryCodes(viewer: Viewer, input: { code: string }) {
  await authorize(viewer, "account.manage");
  const row = await db.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { totpCipher: true, totpLastStep: true } });
  if (!row.totpCipher) throw new AppError("VALIDATION", { key: "adminTotpNotStarted" });
  const step = matchTotp(decryptTotpSecret(row.totpCipher), input.code);
  const codes = newRecoveryCodes();
  await db.$transaction(async (tx) => {
    // The code is used up like a sign-in code.
    const { count } = step === null ? { count: 0 } : await tx.user.updateMany({ where: { id: viewer.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] }, data: { totpLastStep: step } });
    if (count === 0) throw new AppError("VALIDATION", { key: "adminTotpWrong" }, { code: "validation.adminTotpWrong" });
    await tx.recoveryCode.deleteMany({ where: { userId: viewer.id } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: viewer.id, codeHash: hashRecoveryCode(viewer.id, c) })) });
    await writeAudit(tx, { ...auditActor(viewer), action: "account.recoveryCodes", result: "success", targetType: "user", targetId: viewer.id });
  });
  return { recoveryCodes: codes };
}

/** Removes two-factor sign-in (password required); refused for roles that must use it. */
export async function disableTotp(viewer: Viewer, input: { password: string }) {
  await authorize(viewer, "account.manage");
  const settings = await getSettings();
  if (totpRequired(viewer, settings["security.totp"].alsoRequired)) await deny(viewer, "account.manage", { key: "adminTotpMandatory" });
  await checkPassword(viewer, input.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: viewer.id }, data: { totpCipher: null, totpPendingCipher: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: viewer.id } });
    await writeAudit(tx, { ...auditActor(viewer), action: "account.totpDisable", result: "success", targetType: "user", targetId: viewer.id, details: { changes: { totp: [true, false] } } });
  });
}
