// Where a consumer starts reading a queue it was just given (RocketMQ's
// RebalancePushImpl.computePullFromWhereWithException, behaviours.md §5): the group's stored
// offset when there is one; otherwise by consumeFromWhere:
//   LAST_OFFSET   retry topics 0, other topics the queue's max offset (GET_MAX_OFFSET)
//   FIRST_OFFSET  0
//   TIMESTAMP     retry topics the max offset, other topics SEARCH_OFFSET_BY_TIMESTAMP(consumeTimestamp)
// (The broker itself answers a stored offset of 0 for a queue whose first message is still in
// memory, which is why a new group usually starts such queues from their beginning.)
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { ConsumeFromWhere } from './consumer-api.js';
import type { OffsetStore } from './offset-store/offset-store.js';
import { isRetryTopic } from './subscription.js';

/** The queue-offset calls a start needs (ConsumerRpc implements them). */
export interface QueueOffsetCalls {
  maxOffset(queue: MessageQueue): Promise<number>;
  searchOffset(queue: MessageQueue, timestamp: number): Promise<number>;
}

export interface StartOffsetSettings {
  consumeFromWhere: ConsumeFromWhere;
  /** ms since the epoch, for TIMESTAMP. */
  consumeTimestamp: number;
}

/** The offset to start `queue` at; rejects when the store or the broker cannot answer. */
export async function computeStartOffset(queue: MessageQueue, settings: StartOffsetSettings, store: OffsetStore, calls: QueueOffsetCalls): Promise<number> {
  const stored = await store.readOffset(queue, 'store');
  if (stored >= 0) return stored;
  switch (settings.consumeFromWhere) {
    case 'LAST_OFFSET':
      return isRetryTopic(queue.topic) ? 0 : calls.maxOffset(queue);
    case 'FIRST_OFFSET':
      return 0;
    case 'TIMESTAMP':
      return isRetryTopic(queue.topic) ? calls.maxOffset(queue) : calls.searchOffset(queue, settings.consumeTimestamp);
  }
}
