// Transport failures of a call (no usable answer arrived), as opposed to a server's refusal.
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingSendError,
  RemotingTimeoutError,
} from '../../remoting/net/errors.js';

export function isTransportError(error: unknown): boolean {
  return (
    error instanceof RemotingConnectError ||
    error instanceof RemotingTimeoutError ||
    error instanceof RemotingConnectionClosedError ||
    error instanceof RemotingSendError
  );
}
