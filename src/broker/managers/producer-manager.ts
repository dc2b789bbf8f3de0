// Live producer groups (ProducerManager): group -> members, one per connection, from
// heartbeats. Used to call a producer back (transaction check) and for
// GET_PRODUCER_CONNECTION_LIST. Members leave as consumers do: unregister, connection close, or
// no heartbeat for channelExpiredTimeout.
import type { Logger } from '../../common/logger.js';
import { removeExpiredChannels, type ClientChannel, type ClientChannelInfo } from './client-channel.js';

export interface ProducerManagerOptions {
  channelExpiredTimeoutMs: number;
  logger: Logger;
  now?: () => number;
}

export class ProducerManager<C extends ClientChannel> {
  private readonly table = new Map<string, Map<C, ClientChannelInfo<C>>>();
  private readonly channelExpiredTimeoutMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(options: ProducerManagerOptions) {
    this.channelExpiredTimeoutMs = options.channelExpiredTimeoutMs;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** group -> members, for GET_PRODUCER_CONNECTION_LIST. */
  get groups(): ReadonlyMap<string, ReadonlyMap<C, ClientChannelInfo<C>>> {
    return this.table;
  }

  registerProducer(group: string, info: ClientChannelInfo<C>): void {
    let members = this.table.get(group);
    if (members === undefined) {
      members = new Map();
      this.table.set(group, members);
    }
    const existing = members.get(info.channel);
    if (existing !== undefined) {
      existing.lastUpdateTimestamp = this.now();
      return;
    }
    info.lastUpdateTimestamp = this.now();
    members.set(info.channel, info);
    this.logger.info({ group, clientId: info.clientId, remoteAddress: info.channel.remoteAddress }, 'producer joined');
  }

  unregisterProducer(group: string, channel: C): void {
    const members = this.table.get(group);
    const info = members?.get(channel);
    if (members === undefined || info === undefined) return;
    members.delete(channel);
    this.logger.info({ group, clientId: info.clientId }, 'producer unregistered');
    if (members.size === 0) this.table.delete(group);
  }

  /** The connection closed: it leaves every group it was in. */
  doChannelCloseEvent(channel: C): void {
    for (const [group, members] of [...this.table]) {
      if (!members.delete(channel)) continue;
      if (members.size === 0) this.table.delete(group);
    }
  }

  /** Drops (and closes) members without a heartbeat for channelExpiredTimeout. */
  scanNotActiveChannel(): void {
    const now = this.now();
    for (const [group, members] of [...this.table]) {
      for (const info of removeExpiredChannels(members, now, this.channelExpiredTimeoutMs)) {
        this.logger.warn({ group, clientId: info.clientId, remoteAddress: info.channel.remoteAddress }, 'producer expired: no heartbeat');
        info.channel.close();
      }
      if (members.size === 0) this.table.delete(group);
    }
  }

  /** A member of the group to call back, chosen at random among the live ones. */
  getAvailableChannel(group: string): C | undefined {
    const members = this.table.get(group);
    if (members === undefined || members.size === 0) return undefined;
    const channels = [...members.keys()];
    return channels[Math.floor(Math.random() * channels.length)];
  }

  /** The member with this client id, in any group. */
  findChannel(clientId: string): C | undefined {
    for (const members of this.table.values()) {
      for (const info of members.values()) if (info.clientId === clientId) return info.channel;
    }
    return undefined;
  }
}
