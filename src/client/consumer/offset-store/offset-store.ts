// Where a consumer keeps the offset it has consumed up to, per queue (RocketMQ's OffsetStore):
// in memory while consuming, persisted every persistConsumerOffsetInterval and at shutdown —
// at the brokers for CLUSTERING (remote-offset-store.ts), in a local file for BROADCASTING
// (local-offset-store.ts). An offset is the next one to consume.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { mqKey } from '../../../common/message/message-queue.js';

/** memory: the cached value only; store: the broker or file (cached after); memoryThenStore: the cache, else the store. */
export type ReadOffsetFrom = 'memory' | 'store' | 'memoryThenStore';

/** What readOffset answers when there is no offset. */
export const noOffset = -1;

export interface OffsetStore {
  /** Reads what is persisted locally (the file); nothing for the remote store. */
  load(): Promise<void>;
  /** Sets the cached offset; with `increaseOnly` a lower value is ignored. */
  updateOffset(queue: MessageQueue, offset: number, increaseOnly: boolean): void;
  /** The offset, or noOffset (-1) when there is none; rejects when the store cannot be read. */
  readOffset(queue: MessageQueue, from: ReadOffsetFrom): Promise<number>;
  /** Persists the cached offsets of `queues`; the cached offsets of other queues are forgotten. */
  persistAll(queues: readonly MessageQueue[], options?: { oneway?: boolean }): Promise<void>;
  /** Persists one queue's cached offset. */
  persist(queue: MessageQueue, options?: { oneway?: boolean }): Promise<void>;
  /** Forgets a queue's cached offset. */
  removeOffset(queue: MessageQueue): void;
}

/** The key of each queue object seen (consumers pass the same queue objects again and again). */
const keys = new WeakMap<MessageQueue, string>();

function keyOf(queue: MessageQueue): string {
  let key = keys.get(queue);
  if (key === undefined) {
    key = mqKey(queue);
    keys.set(queue, key);
  }
  return key;
}

/** The in-memory part both stores share. */
export class OffsetTable {
  private readonly table = new Map<string, { queue: MessageQueue; offset: number }>();

  update(queue: MessageQueue, offset: number, increaseOnly: boolean): void {
    const key = keyOf(queue);
    const current = this.table.get(key);
    if (current === undefined) this.table.set(key, { queue, offset });
    else if (!increaseOnly || offset > current.offset) current.offset = offset;
  }

  get(queue: MessageQueue): number | undefined {
    return this.table.get(keyOf(queue))?.offset;
  }

  delete(queue: MessageQueue): void {
    this.table.delete(keyOf(queue));
  }

  /** Forgets every queue not in `keep`; returns the remaining entries. */
  retain(keep: readonly MessageQueue[]): Array<[MessageQueue, number]> {
    const keys = new Set(keep.map(mqKey));
    for (const key of [...this.table.keys()]) if (!keys.has(key)) this.table.delete(key);
    return this.entries();
  }

  entries(): Array<[MessageQueue, number]> {
    return [...this.table.values()].map(({ queue, offset }) => [queue, offset]);
  }
}
