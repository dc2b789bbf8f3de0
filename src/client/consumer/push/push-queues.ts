// The queues a push consumer reads, and how each one starts and stops: a new queue is locked
// (orderly CLUSTERING), given its start offset and a pull loop; a queue given away persists its
// offset and, orderly, is unlocked; a reset by the broker or PULL_OFFSET_MOVED restarts queues
// at new offsets through the next rebalance.
import type { Logger } from '../../../common/logger.js';
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';
import type { ClientInstance } from '../../instance/client-instance.js';
import type { PeriodicTask } from '../../instance/tasks/periodic-task.js';
import type { ConsumerErrorEvent } from '../consumer-api.js';
import type { ConsumerRpc } from '../consumer-rpc.js';
import type { PushConsumerSettings } from '../consumer-settings.js';
import type { DelayedTasks } from '../delayed-tasks.js';
import type { OffsetStore } from '../offset-store/offset-store.js';
import { ProcessQueue } from '../process-queue.js';
import type { HeldQueue } from '../rebalance/rebalance-diff.js';
import type { RebalanceScheduler } from '../rebalance/rebalance-scheduler.js';
import { computeStartOffset } from '../start-offset.js';
import type { OrderlyConsumeService } from './consume-orderly.js';
import { runPullLoop } from './pull-loop.js';
import type { ConsumeService, PushContext, PushQueue } from './push-context.js';
import type { QueueLocks } from './queue-locks.js';
import { settlesWithin } from './settles-within.js';

/** UNLOCK_DELAY_TIME_MILLS: an orderly queue given away with messages still cached is unlocked this much later. */
export const unlockDelayMs = 20_000;
/** How long a rebalance waits for an orderly queue's running handler before giving the queue away later. */
export const orderlyStopWaitMs = 1_000;
/** After PULL_OFFSET_MOVED: the pause before the new offset is stored and the queue restarted. */
export const offsetMovedRestartDelayMs = 10_000;

/** What only exists while the consumer runs. */
export interface PushRun {
  instance: ClientInstance;
  rpc: ConsumerRpc;
  offsetStore: OffsetStore;
  ctx: PushContext;
  consume: ConsumeService;
  orderly: OrderlyConsumeService | undefined;
  locks: QueueLocks;
  rebalance: RebalanceScheduler;
  persistTask: PeriodicTask;
}

/** What the queue table needs from its consumer. */
export interface PushQueuesHost {
  readonly settings: PushConsumerSettings;
  readonly delays: DelayedTasks;
  logger(): Logger | undefined;
  running(): boolean;
  failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void;
}

export class PushQueues {
  private readonly table = new Map<string, PushQueue>();

  constructor(private readonly host: PushQueuesHost) {}

  get(queue: MessageQueue): PushQueue | undefined {
    return this.table.get(mqKey(queue));
  }

  entries(): IterableIterator<PushQueue> {
    return this.table.values();
  }

  /** The queues read now (dropped ones left out). */
  assignment(): MessageQueue[] {
    return [...this.table.values()].filter((e) => !e.pq.dropped).map((e) => e.queue);
  }

  *held(): Iterable<HeldQueue> {
    for (const entry of this.table.values()) yield { queue: entry.queue, pullExpired: entry.pq.dropped || entry.pq.isPullExpired() };
  }

  clear(): void {
    this.table.clear();
  }

  /** A new queue: lock it (orderly CLUSTERING), find its start offset, start its pull loop. */
  async start(run: PushRun, queue: MessageQueue): Promise<boolean> {
    const { settings } = this.host;
    const orderlyClustering = settings.orderly && settings.messageModel === 'CLUSTERING';
    try {
      if (orderlyClustering && !(await run.locks.lock(queue))) return false;
      run.offsetStore.removeOffset(queue);
      const offset = await computeStartOffset(queue, settings, run.offsetStore, run.rpc);
      if (!this.host.running()) return false;
      const entry: PushQueue = { queue, pq: new ProcessQueue(), controller: new AbortController(), nextOffset: offset };
      if (orderlyClustering) {
        entry.pq.locked = true;
        entry.pq.lastLockTimestamp = Date.now();
      }
      this.table.set(mqKey(queue), entry);
      this.host.logger()?.debug({ queue, offset }, 'queue added');
      runPullLoop(run.ctx, run.consume, entry).catch((error: unknown) => this.host.failure('pull', queue, error));
      return true;
    } catch (error) {
      this.host.failure('rebalance', queue, error);
      return false;
    }
  }

