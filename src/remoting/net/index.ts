// The remoting transport: servers, clients and the connections they share.
export { parseAddress, formatAddress, type HostPort } from './address.js';
export { Connection, type ConnectionEvents, type InvokeCallback } from './connection.js';
export {
  ConnectTimeoutError,
  IdleTimeoutError,
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingSendError,
  RemotingTimeoutError,
} from './errors.js';
export { connectTimeoutMsDefault, idleTimeoutMsDefault, writeBufferHighWaterMarkBytesDefault } from './net-defaults.js';
export type { ProcessorRegistry, RequestContext, RequestHandler } from './processor-table.js';
export { RemotingClient, type RemotingClientOptions } from './remoting-client.js';
export { RemotingServer, type RemotingServerOptions, type RemotingServerEvents } from './remoting-server.js';
