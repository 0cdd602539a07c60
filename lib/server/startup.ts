import { DEV_SECRET } from "./secret";

/** Problems that make a production start unsafe; empty when the configuration is usable. */
export function productionProblems(raw: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!raw.DATABASE_URL) problems.push("DATABASE_URL is not set (a postgresql:// URL of the production database)");
  if (!raw.NEXTAUTH_SECRET) problems.push("NEXTAUTH_SECRET is not set (at least 32 random characters, e.g. `openssl rand -base64 48`)");
  else if (raw.NEXTAUTH_SECRET === DEV_SECRET) problems.push("NEXTAUTH_SECRET is the development secret");
  if (!raw.DATA_ENCRYPTION_KEY) problems.push("DATA_ENCRYPTION_KEY is not set (32 random bytes, base64: `openssl rand -base64 32`); it encrypts ID numbers at rest");
  if (!raw.DATA_LOOKUP_KEY) problems.push("DATA_LOOKUP_KEY is not set (32 random bytes, base64); it keys the ID-number lookup hash");
  if (raw.VITALGRID_DEMO === undefined)
    problems.push("VITALGRID_DEMO is not set: set it to 0 for a real deployment, or 1 to run the public demo accounts on purpose");
  return problems;
}

// --- admin module: no shared or default account in production ---

/**
 * Demo accounts that still sign in with the published demo password. With
 * VITALGRID_DEMO=0 any of them makes the start unsafe (instrumentation.ts refuses to run);
 * `npm run admin:create` makes the first real administrator instead.
 */
export async function demoAccountsPresent(client: {
  user: { findMany(args: { where: { username: { in: string[] }; enabled: boolean }; select: { username: true; passwordHash: true } }): Promise<{ username: string; passwordHash: string }[]> };
}): Promise<string[]> {
  const { DEMO_PASSWORD, DEMO_USERNAMES } = await import("@/lib/demo");
  const { verifyPassword } = await import("./passwords");
  const users = await client.user.findMany({ where: { username: { in: DEMO_USERNAMES }, enabled: true }, select: { username: true, passwordHash: true } });
  const found: string[] = [];
  for (const u of users) if (await verifyPassword(u.passwordHash, DEMO_PASSWORD)) found.push(u.username);
  return found;
}

/**
 * In production with VITALGRID_DEMO=0: waits for the database (it may come up after the
 * app) and ends the process if demo accounts exist. Resolves once the check has passed.
 */
export async function refuseDemoAccountsInProduction(databaseUrl: string, log: (msg: string) => void = console.error): Promise<void> {
  const { createPrisma } = await import("./prisma");
  const client = createPrisma(databaseUrl, { max: 1, connectTimeoutMs: 3000 });
  try {
    for (;;) {
      try {
        const found = await demoAccountsPresent(client as never);
        if (found.length) {
          log(
            `VitalGrid refuses to run in production: demo accounts with the public demo password exist (${found.join(", ")}) ` +
              `while VITALGRID_DEMO=0. Disable them or set their passwords, and create administrators with \`npm run admin:create -- <username>\`.`,
          );
          process.exit(1);
        }
        return;
      } catch {
        // The database is not reachable (or not migrated) yet: try again shortly.
        await new Promise((r) => setTimeout(r, 5000).unref());
      }
    }
  } finally {
    await client.$disconnect().catch(() => undefined);
  }
}
