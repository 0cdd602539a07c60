// Telling "the database cannot be reached right now" from a bug, for the "service busy"
// answers. Errors reach the app in several wrappings: pg's own (a socket error, or a
// PostgreSQL error with its SQLSTATE), the driver adapter's DriverAdapterError (its
// `cause` holds the mapped `kind` and the `originalCode`), and Prisma's request errors
// (the adapter error under `meta.driverAdapterError`, or only a message with the code).
// A restart of PostgreSQL shows all of them: connections refused while it is down, open
// sessions ended with 57P01, 57P03 while it starts up (tests/e2e/faults.test.ts).

/** Socket errors of a connection that failed or broke. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
/** SQLSTATEs of a server that is shutting down, starting up, or out of connection slots. */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006"]);
/** The driver adapter's kinds for the same conditions (@prisma/adapter-pg). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** Prisma's own codes: server unreachable, timed out, connection closed, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database|DatabaseNotReachable|too many clients|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|Server has closed the connection|Code: `(57P0[123]|53300|0800[0-6])`/i;

/** True when an error means "the database cannot be reached right now", not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const queue: unknown[] = [err];
  for (let seen = 0; queue.length && seen < 20; seen++) {
    const e = queue.shift();
    if (!e || typeof e !== "object") continue;
    const x = e as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; errors?: unknown };
    if (typeof x.code === "string" && (SOCKET_CODES.has(x.code) || SQLSTATES.has(x.code) || PRISMA_CODES.has(x.code))) return true;
    if (typeof x.originalCode === "string" && (SOCKET_CODES.has(x.originalCode) || SQLSTATES.has(x.originalCode))) return true;
    if (typeof x.kind === "string" && ADAPTER_KINDS.has(x.kind)) return true;
    if (typeof x.message === "string" && MESSAGES.test(x.message)) return true;
    queue.push(x.cause, x.meta?.driverAdapterError);
    // Node reports a refused connection to every address of a host as an AggregateError.
    if (Array.isArray(x.errors)) queue.push(...x.errors);
  }
  return false;
}
