// A client connection as the broker's client registries see it (ClientChannelInfo). The
// registries are generic in the connection type so they can be tested without sockets; the
// broker uses remoting Connections.

/** What the registries need of a connection: where it comes from, and a way to drop it. */
export interface ClientChannel {
  readonly remoteAddress: string;
  close(): void;
}

export interface ClientChannelInfo<C extends ClientChannel> {
  readonly channel: C;
  /** HeartbeatData.clientID, "ip@instanceName". */
  clientId: string;
  /** The client's LanguageCode name (from its requests). */
  language: string;
  /** The client's remoting version (from its requests). */
  version: number;
  /** Last heartbeat, ms. */
  lastUpdateTimestamp: number;
}

/** Drops the channels of `table` idle for longer than `expiredTimeoutMs`; returns them. */
export function removeExpiredChannels<C extends ClientChannel>(
  table: Map<C, ClientChannelInfo<C>>,
  now: number,
  expiredTimeoutMs: number,
): ClientChannelInfo<C>[] {
  const expired: ClientChannelInfo<C>[] = [];
  for (const [channel, info] of table) {
    if (now - info.lastUpdateTimestamp > expiredTimeoutMs) {
      table.delete(channel);
      expired.push(info);
    }
  }
  return expired;
}
