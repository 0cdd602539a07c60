import "server-only";
import { env } from "./env";
import { createPrisma, type Db } from "./prisma";

const holder = globalThis as unknown as { __vitalgridDb?: Db };

function client(): Db {
  return (holder.__vitalgridDb ??= createPrisma(env().DATABASE_URL, {
    max: env().DB_POOL_MAX,
    connectTimeoutMs: env().DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env().DB_STATEMENT_TIMEOUT_MS,
  }));
}

/**
 * The app's one Prisma client, kept on globalThis so hot reloads and tests reuse its pool.
 * Created on first use rather than at import, so that `next build` (which imports route
 * modules) needs no database configuration.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = client();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P03", "53300", "08006", "08001"]);

/** True when an error means "the database cannot be reached right now", not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: string; message?: string; cause?: unknown };
    if (x.code && UNAVAILABLE_CODES.has(x.code)) return true;
    if (typeof x.message === "string" && /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database|DatabaseNotReachable|too many clients/i.test(x.message))
      return true;
    e = x.cause;
  }
  return false;
}
