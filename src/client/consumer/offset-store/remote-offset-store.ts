// CLUSTERING offsets live at the brokers (RocketMQ's RemoteBrokerOffsetStore): QUERY_CONSUMER_OFFSET
// reads one (QUERY_NOT_FOUND = none), UPDATE_CONSUMER_OFFSET writes one to the master of the
// queue's broker group — oneway for the periodic persist, awaited at shutdown and commitSync.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { noOffset, OffsetTable, type OffsetStore, type ReadOffsetFrom } from './offset-store.js';

/** The calls the store makes (ConsumerRpc implements them). */
export interface RemoteOffsetCalls {
  queryConsumerOffset(queue: MessageQueue): Promise<number | undefined>;
  updateConsumerOffset(queue: MessageQueue, offset: number, oneway: boolean): Promise<void>;
}

export class RemoteOffsetStore implements OffsetStore {
  private readonly table = new OffsetTable();

  constructor(private readonly calls: RemoteOffsetCalls) {}

  async load(): Promise<void> {}

  updateOffset(queue: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.table.update(queue, offset, increaseOnly);
  }

  async readOffset(queue: MessageQueue, from: ReadOffsetFrom): Promise<number> {
    if (from !== 'store') {
      const cached = this.table.get(queue);
      if (cached !== undefined || from === 'memory') return cached ?? noOffset;
    }
    const stored = await this.calls.queryConsumerOffset(queue);
    if (stored === undefined) return noOffset;
    this.table.update(queue, stored, false);
    return stored;
  }

  /** Sends every cached offset of `queues`; a failure of one queue does not stop the others, the first is rethrown. */
  async persistAll(queues: readonly MessageQueue[], options: { oneway?: boolean } = {}): Promise<void> {
    const entries = this.table.retain(queues);
    const outcomes = await Promise.allSettled(entries.map(([queue, offset]) => this.calls.updateConsumerOffset(queue, offset, options.oneway ?? true)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  async persist(queue: MessageQueue, options: { oneway?: boolean } = {}): Promise<void> {
    const offset = this.table.get(queue);
    if (offset !== undefined) await this.calls.updateConsumerOffset(queue, offset, options.oneway ?? true);
  }

  removeOffset(queue: MessageQueue): void {
    this.table.delete(queue);
  }
}
