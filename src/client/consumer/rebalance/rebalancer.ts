// One rebalance round of a consumer (RocketMQ's RebalanceImpl.doRebalance), for every subscribed
// topic (behaviours.md §7):
//   BROADCASTING  every readable queue of the topic;
//   CLUSTERING    the strategy's share of the sorted readable queues among the sorted member
//                 ids (GET_CONSUMER_LIST_BY_GROUP); this client absent from the list -> nothing.
// Queues that are no longer ours are stopped first (the host persists their offsets, unlocks);
// then new ones are started (the host computes the start offset, locks for orderly). Queues of
// topics no longer subscribed are stopped too. A topic whose route or member list is not known
// yet is left as it is, and the round reports it so the scheduler tries again soon. So is a
// member list without this client (the broker has not seen its heartbeat yet, e.g. after the
// broker restarted): RocketMQ would allocate nothing and drop every queue; we keep them, ask for
// a heartbeat and try again.
import { RocketMQError } from '../../../common/errors.js';
import type { MessageQueue } from '../../../common/message/message-queue.js';
import type { SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { sortAllocationInputs, type AllocateStrategy } from '../allocate/strategy.js';
import type { MessageModel, RebalanceEvent } from '../consumer-api.js';
import { rebalanceDiff, type HeldQueue } from './rebalance-diff.js';

export interface RebalanceHost {
  readonly group: string;
  readonly clientId: string;
  readonly messageModel: MessageModel;
  readonly strategy: AllocateStrategy;
  /** Restart queues whose pull loop is idle (push consumers). */
  readonly dropIdleQueues: boolean;
  subscriptions(): ReadonlyMap<string, SubscriptionData>;
  /** The topic's readable queues from the cached route; undefined when no route is known. */
  topicQueues(topic: string): readonly MessageQueue[] | undefined;
  consumerIds(topic: string): Promise<string[]>;
  /** Every queue held now, all topics. */
  heldQueues(): Iterable<HeldQueue>;
  /** Stops reading a queue; false when it cannot stop now (orderly: a handler is running), to be retried next round. */
  stopQueue(queue: MessageQueue): Promise<boolean>;
  /** Starts reading a queue; false when it cannot start now (no start offset, lock refused). */
  startQueue(queue: MessageQueue): Promise<boolean>;
  onRebalanced(event: RebalanceEvent): void;
  /** The member list lacks this client: a heartbeat is due. */
  onSelfMissing(topic: string): void;
  onTopicFailed(topic: string, error: Error): void;
}

/** A topic's rebalance failed (its member list or a queue start could not be had); the cause says why. */
export class RebalanceTopicError extends RocketMQError {
  override readonly name = 'RebalanceTopicError';
  constructor(
    readonly topic: string,
    cause: Error,
  ) {
    super(`rebalance of ${topic} failed: ${cause.message}`, { retry: cause instanceof RocketMQError ? cause.retry : 'never', cause });
  }
}

/** Rebalances every subscribed topic once; resolves true when some topic must be tried again soon. */
export async function rebalanceOnce(host: RebalanceHost): Promise<boolean> {
  let retrySoon = false;
  const subscriptions = host.subscriptions();
  for (const topic of subscriptions.keys()) {
    try {
      if (!(await rebalanceTopic(host, topic))) retrySoon = true;
    } catch (error) {
      retrySoon = true;
      host.onTopicFailed(topic, error as Error);
    }
  }
  for (const { queue } of [...host.heldQueues()]) {
    if (!subscriptions.has(queue.topic)) await host.stopQueue(queue);
  }
  return retrySoon;
}

/** Resolves false when the topic's route or members are unknown, or a queue could not change. */
async function rebalanceTopic(host: RebalanceHost, topic: string): Promise<boolean> {
  const all = host.topicQueues(topic);
  if (all === undefined || all.length === 0) return false;
  let allocated: readonly MessageQueue[];
  if (host.messageModel === 'BROADCASTING') {
    allocated = all;
  } else {
    const ids = await host.consumerIds(topic);
    if (ids.length === 0) return false;
    if (!ids.includes(host.clientId)) {
      host.onSelfMissing(topic);
      return false;
    }
    const { mqAll, cidAll } = sortAllocationInputs(all, ids);
    allocated = host.strategy.allocate(host.group, host.clientId, mqAll, cidAll);
  }
  const diff = rebalanceDiff(topic, host.heldQueues(), allocated, host.dropIdleQueues);
  let complete = true;
  const removed: MessageQueue[] = [];
  for (const queue of diff.removed) {
    if (await host.stopQueue(queue)) removed.push(queue);
    else complete = false;
  }
  const added: MessageQueue[] = [];
  for (const queue of diff.added) {
    if (await host.startQueue(queue)) added.push(queue);
    else complete = false;
  }
  if (removed.length > 0 || added.length > 0) {
    const assigned = [...host.heldQueues()].map((h) => h.queue).filter((q) => q.topic === topic);
    host.onRebalanced({ topic, assigned, added, removed });
  }
  return complete;
}