  /** RocketMQ's removeUnnecessaryMessageQueue: persist and forget the offset; orderly: unlock. */
  async stop(run: PushRun, queue: MessageQueue): Promise<boolean> {
    const key = mqKey(queue);
    const entry = this.table.get(key);
    if (entry === undefined) return true;
    const { pq } = entry;
    pq.dropped = true;
    entry.controller.abort();
    const orderlyClustering = run.orderly !== undefined && this.host.settings.messageModel === 'CLUSTERING';
    if (orderlyClustering) {
      const loop = run.orderly!.runningLoop(pq);
      if (loop !== undefined && !(await settlesWithin(loop, orderlyStopWaitMs))) {
        pq.tryUnlockTimes++;
        this.host.logger()?.warn({ queue, tryUnlockTimes: pq.tryUnlockTimes }, 'orderly queue is still consuming; it is given away at a later rebalance');
        return false;
      }
    }
    await run.offsetStore.persist(queue, { oneway: false }).catch((error: unknown) => this.host.failure('commitOffset', queue, error));
    run.offsetStore.removeOffset(queue);
    this.table.delete(key);
    if (orderlyClustering) {
      const unlock = async (): Promise<void> => {
        if (this.table.has(key)) return;
        await run.locks.unlock([queue]);
      };
      const onError = (error: unknown): void => this.host.failure('lock', queue, error);
      if (pq.hasTempMessage()) this.host.delays.schedule(unlockDelayMs, unlock, onError);
      else await unlock().catch(onError);
    }
    return true;
  }

  /**
   * RESET_CONSUMER_CLIENT_OFFSET: the topic's queues stop and store the broker's new offsets; the
   * rebalance that follows starts them there.
   */
  async resetOffsets(run: PushRun, topic: string, offsets: ReadonlyMap<string, number>): Promise<void> {
    const { settings } = this.host;
    this.host.logger()?.info({ topic, queues: offsets.size }, 'offsets reset by the broker');
    for (const [key, entry] of [...this.table]) {
      const offset = offsets.get(key);
      if (entry.queue.topic !== topic || offset === undefined) continue;
      entry.pq.dropped = true;
      entry.controller.abort();
      run.offsetStore.updateOffset(entry.queue, offset, false);
      await run.offsetStore.persist(entry.queue, { oneway: false }).catch((error: unknown) => this.host.failure('commitOffset', entry.queue, error));
      run.offsetStore.removeOffset(entry.queue);
      this.table.delete(key);
      if (settings.orderly && settings.messageModel === 'CLUSTERING') {
        await run.locks.unlock([entry.queue]).catch((error: unknown) => this.host.failure('lock', entry.queue, error));
      }
    }
    await run.rebalance.request();
  }

  /** PULL_OFFSET_MOVED: stop now; after a pause store the broker's offset and let a rebalance restart the queue. */
  dropMoved(run: PushRun, entry: PushQueue): void {
    entry.pq.dropped = true;
    entry.controller.abort();
    this.host.delays.schedule(
      offsetMovedRestartDelayMs,
      async () => {
        run.offsetStore.updateOffset(entry.queue, entry.nextOffset, false);
        await run.offsetStore.persist(entry.queue, { oneway: false });
        if (this.table.get(mqKey(entry.queue)) === entry) this.table.delete(mqKey(entry.queue));
        run.offsetStore.removeOffset(entry.queue);
        await run.rebalance.request();
      },
      (error) => this.host.failure('commitOffset', entry.queue, error),
    );
  }
}
