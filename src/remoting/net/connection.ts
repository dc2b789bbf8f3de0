// One TCP connection speaking the remoting protocol, on either side: it answers the peer's
// requests with the shared processor table and carries our own requests to the peer,
// matching responses by opaque (remoting.md §5). Servers and clients differ only in how the
// socket was obtained.
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { Logger } from '../../common/logger.js';
import { ResponseCode } from '../../common/response-code.js';
import {
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  createResponse,
  newOpaque,
  type RemotingCommand,
} from '../protocol/command.js';
import { ProtocolError } from '../protocol/errors.js';
import { frameSizeMax } from '../protocol/frame-codec.js';
import { FrameDecoder } from '../protocol/frame-decoder.js';
import {
  ConnectTimeoutError,
  IdleTimeoutError,
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingSendError,
  RemotingTimeoutError,
} from './errors.js';
import { FrameWriter } from './frame-writer.js';
import { InFlightTable, type PendingRequest } from './in-flight-table.js';
import type { ProcessorTable, RequestContext } from './processor-table.js';

export interface ConnectionOptions {
  /** The peer as "host:port", for errors and logs. */
  readonly remoteAddress: string;
  readonly processors: ProcessorTable;
  /** Where protocol errors, failed handlers and closes are logged. */
  readonly logger: Logger;
  /** 0 disables the idle close. */
  readonly idleTimeoutMs: number;
  readonly writeBufferHighWaterMarkBytes: number;
  readonly frameSizeMax?: number;
  /** Close the connection when one of our requests on it times out (Java's clientCloseSocketIfTimeout). */
  readonly closeOnRequestTimeout: boolean;
  /** Only for a socket still connecting: how long the connect may take. */
  readonly connectTimeoutMs?: number;
  /** The socket hands its reads to received() from one reused buffer (see connectTo) instead of emitting 'data'. */
  readonly readsIntoReusedBuffer?: boolean;
}

/** Size of the buffer a client connection's socket reads into, reused for every read. */
export const readBufferBytes = 64 * 1024;

export type InvokeCallback = (error: Error | undefined, response?: RemotingCommand) => void;

export interface ConnectionEvents {
  /** The connection is gone; `cause` says why when it was not an orderly close. */
  close: [cause: Error | undefined];
  /** We stopped reading: the peer is not reading our writes fast enough. */
  readPause: [];
  readResume: [];
}

export class Connection extends EventEmitter<ConnectionEvents> {
  readonly remoteAddress: string;
  private readonly processors: ProcessorTable;
  private readonly log: Logger;
  private readonly decoder: FrameDecoder;
  private readonly writer: FrameWriter;
  private readonly inFlight: InFlightTable;
  private readonly context: RequestContext;
  private readonly idleTimeoutMs: number;
  private readonly writeBufferHighWaterMarkBytes: number;
  private readonly closeOnRequestTimeout: boolean;
  private readonly connectTimeoutMs: number | undefined;
  private established: boolean;
  private readPaused = false;
  private closeCause: Error | undefined;
  private closedFlag = false;

