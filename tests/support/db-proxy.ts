// A small TCP proxy between the app and its database, so that a test can take the database
// away the way a restart does, without touching the database server itself:
//
//   - `cut()` stops listening (new connections are refused, ECONNREFUSED, as while the
//     postmaster is down) and drops every open connection (both ends destroyed); it is
//     `refuseNew()` then `dropAll()`, which a test may call apart to let the server's own
//     goodbye (a FATAL message) reach the app first;
//   - `startingUp()` listens again but answers every new connection with the FATAL error
//     a PostgreSQL server in recovery sends (57P03 "the database system is starting up");
//   - `restore()` forwards again.
//
// It speaks no protocol beyond reading the startup packet in the starting-up phase.
import net from "node:net";

type Mode = "forward" | "starting-up";

export class DbProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: Mode = "forward";
  /** Connections accepted and forwarded, for the test's own checks. */
  forwarded = 0;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening; port 0 picks a free one, kept for every later restore. */
  async start(port = 0): Promise<number> {
    await this.listen(port);
    return this.port;
  }

  /** The same URL with host and port replaced by the proxy's. */
  urlFor(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  /** Refuses new connections and drops every open one. */
  async cut(): Promise<void> {
    this.refuseNew();
    await this.dropAll();
  }

  /** Stops listening, so new connections are refused; open ones carry on. */
  refuseNew(): void {
    this.closing = this.close();
  }

  /** Drops every open connection (and waits until the listener is closed, if closing). */
  async dropAll(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await this.closing;
  }

  /** Accepts connections again, answering each with "the database system is starting up". */
  async startingUp(): Promise<void> {
    this.mode = "starting-up";
    if (!this.server) await this.listen(this.port);
  }

  /** Forwards again. */
  async restore(): Promise<void> {
    this.mode = "forward";
    if (!this.server) await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private closing: Promise<void> = Promise.resolve();

  private close(): Promise<void> {
    const server = this.server;
    this.server = null;
    // close() calls back only when every connection has ended: dropAll() ends them.
    return server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        this.port = (server.address() as net.AddressInfo).port;
        this.server = server;
        resolve();
      });
    });
  }

  private accept(client: net.Socket) {
    this.track(client);
    if (this.mode === "starting-up") return this.refuseStartup(client);
    this.forwarded++;
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
    client.on("close", close);
    upstream.on("close", close);
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }

  /** Reads the startup packet (answering an SSL request with "no") and sends 57P03. */
  private refuseStartup(client: net.Socket) {
    let buffer = Buffer.alloc(0);
    client.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === 80877103 || code === 80877104) {
          client.write("N"); // SSLRequest / GSSENCRequest: not supported here
          continue;
        }
        client.end(errorResponse("57P03", "the database system is starting up"));
        return;
      }
    });
  }
}

/** A FATAL ErrorResponse message of PostgreSQL's protocol (version 3). */
function errorResponse(sqlState: string, message: string): Buffer {
  const fields = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", sqlState),
    field("M", message),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function field(type: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(type), Buffer.from(value, "utf8"), Buffer.from([0])]);
}
