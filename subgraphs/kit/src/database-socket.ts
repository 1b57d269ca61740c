/**
 * The socket postgres.js talks to PostgreSQL through (its `socket` option), so that a subgraph survives
 * the database going away in the middle of a transaction.
 *
 * postgres.js 3.4.9 crashes the whole process when a transaction's connection closes: it forgets the
 * socket on 'close', and the transaction's own ROLLBACK (or its next statement) is then written to no
 * socket from a timer, where no caller can catch the TypeError (porsager/postgres#1208, #1154; unfixed in
 * any release). This socket keeps an order postgres.js survives: when the connection is lost it first
 * reports an error, so the statements in flight fail (CONNECTION_CLOSED: DATABASE_UNAVAILABLE) and the
 * transaction writes its ROLLBACK here, where it goes nowhere; it reports the close only once postgres.js
 * has stopped writing (two turns of the event loop without a write), after which postgres.js connects anew
 * for the next request. A transaction that had nothing in flight when the connection was lost (waiting
 * for another service, say) keeps the socket until its next statement, which fails the same way. Nothing
 * is written to the server once the connection is lost, so nothing half-done can commit: PostgreSQL rolls
 * back a transaction whose connection ended.
 *
 * It knows just enough of the protocol to do so: how many requests the client sent (each ends with a
 * Sync, or is one simple Query) and how many the server has answered (ReadyForQuery, with the
 * transaction status), and which server errors end a connection.
 */
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A lost connection's error, as postgres.js's own (errors.ts maps its code to DATABASE_UNAVAILABLE). */
const connectionClosed = (address: string) =>
  Object.assign(new Error(`write CONNECTION_CLOSED ${address}`), { code: 'CONNECTION_CLOSED', errno: 'CONNECTION_CLOSED' });

/** A ReadyForQuery saying the transaction failed: what postgres.js waits for before its next statement. */
const READY_IN_FAILED_TRANSACTION = Buffer.from([0x5a, 0, 0, 0, 5, 0x45]);

/** A transaction left open this long after the connection was lost is given up: the close is reported anyway. */
const GIVE_UP_MS = 30_000;

/** True for an ErrorResponse of severity FATAL or PANIC (its fields: a type byte and a text each). */
function isFatal(message: Buffer): boolean {
  for (let at = 5; at < message.length && message[at] !== 0; ) {
    const end = message.indexOf(0, at + 1);
    if (end < 0) return false;
    if (message[at] === 0x56 /* V */ || message[at] === 0x53 /* S */) {
      const severity = message.toString('utf8', at + 1, end);
      if (severity === 'FATAL' || severity === 'PANIC') return true;
    }
    at = end + 1;
  }
  return false;
}

/** The parts of a socket postgres.js uses. */
class GuardedSocket extends EventEmitter {
  readyState: 'opening' | 'open' | 'closed' = 'opening';
  /** Where it connects, for postgres.js's messages (CONNECT_TIMEOUT names them). */
  host?: string;
  port?: number;
  private readonly inner: Socket;
  private lost = false;
  /** What statements fail with once the connection is lost (or could not be made). */
  private failure: Error;
  private settled = () => {};
  /** The server's last transaction status: I idle, T in a transaction, E in a failed one. */
  private status = 'I';
  /** Requests sent and not yet answered (the start-up counts as one). */
  private outstanding = 1;
  private started = false;
  /** Writes postgres.js made after the connection was lost (none reaches the server). */
  private writesAfterLoss = 0;
  /** True when the connection was lost inside a transaction with nothing in flight. */
  private idleInTransaction = false;
  private onWriteAfterLoss: (() => void) | undefined;
  /** Reading the server's messages: the bytes of the current one still to skip (the first is the status of a ReadyForQuery), and a partial header. */
  private skip = 0;
  private wantStatus = false;
  private header = Buffer.alloc(0);
  /** An ErrorResponse being read, and how many of its bytes are still to come. */
  private error: Buffer[] | undefined;
  private errorLeft = 0;
  /** True once the server said it is ready for queries (start-up done: its errors are the caller's to see). */
  private ready = false;