  constructor(
    private readonly socket: Socket,
    options: ConnectionOptions,
  ) {
    super();
    this.remoteAddress = options.remoteAddress;
    this.processors = options.processors;
    this.log = options.logger;
    this.idleTimeoutMs = options.idleTimeoutMs;
    this.writeBufferHighWaterMarkBytes = options.writeBufferHighWaterMarkBytes;
    this.closeOnRequestTimeout = options.closeOnRequestTimeout;
    this.connectTimeoutMs = options.connectTimeoutMs;
    const sizeMax = options.frameSizeMax ?? frameSizeMax;
    // Reading in place needs a buffer of the whole frame. Only our own client connections read
    // in place, and their peer is a server we chose, so its length prefixes are trusted.
    this.decoder = new FrameDecoder(
      options.readsIntoReusedBuffer === true ? { frameSizeMax: sizeMax, partialFrameUpfrontBytesMax: sizeMax } : { frameSizeMax: sizeMax },
    );
    this.writer = new FrameWriter(socket, this.checkWriteBuffer);
    this.inFlight = new InFlightTable(this.onRequestTimeout);
    this.context = { connection: this };
    this.established = !socket.connecting;

    socket.setNoDelay(true);
    if (this.established) {
      socket.setTimeout(this.idleTimeoutMs);
    } else {
      // One socket timer serves both bounds: the connect timeout first, the idle timeout after.
      socket.setTimeout(this.connectTimeoutMs ?? 0);
      socket.once('connect', this.onConnect);
    }
    if (options.readsIntoReusedBuffer !== true) socket.on('data', this.onData);
    socket.on('timeout', this.onSocketTimeout);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Requests of ours still waiting for a response. */
  get pendingRequests(): number {
    return this.inFlight.size;
  }

  /** Sends `request` and resolves with the peer's response (RocketMQ's invokeSync). */
  invoke(request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    return new Promise((resolve, reject) => this.send(request, timeoutMs, resolve, reject));
  }

  /** Like invoke, with a callback; the callback's exceptions are logged, never thrown into the connection. */
  invokeAsync(request: RemotingCommand, timeoutMs: number, callback: InvokeCallback): void {
    this.send(
      request,
      timeoutMs,
      (response) => this.callSafely(callback, undefined, response),
      (error) => this.callSafely(callback, error),
    );
  }

  /** Sends `request` with the oneway flag; resolves once it is handed to the socket. No response comes. */
  invokeOneway(request: RemotingCommand): Promise<void> {
    request.flag |= FLAG_ONEWAY;
    return new Promise((resolve, reject) => {
      if (this.closedFlag) {
        reject(new RemotingSendError(this.remoteAddress, request.code, this.closeCause ?? 'connection closed'));
        return;
      }
      try {
        this.writer.write(request, (error) => {
          if (error) reject(new RemotingSendError(this.remoteAddress, request.code, error));
          else resolve();
        });
      } catch (error) {
        reject(new RemotingSendError(this.remoteAddress, request.code, error));
      }
    });
  }

  /** Closes the socket; our pending requests fail with RemotingConnectionClosedError. */
  close(cause?: Error): void {
    if (this.closedFlag) return;
    this.socket.destroy();
    this.finish(cause);
  }

  private send(
    request: RemotingCommand,
    timeoutMs: number,
    resolve: (response: RemotingCommand) => void,
    reject: (error: Error) => void,
  ): void {
    if (this.closedFlag) {
      reject(new RemotingSendError(this.remoteAddress, request.code, this.closeCause ?? 'connection closed'));
      return;
    }
    // The caller may reuse a command whose opaque is still pending here (a retry): give it a new one.
    while (this.inFlight.has(request.opaque)) request.opaque = newOpaque();
    this.inFlight.add(request.opaque, request.code, timeoutMs, resolve, reject);
    try {
      this.writer.write(request);
    } catch (error) {
      this.inFlight.take(request.opaque);
      reject(new RemotingSendError(this.remoteAddress, request.code, error));
    }
  }

  /** Where the socket's next read should go when not into the reused buffer: the rest of a big frame (see connectTo). */
  inPlaceReadTarget(): Buffer | undefined {
    return this.decoder.inPlaceReadTarget(readBufferBytes);
  }

  /**
   * The socket read `length` bytes into the reused buffer `bytes` (overwritten once this
   * returns), or, when `inPlace`, into the inPlaceReadTarget().
   */
  received(bytes: Buffer, length: number, inPlace: boolean): void {
    if (!inPlace) {
      this.decode(bytes, length, true);
      return;
    }
    try {
      this.decoder.filledInPlace(length, this.onCommand);
    } catch (error) {
      this.onUndecodable(error);
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    this.decode(chunk, chunk.length, false);
  };

  /** Decodes the first `length` bytes read; `reused`: the buffer is overwritten after this call. */
  private decode(bytes: Buffer, length: number, reused: boolean): void {
    try {
      this.decoder.feed(bytes, 0, length, reused, this.onCommand);
    } catch (error) {
      this.onUndecodable(error);
    }
  }

  private readonly onCommand = (cmd: RemotingCommand): void => {
    if (this.closedFlag) return;
    if ((cmd.flag & FLAG_RESPONSE) !== 0) this.onResponse(cmd);
    else this.onRequest(cmd);
  };

  private onUndecodable(error: unknown): void {
    // The rest of a read closed by one of its frames is decoded but not handled: nothing to report.
    if (this.closedFlag) return;
    const cause = error instanceof Error ? error : new Error(String(error));
    if (error instanceof ProtocolError) {
      this.log.warn({ remoteAddress: this.remoteAddress, reason: error.reason, err: error }, 'closing connection: bad frame');
    } else {
      this.log.error({ remoteAddress: this.remoteAddress, err: error }, 'closing connection: frame decoder failed');
    }
    this.close(cause);
  }

  private onResponse(response: RemotingCommand): void {
    const pending = this.inFlight.take(response.opaque);
    if (pending === undefined) {
      this.log.debug({ remoteAddress: this.remoteAddress, opaque: response.opaque, code: response.code }, 'response for no pending request dropped');
      return;
    }
    pending.resolve(response);
  }

  private onRequest(request: RemotingCommand): void {
    const handler = this.processors.lookup(request.code);
    if (handler === undefined) {
      this.answer(
        request,
        createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: ` request type ${request.code} not supported` }),
      );
      return;
    }
    let result: ReturnType<typeof handler>;
    try {
      result = handler(request, this.context);
    } catch (error) {
      this.answerError(request, error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (response) => this.answer(request, response),
        (error: unknown) => this.answerError(request, error),
      );
    } else {
      this.answer(request, result);
    }
  }

