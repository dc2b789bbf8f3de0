// Listens for remoting connections and answers their requests with the registered processors.
// The NameServer and the broker each run one; a processor may also call back to the client over
// the connection the request came on (ctx.connection.invoke / invokeOneway).
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../../common/logger.js';
import { formatAddress, type HostPort } from './address.js';
import { Connection } from './connection.js';
import { remotingLoggerDefault } from './log.js';
import { idleTimeoutMsDefault, writeBufferHighWaterMarkBytesDefault } from './net-defaults.js';
import { ProcessorTable, type RequestHandler } from './processor-table.js';

/** Pending connections the kernel may queue (NettySystemConfig socket backlog). */
export const listenBacklog = 1024;

export interface RemotingServerOptions {
  /** Interface to bind; by default every interface, IPv4 and IPv6. */
  host?: string;
  /** 0 picks a free port; read it from `address()` after `listen()`. */
  port?: number;
  idleTimeoutMs?: number;
  writeBufferHighWaterMarkBytes?: number;
  frameSizeMax?: number;
  /** Where the server and its connections log (default: the process logger named "remoting"). */
  logger?: Logger;
}

export interface RemotingServerEvents {
  connection: [connection: Connection];
  connectionClose: [connection: Connection, cause: Error | undefined];
}

export class RemotingServer extends EventEmitter<RemotingServerEvents> {
  private readonly processors = new ProcessorTable();
  private readonly server: Server;
  private readonly live = new Set<Connection>();
  private readonly host: string | undefined;
  private readonly port: number;
  private readonly idleTimeoutMs: number;
  private readonly writeBufferHighWaterMarkBytes: number;
  private readonly frameSizeMax: number | undefined;
  private readonly log: Logger;

  constructor(options: RemotingServerOptions = {}) {
    super();
    this.host = options.host;
    this.port = options.port ?? 0;
    this.idleTimeoutMs = options.idleTimeoutMs ?? idleTimeoutMsDefault;
    this.writeBufferHighWaterMarkBytes = options.writeBufferHighWaterMarkBytes ?? writeBufferHighWaterMarkBytesDefault;
    this.frameSizeMax = options.frameSizeMax;
    this.log = options.logger ?? remotingLoggerDefault;
    this.server = createServer(this.onSocket);
  }

  registerProcessor(code: number, handler: RequestHandler): void {
    this.processors.register(code, handler);
  }

  /** Handler for every code without a processor; without one they get REQUEST_CODE_NOT_SUPPORTED. */
  setDefaultProcessor(handler: RequestHandler): void {
    this.processors.setDefault(handler);
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<HostPort> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ host: this.host, port: this.port, backlog: listenBacklog }, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.log.error({ err: error }, 'remoting server error'));
        resolve(this.address());
      });
    });
  }

  /** The bound address (after `listen()`). */
  address(): HostPort {
    const bound = this.server.address() as AddressInfo | null;
    if (bound === null) throw new Error('remoting server is not listening');
    return { host: bound.address, port: bound.port };
  }

  /** Open connections, for tests and admin views. */
  get connections(): ReadonlySet<Connection> {
    return this.live;
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) {
        this.closeConnections();
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.closeConnections();
    });
  }

  private closeConnections(): void {
    for (const connection of [...this.live]) connection.close();
  }

  private readonly onSocket = (socket: Socket): void => {
    const remoteAddress = peerAddress(socket);
    const connection = new Connection(socket, {
      remoteAddress,
      processors: this.processors,
      logger: this.log,
      idleTimeoutMs: this.idleTimeoutMs,
      writeBufferHighWaterMarkBytes: this.writeBufferHighWaterMarkBytes,
      frameSizeMax: this.frameSizeMax,
      closeOnRequestTimeout: false,
    });
    this.live.add(connection);
    connection.once('close', (cause) => {
      this.live.delete(connection);
      this.log.debug({ remoteAddress, err: cause }, 'connection closed');
      this.emit('connectionClose', connection, cause);
    });
    this.log.debug({ remoteAddress }, 'connection accepted');
    this.emit('connection', connection);
  };
}

/** "ip:port" of the peer; IPv4 peers of a dual-stack listener are shown as plain IPv4. */
function peerAddress(socket: Socket): string {
  const ip = socket.remoteAddress ?? 'unknown';
  const plain = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
  return formatAddress(plain, socket.remotePort ?? 0);
}
