// Failures found by the client itself, before or between calls to a server.
import { RocketMQError } from '../../common/errors.js';

/** A producer, consumer or admin client used before start() or after shutdown(). */
export class ClientStateError extends RocketMQError {
  override readonly name = 'ClientStateError';
  constructor(message: string) {
    super(message, { retry: 'never' });
  }
}

/** The route of a topic has no queue we can use (no writable queue on a master, or no readable queue). */
export class NoRouteError extends RocketMQError {
  override readonly name = 'NoRouteError';
  constructor(
    readonly topic: string,
    message: string,
  ) {
    super(message, { retry: 'refreshRoute' });
  }
}

/** A broker name the route names but whose (master) address we do not know. */
export class BrokerNotFoundError extends RocketMQError {
  override readonly name = 'BrokerNotFoundError';
  constructor(readonly brokerName: string) {
    super(`no address known for broker ${brokerName}`, { retry: 'refreshRoute' });
  }
}

/** An operation's whole time budget (all attempts included) ran out. */
export class RequestTimeoutError extends RocketMQError {
  override readonly name = 'RequestTimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(message, { retry: 'backoff', cause });
  }
}

/** A received message whose body cannot be read (unsupported compression, corrupt zlib data). */
export class MessageBodyError extends RocketMQError {
  override readonly name = 'MessageBodyError';
  constructor(
    readonly offsetMsgId: string,
    reason: string,
  ) {
    super(`message ${offsetMsgId}: ${reason}`, { retry: 'never' });
  }
}
