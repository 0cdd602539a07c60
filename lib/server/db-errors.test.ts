import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./db-errors";
import { createPrisma } from "./prisma";

// The errors are produced by the real stack (Prisma client, driver adapter, pg) against
// local sockets that behave like a PostgreSQL server that is down, starting up, or drops
// the connection; no database is needed.

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

function serve(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** PostgreSQL's FATAL ErrorResponse, as sent to a client that connects at the wrong time. */
function fatal(code: string, message: string): Buffer {
  const body = Buffer.concat([...[["S", "FATAL"], ["V", "FATAL"], ["C", code], ["M", message]].map(([t, v]) => Buffer.from(`${t}${v}\0`)), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write("E");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

async function errorOfQuery(port: number): Promise<unknown> {
  const client = createPrisma(`postgresql://u:p@127.0.0.1:${port}/db?sslmode=disable`, { connectTimeoutMs: 2000 });
  try {
    await client.$queryRaw`SELECT 1`;
    return null;
  } catch (err) {
    return err;
  } finally {
    await client.$disconnect().catch(() => undefined);
  }
}

async function errorOfModelQuery(port: number): Promise<unknown> {
  const client = createPrisma(`postgresql://u:p@127.0.0.1:${port}/db?sslmode=disable`, { connectTimeoutMs: 2000 });
  try {
    await client.user.findUnique({ where: { id: "x" }, select: { id: true } });
    return null;
  } catch (err) {
    return err;
  } finally {
    await client.$disconnect().catch(() => undefined);
  }
}

describe("isDatabaseUnavailable", () => {
  it("recognises a refused connection (the server is down)", async () => {
    const port = await closedPort();
    for (const err of [await errorOfQuery(port), await errorOfModelQuery(port)]) {
      expect(err).not.toBeNull();
      expect(isDatabaseUnavailable(err)).toBe(true);
    }
  });

  it("recognises 57P03 'the database system is starting up' in every wrapping", async () => {
    const port = await serve((socket) => socket.once("data", () => socket.end(fatal("57P03", "the database system is starting up"))));
    for (const err of [await errorOfQuery(port), await errorOfModelQuery(port)]) {
      expect(err).not.toBeNull();
      expect(isDatabaseUnavailable(err)).toBe(true);
    }
  });

  it("recognises a connection dropped by the server", async () => {
    const port = await serve((socket) => socket.once("data", () => socket.destroy()));
    for (const err of [await errorOfQuery(port), await errorOfModelQuery(port)]) {
      expect(err).not.toBeNull();
      expect(isDatabaseUnavailable(err)).toBe(true);
    }
  });

  it("recognises a connection that never answers, once the connect timeout expires", async () => {
    const port = await serve(() => undefined);
    const err = await errorOfQuery(port);
    expect(err).not.toBeNull();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("does not take bugs or refused data for an outage", () => {
    expect(isDatabaseUnavailable(new Error("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "23505", message: "duplicate key value violates unique constraint" })).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation", originalCode: "23505" } } } })).toBe(false);
    expect(isDatabaseUnavailable({ code: "42P01", message: 'relation "x" does not exist' })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
