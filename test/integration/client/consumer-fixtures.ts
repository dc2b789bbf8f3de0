// Shared bits of the consumer integration tests: a topic with 8 queues visible in the
// NameServer, producers and consumers with fresh instance names, and a collector that resolves
// when the messages a test waits for have arrived (or fails with what it has after a deadline).
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { eventually, fresh } from './client-fixtures.js';

export { eventually, fresh };

export const queueCount = 8;

/** Creates `topic` with `queues` read/write queues and waits until the NameServer routes it. */
export async function createTopic(namesrvAddr: string, brokerAddr: string, topic: string, queues = queueCount): Promise<void> {
  await using admin = createAdmin({ nameServer: namesrvAddr, instanceName: fresh('admin') });
  await admin.start();
  await admin.createTopic(topic, { brokerAddr }, { readQueueNums: queues, writeQueueNums: queues });
  await eventually(
    async () => ((await admin.topicRoute(topic).catch(() => undefined))?.queueDatas[0]?.writeQueueNums === queues ? true : undefined),
    `route of ${topic}`,
  );
}

/** Resolves when `predicate` holds over what was collected; rejects after `deadlineMs` with a description. */
export class Collector<T = ConsumedMessage> {
  readonly items: T[] = [];
  private waiters: Array<{ predicate: (items: T[]) => boolean; resolve: () => void }> = [];

  add(item: T): void {
    this.items.push(item);
    this.check();
  }

  async until(predicate: (items: T[]) => boolean, what: string, deadlineMs = 15_000): Promise<T[]> {
    if (predicate(this.items)) return this.items;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiters.push({ predicate, resolve });
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${this.items.length}`)), deadlineMs);
      });
    } finally {
      clearTimeout(timer);
    }
    return this.items;
  }

  /** Resolves when `count` items have been collected. */
  count(count: number, what = `${count} messages`, deadlineMs?: number): Promise<T[]> {
    return this.until((items) => items.length >= count, what, deadlineMs);
  }

  private check(): void {
    const ready = this.waiters.filter((w) => w.predicate(this.items));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

export const bodyText = (m: ConsumedMessage): string => m.body.toString('utf8');
export const queueName = (q: MessageQueue): string => `${q.brokerName}:${q.queueId}`;

/** Resolves once `holds()` is true, checking after every rebalance event of `consumers`. */
export async function untilRebalanced(
  consumers: ReadonlyArray<{ on(event: 'rebalance', l: () => void): unknown; off(event: 'rebalance', l: () => void): unknown }>,
  holds: () => boolean,
  what: string,
  deadlineMs = 15_000,
): Promise<void> {
  if (holds()) return;
  let listener: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      listener = () => {
        if (holds()) resolve();
      };
      for (const c of consumers) c.on('rebalance', listener);
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), deadlineMs);
    });
  } finally {
    clearTimeout(timer);
    for (const c of consumers) c.off('rebalance', listener);
  }
}

/** The queue ids of `topic` each consumer reads. */
export function queueIdsOf(consumers: ReadonlyArray<{ assignment(): MessageQueue[] }>, topic: string): number[][] {
  return consumers.map((c) => c.assignment().filter((q) => q.topic === topic).map((q) => q.queueId).sort((a, b) => a - b));
}

/** Each queue of 0..count-1 read by exactly one consumer, shares as even as AVG makes them. */
export function evenPartition(shares: number[][], count = queueCount): boolean {
  const all = shares.flat().sort((a, b) => a - b);
  if (all.length !== count || all.some((q, i) => q !== i)) return false;
  const sizes = shares.map((s) => s.length);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
}
