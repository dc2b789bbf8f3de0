// Broker queue locks of an orderly CLUSTERING consumer (RebalanceImpl.lock / lockAll / unlock,
// behaviours.md §8): LOCK_BATCH_MQ answers the queues this client holds now; a queue is consumed
// only while locked, and a lock not renewed within 30 s counts as lost. lockAll runs every 20 s
// (first after 1 s) over every held queue, per broker; queues missing from an answer are marked
// unlocked, so their consumption stops until a later lock succeeds.
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';
import type { ConsumerRpc } from '../consumer-rpc.js';
import type { ProcessQueue } from '../process-queue.js';

/** rocketmq.client.rebalance.lockInterval */
export const lockIntervalMs = 20_000;
/** First lockAll after start. */
export const lockInitialDelayMs = 1_000;

export interface LockedQueueTable {
  /** The held queue's cache and flags, if the queue is held. */
  processQueueOf(queue: MessageQueue): ProcessQueue | undefined;
  heldQueues(): Iterable<MessageQueue>;
}

export class QueueLocks {
  constructor(
    private readonly rpc: ConsumerRpc,
    private readonly table: LockedQueueTable,
  ) {}

  /** Locks one queue; true when this client holds it now. Marks the held queue's cache. */
  async lock(queue: MessageQueue): Promise<boolean> {
    const locked = await this.rpc.lockBatch(queue.brokerName, [queue]);
    const now = Date.now();
    for (const mq of locked) this.mark(mq, true, now);
    return locked.some((mq) => mqKey(mq) === mqKey(queue));
  }

  /** Renews the locks of every held queue, broker by broker; failures of one broker leave its queues as they are. */
  async lockAll(onError: (brokerName: string, error: unknown) => void): Promise<void> {
    await Promise.all(
      [...byBroker(this.table.heldQueues())].map(async ([brokerName, queues]) => {
        try {
          const locked = new Set((await this.rpc.lockBatch(brokerName, queues)).map(mqKey));
          const now = Date.now();
          for (const queue of queues) this.mark(queue, locked.has(mqKey(queue)), now);
        } catch (error) {
          onError(brokerName, error);
        }
      }),
    );
  }

  async unlock(queues: readonly MessageQueue[]): Promise<void> {
    await Promise.all(
      [...byBroker(queues)].map(async ([brokerName, list]) => {
        await this.rpc.unlockBatch(brokerName, list);
        for (const queue of list) {
          const pq = this.table.processQueueOf(queue);
          if (pq !== undefined) pq.locked = false;
        }
      }),
    );
  }

  private mark(queue: MessageQueue, locked: boolean, now: number): void {
    const pq = this.table.processQueueOf(queue);
    if (pq === undefined) return;
    pq.locked = locked;
    if (locked) pq.lastLockTimestamp = now;
  }
}

function byBroker(queues: Iterable<MessageQueue>): Map<string, MessageQueue[]> {
  const groups = new Map<string, MessageQueue[]>();
  for (const queue of queues) {
    const list = groups.get(queue.brokerName);
    if (list === undefined) groups.set(queue.brokerName, [queue]);
    else list.push(queue);
  }
  return groups;
}
