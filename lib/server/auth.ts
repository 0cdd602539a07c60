import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { UnitLevel } from "@/lib/generated/prisma/client.ts";
import { ACTIONS, can, ROLES, type Action, type RoleKey } from "@/lib/permissions";
import { permissionsOfCustomRole, totpRequired } from "@/lib/admin/permissions";
import { getSettings } from "@/lib/settings/store";
import { db } from "./db";
import { env } from "./env";
import { AppError } from "./errors";
import { writeAudit } from "./audit";
import { clientIp } from "./request";
import { attemptSignIn } from "./signin";

/** Who is asking: loaded from the database on every request, never trusted from the token. */
export interface Viewer {
  id: string;
  username: string;
  displayName: string;
  /**
   * The built-in role whose behaviour applies (home page, workflow role): the role
   * itself, or a custom role's base role. Permissions come from `permissions`.
   */
  role: RoleKey;
  /** The role as assigned: a built-in key or a custom role's key. */
  roleKey: string;
  /** A custom role's name; built-in roles are translated from their key. */
  roleName: string | null;
  /** Every action this viewer's role may take, loaded with the viewer. */
  permissions: Action[];
  unitId: number;
  unitName: string;
  unitLevel: UnitLevel;
  /** Ancestors of the viewer's unit and the unit itself, root first. */
  unitPath: number[];
  departmentId: number | null;
  departmentName: string | null;
  mustChangePassword: boolean;
  /**
   * Set while the account must be put in order before anything else: a password to
   * change (first sign-in, reset, expiry) or two-factor sign-in to enrol. Only the
   * account pages work until then (`authorize` refuses every other action).
   */
  restricted: "password" | "totp" | null;
  totpEnabled: boolean;
  ip: string;
}

declare module "next-auth" {
  interface Session {
    uid: string;
    sv: number;
    seen?: number;
  }
  interface User {
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** Idle timeout in seconds when the token was issued; proxy.ts re-issues with it. */
    idle?: number;
    /** When the previous request was made (ms); set by proxy.ts on every request. */
    seen?: number;
  }
}

const BUILTIN_PERMISSIONS = new Map<string, Action[]>(ROLES.map((r) => [r, ACTIONS.filter((a) => can(r, a))]));

export function authOptions(): NextAuthOptions {
  const idleSeconds = env().SESSION_IDLE_MINUTES * 60;
  return {
    secret: env().NEXTAUTH_SECRET,
    // The token's lifetime is the idle timeout; proxy.ts re-issues it on every request,
    // so a session ends after that long without activity.
    session: { strategy: "jwt", maxAge: idleSeconds },
    jwt: { maxAge: idleSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "password",
        credentials: { username: { type: "text" }, password: { type: "password" }, totp: { type: "text" } },
        async authorize(credentials, req) {
          const username = String(credentials?.username ?? "");
          const password = String(credentials?.password ?? "");
          const totp = String(credentials?.totp ?? "").trim();
          if (!username || !password || username.length > 64 || password.length > 256 || totp.length > 32) throw new Error("invalid");
          const ip = clientIp(req.headers ?? {}, env().TRUSTED_PROXY_HOPS);
          const outcome = await attemptSignIn({ username, password, ip, totp: totp || undefined });
          // The error's message reaches the sign-in page as ?error=<code>: it names no field.
          if (!outcome.ok) throw new Error(outcome.error);
          return { id: outcome.user.id, name: outcome.user.displayName, sessionVersion: outcome.user.sessionVersion };
        },
      }),
    ],
    events: {
      async signOut({ token }) {
        if (token?.uid) await writeAudit(db, { action: "auth.signout", result: "success", userId: token.uid, targetType: "user", targetId: token.uid });
      },
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = user.sessionVersion;
          token.idle = (await getSettings())["security.session"].idleMinutes * 60;
          token.seen = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        session.uid = token.uid ?? "";
        session.sv = token.sv ?? 0;
        session.seen = token.seen;
        return session;
      },
    },
  };
}

async function requestIp(): Promise<string> {
  try {
    return clientIp(await headers(), env().TRUSTED_PROXY_HOPS);
  } catch {
    return "unknown";
  }
}

