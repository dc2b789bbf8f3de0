// Defaults of the remoting transport (remoting.md §8), each overridable by an option.

/** A connection with no bytes read or written for this long is closed (serverChannelMaxIdleTimeSeconds). */
export const idleTimeoutMsDefault = 120_000;

/** How long a client waits for a TCP connect (NettySystemConfig connectTimeoutMillis). */
export const connectTimeoutMsDefault = 3_000;

/**
 * While more than this many bytes wait in a connection's socket write buffer, we stop reading
 * from that connection: a peer that sends requests but does not read the answers cannot make
 * us buffer without bound.
 */
export const writeBufferHighWaterMarkBytesDefault = 4 * 1024 * 1024;
