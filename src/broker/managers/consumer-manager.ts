// Live consumer groups (ConsumerManager): group -> members (one per connection) and
// subscriptions, from heartbeats. A member leaves when it unregisters, when its connection
// closes, or when it sends no heartbeat for channelExpiredTimeout (scanned every
// clientChannelScanIntervalMs by the broker). Whenever a group's membership or subscribed
// topics change, the change listeners get the group and its remaining members: the broker tells
// each of them to rebalance (NOTIFY_CONSUMER_IDS_CHANGED).
import type { Logger } from '../../common/logger.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import { removeExpiredChannels, type ClientChannel, type ClientChannelInfo } from './client-channel.js';
import { ConsumerGroupInfo, type ConsumeMode } from './consumer-group-info.js';

/** How often the broker looks for clients that stopped sending heartbeats (ClientHousekeepingService). */
export const clientChannelScanIntervalMs = 10_000;

export type ConsumerIdsChangeListener<C extends ClientChannel> = (group: string, members: C[]) => void;

export interface ConsumerManagerOptions {
  channelExpiredTimeoutMs: number;
  logger: Logger;
  now?: () => number;
}

export class ConsumerManager<C extends ClientChannel> {
  private readonly table = new Map<string, ConsumerGroupInfo<C>>();
  private readonly listeners = new Set<ConsumerIdsChangeListener<C>>();
  private readonly channelExpiredTimeoutMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(options: ConsumerManagerOptions) {
    this.channelExpiredTimeoutMs = options.channelExpiredTimeoutMs;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** Listens to membership changes; returns the function that stops listening. */
  onConsumerIdsChanged(listener: ConsumerIdsChangeListener<C>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get groups(): ReadonlyMap<string, ConsumerGroupInfo<C>> {
    return this.table;
  }

  getConsumerGroupInfo(group: string): ConsumerGroupInfo<C> | undefined {
    return this.table.get(group);
  }

  findChannel(group: string, clientId: string): ClientChannelInfo<C> | undefined {
    return this.table.get(group)?.findChannel(clientId);
  }

  findSubscriptionData(group: string, topic: string): SubscriptionData | undefined {
    return this.table.get(group)?.subscriptions.get(topic);
  }

  /** Groups with a live member subscribed to `topic`. */
  queryTopicConsumeByWho(topic: string): Set<string> {
    const groups = new Set<string>();
    for (const [name, info] of this.table) if (info.subscriptions.has(topic)) groups.add(name);
    return groups;
  }

  /**
   * A heartbeat of one member of `group`. Returns true when the group's members or subscribed
   * topics changed; the listeners hear of it when `notify` (the group's
   * notifyConsumerIdsChangedEnable).
   */
  registerConsumer(
    group: string,
    info: ClientChannelInfo<C>,
    mode: ConsumeMode,
    subscriptions: readonly SubscriptionData[],
    notify: boolean,
  ): boolean {
    const now = this.now();
    let groupInfo = this.table.get(group);
    if (groupInfo === undefined) {
      groupInfo = new ConsumerGroupInfo<C>(group, mode, now);
      this.table.set(group, groupInfo);
    }
    const newMember = groupInfo.updateChannel(info, mode, now);
    if (newMember) this.logger.info({ group, clientId: info.clientId, remoteAddress: info.channel.remoteAddress }, 'consumer joined');
    const newTopics = groupInfo.updateSubscription(subscriptions, now);
    const changed = newMember || newTopics;
    if (changed && notify) this.changed(group, groupInfo.allChannels());
    return changed;
  }

  /** UNREGISTER_CLIENT of a member, on the connection it registered on. */
  unregisterConsumer(group: string, channel: C, notify: boolean): void {
    const groupInfo = this.table.get(group);
    if (groupInfo === undefined) return;
    const info = groupInfo.channels.get(channel);
    if (info === undefined) return;
    groupInfo.channels.delete(channel);
    this.logger.info({ group, clientId: info.clientId }, 'consumer unregistered');
    if (groupInfo.channels.size === 0) this.table.delete(group);
    if (notify) this.changed(group, groupInfo.allChannels());
  }

  /** The connection closed: it leaves every group it was in. */
  doChannelCloseEvent(channel: C): void {
    for (const [group, groupInfo] of [...this.table]) {
      const info = groupInfo.channels.get(channel);
      if (info === undefined) continue;
      groupInfo.channels.delete(channel);
      this.logger.info({ group, clientId: info.clientId, remoteAddress: channel.remoteAddress }, 'consumer connection closed');
      if (groupInfo.channels.size === 0) this.table.delete(group);
      this.changed(group, groupInfo.allChannels());
    }
  }

  /** Drops (and closes) members without a heartbeat for channelExpiredTimeout. */
  scanNotActiveChannel(): void {
    const now = this.now();
    for (const [group, groupInfo] of [...this.table]) {
      const expired = removeExpiredChannels(groupInfo.channels, now, this.channelExpiredTimeoutMs);
      if (expired.length === 0) continue;
      for (const info of expired) {
        this.logger.warn({ group, clientId: info.clientId, remoteAddress: info.channel.remoteAddress }, 'consumer expired: no heartbeat');
        info.channel.close();
      }
      if (groupInfo.channels.size === 0) this.table.delete(group);
      this.changed(group, groupInfo.allChannels());
    }
  }

  private changed(group: string, members: C[]): void {
    for (const listener of this.listeners) {
      try {
        listener(group, members);
      } catch (err) {
        this.logger.error({ err, group }, 'consumer ids change listener failed');
      }
    }
  }
}
