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

// Which errors mean "the database is unreachable" is decided in one pure module.
export { isDatabaseUnavailable } from "./db-errors";