  private answer(request: RemotingCommand, response: RemotingCommand | undefined): void {
    if (response === undefined || (request.flag & FLAG_ONEWAY) !== 0 || this.closedFlag) return;
    response.opaque = request.opaque;
    response.flag |= FLAG_RESPONSE;
    response.serializeType = request.serializeType;
    try {
      this.writer.write(response);
    } catch (error) {
      // Our own response could not be encoded (e.g. a header field the serialization cannot carry).
      this.log.error({ remoteAddress: this.remoteAddress, code: request.code, err: error }, 'response could not be encoded');
      if (response.code !== ResponseCode.SYSTEM_ERROR) this.answerError(request, error);
    }
  }

  private answerError(request: RemotingCommand, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log.warn({ remoteAddress: this.remoteAddress, code: request.code, err: error }, 'request handler failed');
    this.answer(request, createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: message }));
  }

  private readonly onRequestTimeout = (request: PendingRequest): void => {
    request.reject(new RemotingTimeoutError(this.remoteAddress, request.requestCode, request.timeoutMs));
    if (this.closeOnRequestTimeout && !this.closedFlag) {
      this.log.info({ remoteAddress: this.remoteAddress, code: request.requestCode }, 'closing connection after a request timeout');
      this.close();
    }
  };

  /** After each flush: stop reading while the peer leaves too much of our output unread. */
  private readonly checkWriteBuffer = (): void => {
    const socket = this.socket;
    if (this.readPaused || !socket.writableNeedDrain || socket.writableLength <= this.writeBufferHighWaterMarkBytes) return;
    this.readPaused = true;
    socket.pause();
    socket.once('drain', this.onDrain);
    this.emit('readPause');
  };

  private readonly onDrain = (): void => {
    if (this.closedFlag) return;
    this.readPaused = false;
    this.socket.resume();
    this.emit('readResume');
  };

  private readonly onConnect = (): void => {
    this.established = true;
    this.socket.setTimeout(this.idleTimeoutMs);
  };

  private readonly onSocketTimeout = (): void => {
    if (this.established) {
      this.log.info({ remoteAddress: this.remoteAddress, idleTimeoutMs: this.idleTimeoutMs }, 'closing idle connection');
      this.close(new IdleTimeoutError(this.remoteAddress, this.idleTimeoutMs));
    } else {
      this.close(new ConnectTimeoutError(this.remoteAddress, this.connectTimeoutMs ?? 0));
    }
  };

  private readonly onSocketError = (error: Error): void => {
    // 'close' follows; keep the first cause for the pending requests.
    this.closeCause ??= error;
  };

  private readonly onSocketClose = (): void => {
    this.finish(this.closeCause);
  };

  private finish(cause: Error | undefined): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.closeCause ??= cause;
    const finalCause = this.closeCause;
    const neverConnected = !this.established;
    this.writer.discard(finalCause ?? new Error('connection closed'));
    this.inFlight.failAll((request) =>
      neverConnected && finalCause !== undefined
        ? new RemotingConnectError(this.remoteAddress, request.requestCode, finalCause)
        : new RemotingConnectionClosedError(this.remoteAddress, request.requestCode, finalCause),
    );
    this.emit('close', finalCause);
  }

  private callSafely(callback: InvokeCallback, error: Error | undefined, response?: RemotingCommand): void {
    try {
      callback(error, response);
    } catch (callbackError) {
      this.log.error({ err: callbackError }, 'invokeAsync callback threw');
    }
  }
}

/**
 * Opens a client connection to host:port whose socket reads into one reused buffer of
 * readBufferBytes: no fresh chunk per read, and the decoder copies out only what frames keep.
 * The rest of a frame too big for that buffer (a pull response of many messages) is read
 * straight into the frame's own buffer instead, so its bytes are never copied.
 */
export function connectTo(host: string, port: number, options: Omit<ConnectionOptions, 'readsIntoReusedBuffer'>): Connection {
  const readBuffer = Buffer.allocUnsafeSlow(readBufferBytes);
  // Not const: connect() asks for the first read's buffer before the connection exists.
  // eslint-disable-next-line prefer-const
  let connection: Connection | undefined;
  const socket = connect({
    host,
    port,
    onread: {
      // Asked before every read.
      buffer: () => connection?.inPlaceReadTarget() ?? readBuffer,
      // true: keep reading (backpressure pauses through socket.pause()).
      callback: (length, bytes) => {
        // No read can come before the connection exists: the socket is still connecting.
        connection!.received(bytes as Buffer, length, bytes !== readBuffer);
        return true;
      },
    },
  });
  connection = new Connection(socket, { ...options, readsIntoReusedBuffer: true });
  return connection;
}
