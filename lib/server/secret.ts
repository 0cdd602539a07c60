// Shared by env.ts and proxy.ts (which must not import server-only modules).
export const DEV_SECRET = "vitalgrid-development-secret-do-not-use-in-production";

export function authSecret(): string {
  return process.env.NEXTAUTH_SECRET || DEV_SECRET;
}

export function idleSeconds(): number {
  const minutes = Number(process.env.SESSION_IDLE_MINUTES ?? 30);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 30) * 60;
}
