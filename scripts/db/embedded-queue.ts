// The statement queue in front of the embedded database.
//
// PGlite is one backend session shared by every client connection, so the socket server
// must never let two connections' protocol messages interleave where PostgreSQL keeps
// state between them. The queue that ships with the socket server switches connections
// between any two messages outside an explicit transaction block; under concurrent load
// that mixes one connection's Parse with another's Bind ("bind message supplies 2
// parameters, but prepared statement "" requires 3"). This queue gives the backend to one
// connection from its first message until it is back in an idle state: after a Sync or a
// simple Query, when no transaction block is open.
import type { PGlite } from "@electric-sql/pglite";

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/** Whether a message leaves the connection at a point where another may take the backend. */
function endsExchange(message: Uint8Array): boolean {
  // The startup packet, SSL and cancel requests have no type byte: length, then a code.
  if (message.length >= 8) {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    if (view.getInt32(0) === message.length) return true;
  }
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE;
}

export class ExchangeQueue {
  private queue: Item[] = [];
  private processing = false;
  /** The connection that holds the backend until its exchange ends. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  private next(): Item | undefined {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (err) {
          current.reject(err);
          continue;
        } finally {
          this.owner = endsExchange(current.message) && !this.db.isInTransaction() ? null : current.handlerId;
        }
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A connection that went away mid-exchange or mid-transaction gives the backend back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // A Sync ends whatever extended-protocol exchange it left open (and any error state).
    await this.db.runExclusive(() => this.db.execProtocolRaw(new Uint8Array([SYNC, 0, 0, 0, 4])));
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.processQueue();
  }
}
