// One consumer group's live members and subscriptions (ConsumerGroupInfo), as the heartbeats
// of its clients describe them. updateChannel and updateSubscription report whether the
// membership or the subscribed topics changed: only then are the members told to rebalance.
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { ClientChannel, ClientChannelInfo } from './client-channel.js';

/** How a group consumes, from its heartbeats (ConsumerData; a client may leave a field out). */
export interface ConsumeMode {
  /** "CONSUME_ACTIVELY" (pull) or "CONSUME_PASSIVELY" (push). */
  consumeType?: string;
  /** "CLUSTERING" or "BROADCASTING". */
  messageModel?: string;
  consumeFromWhere?: string;
}

export class ConsumerGroupInfo<C extends ClientChannel> {
  readonly channels = new Map<C, ClientChannelInfo<C>>();
  /** topic -> the newest subscription (by subVersion). */
  readonly subscriptions = new Map<string, SubscriptionData>();
  mode: ConsumeMode;
  lastUpdateTimestamp: number;

  constructor(
    readonly groupName: string,
    mode: ConsumeMode,
    now: number,
  ) {
    this.mode = mode;
    this.lastUpdateTimestamp = now;
  }

  /** Adds or refreshes a member; true when it is new to the group. */
  updateChannel(info: ClientChannelInfo<C>, mode: ConsumeMode, now: number): boolean {
    this.mode = mode;
    this.lastUpdateTimestamp = now;
    const existing = this.channels.get(info.channel);
    if (existing !== undefined && existing.clientId === info.clientId) {
      existing.lastUpdateTimestamp = now;
      return false;
    }
    // A new member, or (never seen from real clients) a connection that changed its client id.
    info.lastUpdateTimestamp = now;
    this.channels.set(info.channel, info);
    return existing === undefined;
  }

  /**
   * Takes the group's subscriptions from a heartbeat: a topic not seen before or no longer
   * listed is a change; a newer subVersion of a known topic replaces it without being one.
   */
  updateSubscription(subscriptions: readonly SubscriptionData[], now: number): boolean {
    let changed = false;
    const listed = new Set<string>();
    for (const sub of subscriptions) {
      listed.add(sub.topic);
      const old = this.subscriptions.get(sub.topic);
      if (old === undefined) {
        this.subscriptions.set(sub.topic, sub);
        changed = true;
      } else if (sub.subVersion > old.subVersion) {
        this.subscriptions.set(sub.topic, sub);
      }
    }
    for (const topic of [...this.subscriptions.keys()]) {
      if (!listed.has(topic)) {
        this.subscriptions.delete(topic);
        changed = true;
      }
    }
    this.lastUpdateTimestamp = now;
    return changed;
  }

  findChannel(clientId: string): ClientChannelInfo<C> | undefined {
    for (const info of this.channels.values()) if (info.clientId === clientId) return info;
    return undefined;
  }

  allClientIds(): string[] {
    return [...this.channels.values()].map((info) => info.clientId);
  }

  allChannels(): C[] {
    return [...this.channels.keys()];
  }
}
