// Request handlers by request code, shared by every connection of a server or a client.
import type { RemotingCommand } from '../protocol/command.js';
import type { Connection } from './connection.js';

/** What a handler may know about the request besides the command: the connection it came on. */
export interface RequestContext {
  readonly connection: Connection;
}

/**
 * Answers a request. Returning undefined sends nothing (RocketMQ's NameServer does so for codes
 * it does not know); a throw or a rejection is answered with SYSTEM_ERROR and the error text.
 * The response's opaque, response flag and serialize type are set from the request.
 */
export type RequestHandler = (
  request: RemotingCommand,
  ctx: RequestContext,
) => RemotingCommand | undefined | Promise<RemotingCommand | undefined>;

/** Where request handlers are registered: a server, a client, or several servers at once. */
export interface ProcessorRegistry {
  registerProcessor(code: number, handler: RequestHandler): void;
}

export class ProcessorTable {
  private readonly handlers = new Map<number, RequestHandler>();
  private fallback: RequestHandler | undefined;

  register(code: number, handler: RequestHandler): void {
    this.handlers.set(code, handler);
  }

  /** The handler for codes nobody registered; without one they get REQUEST_CODE_NOT_SUPPORTED. */
  setDefault(handler: RequestHandler): void {
    this.fallback = handler;
  }

  lookup(code: number): RequestHandler | undefined {
    return this.handlers.get(code) ?? this.fallback;
  }
}
