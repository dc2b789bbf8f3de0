// The queues a lite pull consumer reads, and how each one starts and stops: a new queue gets its
// start offset and a pull loop; a queue given away (unassigned, rebalanced away) is dropped with
// its cached batches and, with autoCommit, its consumed offset is committed first; a seek or an
// offset reset by the broker replaces a queue's record with one starting at the new offset.
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';
import type { ClientInstance } from '../../instance/client-instance.js';
import type { ConsumerErrorEvent } from '../consumer-api.js';
import type { ConsumerRpc } from '../consumer-rpc.js';
import type { LitePullConsumerSettings } from '../consumer-settings.js';
import type { OffsetStore } from '../offset-store/offset-store.js';
import type { RebalanceScheduler } from '../rebalance/rebalance-scheduler.js';
import { computeStartOffset } from '../start-offset.js';
import { runLitePullLoop, type LitePullContext } from './lite-pull-loop.js';
import { LiteQueue, type BatchCache } from './lite-queue.js';

/** What only exists while the consumer runs. */
export interface LiteRun {
  instance: ClientInstance;
  rpc: ConsumerRpc;
  offsetStore: OffsetStore;
  ctx: LitePullContext;
  rebalance: RebalanceScheduler | undefined;
}

/** What the queue table needs from its consumer. */
export interface LiteQueuesHost {
  readonly settings: LitePullConsumerSettings;
  readonly cache: BatchCache;
  running(): boolean;
  failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void;
}

/** Queues added and removed by one change of the assignment. */
export interface AssignmentChange {
  added: MessageQueue[];
  removed: MessageQueue[];
}

export class LiteQueues {
  private readonly table = new Map<string, LiteQueue>();

  constructor(private readonly host: LiteQueuesHost) {}

  get(queue: MessageQueue): LiteQueue | undefined {
    return this.table.get(mqKey(queue));
  }

  entries(): IterableIterator<LiteQueue> {
    return this.table.values();
  }

  assignment(): MessageQueue[] {
    return [...this.table.values()].map((e) => e.queue);
  }

  /** Drops every queue (the consumer stops); returns them for the last commit. */
  dropAll(): LiteQueue[] {
    const entries = [...this.table.values()];
    for (const entry of entries) entry.drop();
    return entries;
  }

  clear(): void {
    this.table.clear();
  }

  /** Makes the table read exactly `wanted` (assign()). */
  async apply(run: LiteRun, wanted: readonly MessageQueue[]): Promise<AssignmentChange> {
    const keys = new Map(wanted.map((q) => [mqKey(q), q]));
    const removed: MessageQueue[] = [];
    for (const [key, entry] of [...this.table]) {
      if (keys.has(key)) continue;
      await this.stop(run, entry.queue);
      removed.push(entry.queue);
    }
    const added: MessageQueue[] = [];
    for (const [key, queue] of keys) {
      if (!this.table.has(key) && (await this.start(run, queue))) added.push(queue);
    }
    return { added, removed };
  }

  /** A new queue: its start offset, then its pull loop. False when it could not start. */
  async start(run: LiteRun, queue: MessageQueue): Promise<boolean> {
    try {
      run.offsetStore.removeOffset(queue);
      const offset = await computeStartOffset(queue, this.host.settings, run.offsetStore, run.rpc);
      if (!this.host.running()) return false;
      this.launch(run, new LiteQueue(queue, offset));
      return true;
    } catch (error) {
      this.host.failure('rebalance', queue, error);
      return false;
    }
  }

  /** RocketMQ's removeUnnecessaryMessageQueue: with autoCommit the consumed offset is committed first. */
  async stop(run: LiteRun, queue: MessageQueue): Promise<void> {
    const key = mqKey(queue);
    const entry = this.table.get(key);
    if (entry === undefined) return;
    entry.drop();
    this.host.cache.remove(entry);
    this.table.delete(key);
    if (this.host.settings.autoCommit && entry.consumeOffset >= 0) run.offsetStore.updateOffset(queue, entry.consumeOffset, false);
    await run.offsetStore.persist(queue, { oneway: false }).catch((error: unknown) => this.host.failure('commitOffset', queue, error));
    run.offsetStore.removeOffset(queue);
  }

  /** A seek: the queue restarts at `offset` with an empty cache; what is consumed now counts from there. */
  replace(run: LiteRun, old: LiteQueue, offset: number): void {
    old.drop();
    this.host.cache.remove(old);
    const entry = new LiteQueue(old.queue, offset);
    entry.consumeOffset = offset;
    entry.paused = old.paused;
    this.launch(run, entry);
  }

  /** Every read queue's consumed offset into the store, then persisted. */
  async commitAll(run: LiteRun, oneway: boolean): Promise<void> {
    const queues: MessageQueue[] = [];
    for (const entry of this.table.values()) {
      queues.push(entry.queue);
      if (entry.consumeOffset >= 0) run.offsetStore.updateOffset(entry.queue, entry.consumeOffset, false);
    }
    await run.offsetStore.persistAll(queues, { oneway });
  }

  private launch(run: LiteRun, entry: LiteQueue): void {
    this.table.set(mqKey(entry.queue), entry);
    runLitePullLoop(run.ctx, entry).catch((error: unknown) => this.host.failure('pull', entry.queue, error));
  }
}
