// Calls remoting servers by address: one connection per "host:port", opened on first use and
// reused; a closed connection is replaced on the next call. Requests are written while the
// connect is still under way (the socket queues them), so a call never waits for a separate
// connect step.
import type { Logger } from '../../common/logger.js';
import type { RemotingCommand } from '../protocol/command.js';
import { parseAddress } from './address.js';
import { connectTo, type Connection, type InvokeCallback } from './connection.js';
import { RemotingSendError } from './errors.js';
import { remotingLoggerDefault } from './log.js';
import { connectTimeoutMsDefault, idleTimeoutMsDefault, writeBufferHighWaterMarkBytesDefault } from './net-defaults.js';
import { ProcessorTable, type RequestHandler } from './processor-table.js';

export interface RemotingClientOptions {
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Close a connection when a request on it times out, as Java's clientCloseSocketIfTimeout (default true). */
  closeSocketIfTimeout?: boolean;
  writeBufferHighWaterMarkBytes?: number;
  frameSizeMax?: number;
  /** Where the connections log (default: the process logger named "remoting"). */
  logger?: Logger;
}

export class RemotingClient {
  private readonly processors = new ProcessorTable();
  private readonly connections = new Map<string, Connection>();
  private readonly connectTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly closeSocketIfTimeout: boolean;
  private readonly writeBufferHighWaterMarkBytes: number;
  private readonly frameSizeMax: number | undefined;
  private readonly log: Logger;
  private closedFlag = false;

  constructor(options: RemotingClientOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? connectTimeoutMsDefault;
    this.idleTimeoutMs = options.idleTimeoutMs ?? idleTimeoutMsDefault;
    this.closeSocketIfTimeout = options.closeSocketIfTimeout ?? true;
    this.writeBufferHighWaterMarkBytes = options.writeBufferHighWaterMarkBytes ?? writeBufferHighWaterMarkBytesDefault;
    this.frameSizeMax = options.frameSizeMax;
    this.log = options.logger ?? remotingLoggerDefault;
  }

  /** Handles requests servers send us on our connections (NOTIFY_CONSUMER_IDS_CHANGED, CHECK_TRANSACTION_STATE). */
  registerProcessor(code: number, handler: RequestHandler): void {
    this.processors.register(code, handler);
  }

  /** Sends `request` to `addr` and resolves with the response (RocketMQ's invokeSync). */
  invoke(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    let connection: Connection;
    try {
      connection = this.connectionTo(addr, request);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return connection.invoke(request, timeoutMs);
  }

  /** invoke with a callback instead of a promise. */
  invokeAsync(addr: string, request: RemotingCommand, timeoutMs: number, callback: InvokeCallback): void {
    let connection: Connection;
    try {
      connection = this.connectionTo(addr, request);
    } catch (error) {
      callback(error as Error);
      return;
    }
    connection.invokeAsync(request, timeoutMs, callback);
  }

  /** Sends `request` with the oneway flag; resolves once written. */
  invokeOneway(addr: string, request: RemotingCommand): Promise<void> {
    let connection: Connection;
    try {
      connection = this.connectionTo(addr, request);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return connection.invokeOneway(request);
  }

  /** The open (or opening) connection to `addr`, if any. */
  connectionOf(addr: string): Connection | undefined {
    return this.connections.get(addr);
  }

  /** Fails pending calls with RemotingConnectionClosedError and closes every connection. */
  close(): void {
    this.closedFlag = true;
    for (const connection of [...this.connections.values()]) connection.close();
    this.connections.clear();
  }

  private connectionTo(addr: string, request: RemotingCommand): Connection {
    const existing = this.connections.get(addr);
    if (existing !== undefined && !existing.closed) return existing;
    if (this.closedFlag) throw new RemotingSendError(addr, request.code, 'remoting client closed');
    const { host, port } = parseAddress(addr);
    const connection = connectTo(host, port, {
      remoteAddress: addr,
      processors: this.processors,
      logger: this.log,
      idleTimeoutMs: this.idleTimeoutMs,
      writeBufferHighWaterMarkBytes: this.writeBufferHighWaterMarkBytes,
      frameSizeMax: this.frameSizeMax,
      closeOnRequestTimeout: this.closeSocketIfTimeout,
      connectTimeoutMs: this.connectTimeoutMs,
    });
    this.connections.set(addr, connection);
    connection.once('close', (cause) => {
      if (this.connections.get(addr) === connection) this.connections.delete(addr);
      this.log.debug({ remoteAddress: addr, err: cause }, 'client connection closed');
    });
    return connection;
  }
}
