// Embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over the
// PostgreSQL wire protocol, so the app, scripts and tests all speak to it through the
// same `pg` driver they use for a real server. PGlite is one backend session: the socket
// server queues statements and runs one transaction at a time.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

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