/**
 * The signed-in user for this request, or null. The token only names the user; role,
 * scope and the enabled flag come from the database, and a token whose session version
 * is older than the user's is refused, so disabling a user or changing their role,
 * scope or password ends their session at the next request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.uid) return null;
  return loadViewer(session.uid, session.sv, await requestIp(), { seenAt: session.seen });
});

export async function loadViewer(
  userId: string,
  sessionVersion: number,
  ip: string,
  opts: { seenAt?: number; now?: Date } = {},
): Promise<Viewer | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      enabled: true,
      sessionVersion: true,
      mustChangePassword: true,
      passwordChangedAt: true,
      createdAt: true,
      totpEnabledAt: true,
      unit: { select: { id: true, name: true, level: true, pathIds: true, retiredAt: true } },
      department: { select: { id: true, name: true } },
    },
  });
  if (!user || !user.enabled || user.sessionVersion !== sessionVersion || user.unit.retiredAt) return null;
  const settings = await getSettings();
  const now = opts.now ?? new Date();
  // The idle timeout is the current setting, checked here against the previous request,
  // so shortening it takes effect at once (the cookie's own lifetime is only an upper bound).
  if (opts.seenAt && now.getTime() - opts.seenAt > settings["security.session"].idleMinutes * 60_000) return null;

  let role: RoleKey;
  let roleName: string | null = null;
  let permissions: Action[];
  const builtin = BUILTIN_PERMISSIONS.get(user.role);
  if (builtin) {
    role = user.role as RoleKey;
    permissions = builtin;
  } else {
    const custom = await db.customRole.findUnique({ where: { key: user.role }, select: { name: true, baseRole: true, permissions: true } });
    // A role that vanished or lost its base grants nothing: fail closed.
    if (!custom || !BUILTIN_PERMISSIONS.has(custom.baseRole)) return null;
    role = custom.baseRole as RoleKey;
    roleName = custom.name;
    permissions = permissionsOfCustomRole(custom.permissions);
  }

  const maxAgeDays = settings["security.password"].maxAgeDays;
  const passwordAge = now.getTime() - (user.passwordChangedAt ?? user.createdAt).getTime();
  const passwordExpired = maxAgeDays > 0 && passwordAge > maxAgeDays * 86_400_000;
  const totp = settings["security.totp"];
  const enforceTotp = !env().demo || totp.enforceInDemo;
  const needsTotp = enforceTotp && !user.totpEnabledAt && totpRequired({ role, roleKey: user.role, permissions }, totp.alsoRequired);

  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role,
    roleKey: user.role,
    roleName,
    permissions,
    unitId: user.unit.id,
    unitName: user.unit.name,
    unitLevel: user.unit.level,
    unitPath: user.unit.pathIds,
    departmentId: user.department?.id ?? null,
    departmentName: user.department?.name ?? null,
    mustChangePassword: user.mustChangePassword,
    restricted: user.mustChangePassword || passwordExpired ? "password" : needsTotp ? "totp" : null,
    totpEnabled: !!user.totpEnabledAt,
    ip,
  };
}

/** The viewer, or an UNAUTHENTICATED error: for data functions reached without a page. */
export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("UNAUTHENTICATED");
  return viewer;
}

/**
 * Refuses an action the viewer's role may not take, and records the refusal. Every
 * exported data function calls this (or takes a scoped where) before touching rows.
 * Works for custom roles: the permission set was loaded with the viewer.
 */
export async function authorize(viewer: Viewer, action: Action, refusal?: { key: string }): Promise<void> {
  const pending = viewer.restricted !== null && action !== "account.manage";
  if (!pending && viewer.permissions.includes(action)) return;
  await writeAudit(db, {
    action,
    result: "denied",
    userId: viewer.id,
    username: viewer.username,
    role: viewer.roleKey,
    ip: viewer.ip,
    details: pending ? { reason: `account setup pending: ${viewer.restricted}` } : undefined,
  });
  throw new AppError("FORBIDDEN", pending ? { key: "adminAccountSetupPending" } : refusal);
}

/**
 * Refuses an action for a rule of its own rather than the role table (one's own account,
 * a county-level duty...), and records the refusal as `authorize()` does. Call it before
 * any transaction, so that the audit entry is not rolled back with it.
 */
export async function deny(viewer: Viewer, action: Action, refusal: { key: string }): Promise<never> {
  await writeAudit(db, { action, result: "denied", userId: viewer.id, username: viewer.username, role: viewer.roleKey, ip: viewer.ip, details: { reason: refusal.key } });
  throw new AppError("FORBIDDEN", refusal);
}

/** The audit fields naming the viewer: spread into writeAudit entries. */
export function auditActor(viewer: Viewer) {
  return { userId: viewer.id, username: viewer.username, role: viewer.roleKey, ip: viewer.ip };
}
