// What a rebalance changes for one topic (RocketMQ's updateProcessQueueTableInRebalance, as
// data): the queues to stop reading — no longer allocated, or (push consumers) not pulled for
// pullMaxIdleTime — and the queues to start reading: allocated and not held, or held but idle
// (an idle queue is restarted with a fresh pull loop). Pure, so it can be tested alone.
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';

export interface HeldQueue {
  queue: MessageQueue;
  /** The queue's pull loop has been idle too long (ProcessQueue.isPullExpired). */
  pullExpired: boolean;
}

export interface RebalanceDiff {
  /** Held queues of the topic to stop reading. */
  removed: MessageQueue[];
  /** Allocated queues not held yet (or restarted because idle), in allocation order. */
  added: MessageQueue[];
  /** Held queues that stay. */
  kept: MessageQueue[];
}

/**
 * `held`: the queues of `topic` read now; `allocated`: the queues the strategy gave this client.
 * `dropIdle`: also restart held queues whose pull loop is idle (push consumers).
 */
export function rebalanceDiff(topic: string, held: Iterable<HeldQueue>, allocated: readonly MessageQueue[], dropIdle: boolean): RebalanceDiff {
  const allocatedKeys = new Set(allocated.map(mqKey));
  const heldKeys = new Set<string>();
  const diff: RebalanceDiff = { removed: [], added: [], kept: [] };
  for (const { queue, pullExpired } of held) {
    if (queue.topic !== topic) continue;
    const idle = dropIdle && pullExpired;
    if (!idle) heldKeys.add(mqKey(queue));
    if (!allocatedKeys.has(mqKey(queue)) || idle) diff.removed.push(queue);
    else diff.kept.push(queue);
  }
  for (const queue of allocated) if (!heldKeys.has(mqKey(queue))) diff.added.push(queue);
  return diff;
}
