// Failures of a remote call, and the reasons we close a connection. Each call error names the
// peer address, the request code and, for a timeout, the timeout, so a caller can log it and
// choose a recovery. After a connect or send error the request did not leave; after a timeout or
// a closed connection its outcome is unknown. All are 'switchBroker': RocketMQ's producer tries
// another broker on any of them.
import { RocketMQError } from '../../common/errors.js';

/** The TCP connection to `addr` could not be established (refused, unreachable, connect timeout). */
export class RemotingConnectError extends RocketMQError {
  override readonly name = 'RemotingConnectError';
  constructor(
    readonly addr: string,
    readonly requestCode: number,
    cause?: unknown,
  ) {
    super(`connect to ${addr} for request code ${requestCode} failed${describeCause(cause)}`, { retry: 'switchBroker', cause });
  }
}

/** No response arrived within `timeoutMs`. */
export class RemotingTimeoutError extends RocketMQError {
  override readonly name = 'RemotingTimeoutError';
  constructor(
    readonly addr: string,
    readonly requestCode: number,
    readonly timeoutMs: number,
  ) {
    super(`request code ${requestCode} to ${addr} timed out after ${timeoutMs} ms`, { retry: 'switchBroker' });
  }
}

/** The connection closed while the call was pending (peer gone, client closed, protocol error). */
export class RemotingConnectionClosedError extends RocketMQError {
  override readonly name = 'RemotingConnectionClosedError';
  constructor(
    readonly addr: string,
    readonly requestCode: number,
    cause?: unknown,
  ) {
    super(`connection to ${addr} closed before the response to request code ${requestCode}${describeCause(cause)}`, {
      retry: 'switchBroker',
      cause,
    });
  }
}

/** The request could not be written (connection already closed, encoding failed, write error). */
export class RemotingSendError extends RocketMQError {
  override readonly name = 'RemotingSendError';
  constructor(
    readonly addr: string,
    readonly requestCode: number,
    cause?: unknown,
  ) {
    super(`sending request code ${requestCode} to ${addr} failed${describeCause(cause)}`, { retry: 'switchBroker', cause });
  }
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return '';
  return `: ${cause instanceof Error ? cause.message : String(cause)}`;
}

/** Why we closed a connection that never finished its TCP connect. */
export class ConnectTimeoutError extends RocketMQError {
  override readonly name = 'ConnectTimeoutError';
  constructor(
    readonly addr: string,
    readonly timeoutMs: number,
  ) {
    super(`connect to ${addr} timed out after ${timeoutMs} ms`, { retry: 'switchBroker' });
  }
}

/** Why we closed a connection that carried no bytes either way for `idleTimeoutMs`. */
export class IdleTimeoutError extends RocketMQError {
  override readonly name = 'IdleTimeoutError';
  constructor(
    readonly addr: string,
    readonly idleTimeoutMs: number,
  ) {
    super(`connection ${addr} idle for ${idleTimeoutMs} ms`, { retry: 'backoff' });
  }
}