  constructor(
    private readonly address: string,
    target: { path: string } | { host: string; port: number },
  ) {
    super();
    this.inner = 'path' in target ? connect(target.path) : connect(target.port, target.host);
    if ('host' in target) Object.assign(this, { host: target.host, port: target.port });
    this.failure = connectionClosed(address);
    this.inner.on('connect', () => {
      this.readyState = 'open';
      this.settled();
    });
    this.inner.on('data', (data: Buffer) => {
      for (const part of this.incoming(data)) this.emit('data', part);
    });
    this.inner.on('drain', () => this.emit('drain'));
    this.inner.on('error', (error) => this.onLost(error));
    this.inner.on('close', () => this.onLost());
  }

  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (!this.lost) {
      // The first write is the start-up message, which has no type byte (and counts as one request already).
      if (this.started) this.outstanding += requestsIn(Buffer.from(chunk));
      this.started = true;
      return this.inner.write(chunk, callback);
    }
    // Never sent: it fails as the statements in flight did (settle below).
    this.writesAfterLoss += 1;
    this.onWriteAfterLoss?.();
    // Never connected: postgres.js's start-up message learns of the failure, then of the close.
    if (this.readyState === 'opening')
      setImmediate(() => {
        this.report(this.failure);
        this.close();
      });
    callback?.();
    return true;
  }

  end(data?: Uint8Array): this {
    if (this.lost) setImmediate(() => this.close());
    else if (data) this.inner.end(data);
    else this.inner.end();
    return this;
  }

  destroy(): this {
    this.inner.destroy();
    // postgres.js destroys a socket that did not connect in time and waits for its close.
    if (this.readyState === 'opening') setImmediate(() => this.close());
    return this;
  }

  /** True while connected: a connection of its pool. */
  isOpen(): boolean {
    return this.readyState === 'open' && !this.lost;
  }

  /**
   * True while the connection is in use: a request sent and not yet answered, or a transaction open (a
   * mutation holding it while it asks a peer counts). Read from the protocol, so it holds whatever the
   * driver keeps in its own queues.
   */
  isBusy(): boolean {
    return this.isOpen() && (this.outstanding > 0 || this.status !== 'I');
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.inner.setKeepAlive(enable, delay);
    return this;
  }

  /**
   * Resolves once connected, or once connecting failed (refused, or not within the driver's connect
   * timeout): postgres.js writes its start-up message at once, and learns of the failure in answer.
   */
  opened(timeoutSeconds: number): Promise<this> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.inner.destroy(Object.assign(new Error(`connect CONNECT_TIMEOUT ${this.address}`), { code: 'CONNECT_TIMEOUT' })),
        timeoutSeconds * 1000,
      );
      this.settled = () => {
        clearTimeout(timer);
        resolve(this);
      };
    });
  }

  private onLost(error?: Error) {
    if (this.lost) return;
    this.lost = true;
    if (this.readyState !== 'open') {
      // Never connected: reported when postgres.js writes its start-up message (write above).
      this.failure = error ?? this.failure;
      this.settled();
      return;
    }
    this.idleInTransaction = this.status !== 'I' && this.outstanding === 0;
    this.settle(0);
  }

  /**
   * Fails what postgres.js has in flight on the lost connection and lets it go on: the error rejects the
   * statements it sent; a ReadyForQuery (status E, failed transaction) releases what it queued behind
   * them, a transaction's ROLLBACK among them, which it then writes here and which fails the same way at
   * the next round. Once a round passes without a write, the close is reported: postgres.js then writes
   * no more to this socket (it would write to none and crash) and connects anew for the next request.
   * A transaction that had nothing in flight (waiting for another service, say) keeps the socket until
   * its next statement, which fails the same way, or until GIVE_UP_MS.
   */
  private settle(round: number) {
    const writes = this.writesAfterLoss;
    this.report(this.failure);
    // Only between two messages: inside a partial one, the bytes would be read as its rest.
    if (this.skip === 0 && !this.header.length && !this.error && this.readyState !== 'closed')
      this.emit('data', READY_IN_FAILED_TRANSACTION);
    // postgres.js writes from immediates: two turns of the event loop let it write what it will.
    setImmediate(() =>
      setImmediate(() => {
        if (this.readyState === 'closed') return;
        if (this.writesAfterLoss > writes || round === 0) return this.settle(round + 1);
        if (this.writesAfterLoss === 0 && this.idleInTransaction) return this.awaitStatement();
        this.close();
      }),
    );
  }

  /** A transaction idle when the connection was lost: settles at its next statement, or gives up. */
  private awaitStatement() {
    const giveUp = setTimeout(() => this.close(), GIVE_UP_MS);
    giveUp.unref();
    this.onWriteAfterLoss = () => {
      this.onWriteAfterLoss = undefined;
      clearTimeout(giveUp);
      setImmediate(() => this.settle(1));
    };
  }

  private report(error: Error) {
    if (this.readyState !== 'closed' && this.listenerCount('error')) this.emit('error', error);
  }

  private close() {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    this.inner.destroy();
    this.emit('close', false);
  }

  /**
   * Passes the server's messages on, following them (type, length, body) across chunks: notes each
   * ReadyForQuery's transaction status, and holds back a FATAL error once the connection is established.
   * Such an error ends the connection (the server shutting down: 57P01); postgres.js would keep it and
   * fail the first statement of its next connection with it, so the close alone is reported instead.
   */
  private incoming(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    // The start of the bytes read since the last cut, passed on as they came.
    let from = 0;
    const cut = () => {
      if (from < at) out.push(data.subarray(from, at));
    };
    while (at < data.length) {
      if (this.error) {
        const n = Math.min(this.errorLeft, data.length - at);
        this.error.push(data.subarray(at, at + n));
        this.errorLeft -= n;
        at += n;
        from = at;
        if (this.errorLeft > 0) continue;
        const message = Buffer.concat(this.error);
        this.error = undefined;
        if (!(this.ready && isFatal(message))) out.push(message);
        continue;
      }
      if (this.skip > 0) {
        if (this.wantStatus) {
          this.status = String.fromCharCode(data[at] ?? 0x49);
          this.ready = true;
          this.outstanding -= 1;
        }
        this.wantStatus = false;
        const n = Math.min(this.skip, data.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      let header: Buffer;
      if (!this.header.length && at + 5 <= data.length) {
        // The usual case: the whole header in this chunk, passed on in place unless it opens an error.
        header = data.subarray(at, at + 5);
        if (header[0] === 0x45 /* E */) cut();
        at += 5;
      } else {
        // A header split between chunks: gathered, then passed on by itself.
        if (!this.header.length) cut();
        const part = data.subarray(at, at + 5 - this.header.length);
        this.header = Buffer.concat([this.header, part]);
        at += part.length;
        from = at;
        if (this.header.length < 5) continue;
        header = this.header;
        this.header = Buffer.alloc(0);
        if (header[0] !== 0x45) out.push(header);
      }
      const bodyLength = header.readUInt32BE(1) - 4;
      if (header[0] === 0x45 /* E */) {
        this.error = [header];
        this.errorLeft = bodyLength;
        from = at;
        if (bodyLength === 0) {
          this.error = undefined;
          out.push(header);
        }
        continue;
      }
      this.skip = bodyLength;
      this.wantStatus = header[0] === 0x5a; // Z: ReadyForQuery, whose one byte is the status
    }
    cut();
    return out;
  }
}

/** The requests in one write of postgres.js (it writes whole messages): each Sync, each simple Query. */
function requestsIn(data: Buffer): number {
  let requests = 0;
  for (let at = 0; at + 5 <= data.length; ) {
    if (data[at] === 0x53 /* S */ || data[at] === 0x51 /* Q */) requests += 1;
    const length = data.readUInt32BE(at + 1);
    if (length < 4) break;
    at += 1 + length;
  }
  return requests;
}

interface DriverOptions {
  host: string[];
  port: number[];
  path?: string | false;
  connect_timeout: number;
}

/** postgres.js's `socket` option: a guarded socket to the first host (this project names one), once connected. */
export function guardedSocket(options: DriverOptions, sockets?: PoolSockets): Promise<GuardedSocket> {
  const host = options.host[0] ?? '127.0.0.1';
  const port = options.port[0] ?? 5432;
  const socket = new GuardedSocket(`${host}:${port}`, options.path ? { path: options.path } : { host, port });
  sockets?.add(socket);
  return socket.opened(options.connect_timeout);
}

/**
 * The sockets of one pool, for its metrics: postgres.js 3.4.9 tells nothing of its pool, but every
 * connection it opens is one of these sockets, which knows from the protocol whether it is in use.
 */
export class PoolSockets {
  private readonly sockets = new Set<GuardedSocket>();

  add(socket: GuardedSocket): void {
    this.sockets.add(socket);
  }

  /** The pool's open connections, in use and idle; closed ones are forgotten. */
  use(): { inUse: number; idle: number } {
    let inUse = 0;
    let idle = 0;
    for (const socket of this.sockets) {
      if (socket.readyState === 'closed') this.sockets.delete(socket);
      else if (socket.isBusy()) inUse += 1;
      else if (socket.isOpen()) idle += 1;
    }
    return { inUse, idle };
  }

  /** postgres.js's `socket` option, each connection's socket counted here. */
  readonly connect = (options: DriverOptions) => guardedSocket(options, this);
}
