import "server-only";
import { DEMO_PASSWORD } from "@/lib/demo";
import { getSetting } from "@/lib/settings/store";
import { db } from "./db";
import { env } from "./env";
import { writeAudit } from "./audit";
import { verifyPassword } from "./passwords";
import { decryptTotpSecret, hashRecoveryCode, looksLikeRecoveryCode, matchTotp } from "./totp";

/** Defaults of the lock-out policy; the security administrator may change both (settings "security.lockout"). */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 30;
/** Failed attempts one address may make in ADDRESS_WINDOW_MINUTES before it is refused. */
export const ADDRESS_FAILURE_LIMIT = 20;
export const ADDRESS_WINDOW_MINUTES = 15;

export type SignInError = "invalid" | "locked" | "rate_limited" | "totp_required" | "totp_invalid";

export type SignInOutcome =
  | { ok: true; user: { id: string; username: string; displayName: string; sessionVersion: number } }
  | { ok: false; error: SignInError };

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

interface LockPolicy {
  failures: number;
  lockMinutes: number;
}

/**
 * Lock-outs are computed from the attempt log rather than kept on the user row, so they
 * apply the same way to usernames that do not exist (nothing reveals which exist) and
 * hold across app instances. N failures (wrong passwords and wrong two-factor codes alike)
 * within the lock period lock the name for that long after the last of them; attempts
 * made while locked are recorded but do not extend it.
 */
async function lockedUntil(username: string, since: Date | null, now: Date, policy: LockPolicy): Promise<Date | null> {
  const windowStart = minutesAgo(now, 2 * policy.lockMinutes);
  const from = since && since > windowStart ? since : windowStart;
  const failures = await db.loginAttempt.findMany({
    where: { username, result: "FAILURE", createdAt: { gt: from } },
    orderBy: { createdAt: "desc" },
    take: policy.failures,
    select: { createdAt: true },
  });
  if (failures.length < policy.failures) return null;
  const newest = failures[0].createdAt.getTime();
  const oldest = failures[policy.failures - 1].createdAt.getTime();
  if (newest - oldest > policy.lockMinutes * 60_000) return null;
  const until = new Date(newest + policy.lockMinutes * 60_000);
  return until > now ? until : null;
}

/** The instant after which failures count: the last success or an administrator's unlock. */
async function countingSince(username: string, unlockedAt: Date | null): Promise<Date | null> {
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { username, result: "SUCCESS" },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const candidates = [unlockedAt, lastSuccess?.createdAt].filter((d): d is Date => !!d);
  return candidates.length ? new Date(Math.max(...candidates.map((d) => d.getTime()))) : null;
}

/** Until when a username is locked out, or null: for the administrators' lock-out list. */
export async function lockStatus(username: string, unlockedAt: Date | null, now = new Date()): Promise<Date | null> {
  const policy = await getSetting("security.lockout");
  return lockedUntil(username, await countingSince(username, unlockedAt), now, policy);
}

/**
 * Checks a second-factor code: a 6-digit TOTP code for a time step later than the last one
 * used, or an unused recovery code. Either is consumed by one conditional update, so two
 * sign-ins racing with the same code cannot both pass.
 */
async function consumeSecondFactor(user: { id: string; totpCipher: string | null }, code: string, now: Date): Promise<"totp" | "recovery" | null> {
  if (!user.totpCipher) return null;
  const step = matchTotp(decryptTotpSecret(user.totpCipher), code.replace(/\s/g, ""), now.getTime());
  if (step !== null) {
    const { count } = await db.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  if (looksLikeRecoveryCode(code)) {
    const { count } = await db.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecoveryCode(user.id, code), usedAt: null },
      data: { usedAt: now },
    });
    return count === 1 ? "recovery" : null;
  }
  return null;
}

export async function attemptSignIn(input: { username: string; password: string; ip: string; totp?: string }): Promise<SignInOutcome> {
  const now = new Date();
  const username = input.username.trim().slice(0, 64);
  const ip = input.ip.slice(0, 64);
  const policy = await getSetting("security.lockout");
  const record = (result: "SUCCESS" | "FAILURE" | "LOCKED" | "RATE_LIMITED" | "SECOND_FACTOR", userId?: string) =>
    db.loginAttempt.create({ data: { username, ip, result, userId } });
  let role: string | undefined;
  const auditAttempt = (result: string, userId?: string, details?: Record<string, string>) =>
    writeAudit(db, { action: "auth.signin", userId, username, role, ip, result, targetType: "user", targetId: userId, details });

  const fromAddress = await db.loginAttempt.count({
    where: { ip, result: "FAILURE", createdAt: { gt: minutesAgo(now, ADDRESS_WINDOW_MINUTES) } },
  });
  if (fromAddress >= ADDRESS_FAILURE_LIMIT) {
    await record("RATE_LIMITED");
    await auditAttempt("rate_limited");
    return { ok: false, error: "rate_limited" };
  }

  const user = await db.user.findUnique({
    where: { username },
    select: {
      id: true,
      username: true,
      displayName: true,
      sessionVersion: true,
      enabled: true,
      unlockedAt: true,
      passwordHash: true,
      totpEnabledAt: true,
      totpCipher: true,
      role: true,
    },
  });
  role = user?.role;
  const since = await countingSince(username, user?.unlockedAt ?? null);
  if (await lockedUntil(username, since, now, policy)) {
    await record("LOCKED", user?.id);
    await auditAttempt("locked", user?.id);
    return { ok: false, error: "locked" };
  }

  // Outside demo mode the published demo password opens nothing, whoever still has it.
  const passwordOk = (await verifyPassword(user?.passwordHash ?? null, input.password)) && (env().demo || input.password !== DEMO_PASSWORD);
  if (!user || !user.enabled || !passwordOk) {
    await record("FAILURE", user?.id);
    await auditAttempt("failure", user?.id);
    const nowLocked = await lockedUntil(username, since, new Date(), policy);
    return { ok: false, error: nowLocked ? "locked" : "invalid" };
  }

  let factor: "totp" | "recovery" | undefined;
  if (user.totpEnabledAt) {
    // The right password alone is neither a success (it must not reset the failure count
    // a guesser of codes builds up) nor a failure.
    if (!input.totp) {
      await record("SECOND_FACTOR", user.id);
      await auditAttempt("totp_required", user.id);
      return { ok: false, error: "totp_required" };
    }
    const used = await consumeSecondFactor(user, input.totp, now);
    if (!used) {
      await record("FAILURE", user.id);
      await auditAttempt("failure", user.id, { factor: "totp" });
      const nowLocked = await lockedUntil(username, since, new Date(), policy);
      return { ok: false, error: nowLocked ? "locked" : "totp_invalid" };
    }
    factor = used;
  }

  await db.$transaction([
    db.loginAttempt.create({ data: { username, ip, result: "SUCCESS", userId: user.id } }),
    db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
  ]);
  await auditAttempt("success", user.id, factor ? { factor } : undefined);
  return {
    ok: true,
    user: { id: user.id, username: user.username, displayName: user.displayName, sessionVersion: user.sessionVersion },
  };
}
