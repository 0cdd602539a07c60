// Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol, so the app, scripts and tests all speak to it through the
// same `pg` driver they use for a real server. PGlite is one backend session: the socket
// server queues statements and runs one exchange (or transaction) at a time.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { ExchangeQueue } from "./embedded-queue";

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A folder to keep the data in, or "memory" for a throw-away database. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
}

export async function startEmbeddedServer(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const inMemory = opts.dataDir === "memory";
  if (!inMemory) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? "memory://" : opts.dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 32,
  });
  // Replace the server's statement queue with one that keeps each connection's protocol
  // exchange together (see embedded-queue.ts). The field is internal to the pinned version.
  const internals = server as unknown as { queryQueue?: unknown };
  if (!internals.queryQueue) throw new Error("pglite-socket changed: its statement queue is gone; review scripts/db/embedded-queue.ts");
  internals.queryQueue = new ExchangeQueue(db);
  await server.start();
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
