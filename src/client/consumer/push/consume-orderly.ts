// Orderly consumption (RocketMQ's ConsumeMessageOrderlyService): one consume loop per queue takes
// consumeMessageBatchMaxSize messages at a time from the front of the queue's cache and runs the
// handler, so a queue's messages are handled one batch after another, in queue order. In
// CLUSTERING a loop runs only while the queue is locked at the broker and the lock is fresh
// (renewed every 20 s by lockAll); otherwise it tries to lock again later and stops.
// After the handler:
//   CONSUME_SUCCESS  -> the batch is committed (offset = its highest + 1);
//   RECONSUME_LATER  -> each message's reconsumeTimes goes up and the batch goes back to the
//                       front; the queue waits suspendCurrentQueueTimeMs and tries again.
//                       A message already retried maxReconsumeTimes times is sent to
//                       %RETRY%group with j = reconsumeTimes >= l = maxReconsumeTimes, which the
//                       broker turns into %DLQ%group; once sent, the batch is committed.
// A loop yields after 60 s of continuous consumption so other work is not starved.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { PropertyKey } from '../../../common/message/property-keys.js';
import { setMessageProperty } from '../../instance/received-message.js';
import { PeriodicTask } from '../../instance/tasks/periodic-task.js';
import type { ConsumeContext, ConsumedMessage, ConsumeStatus } from '../consumer-api.js';
import type { ProcessQueue } from '../process-queue.js';
import type { ConsumeService, PushContext, PushQueue } from './push-context.js';
import { lockInitialDelayMs, lockIntervalMs, type QueueLocks } from './queue-locks.js';

/** MAX_TIME_CONSUME_CONTINUOUSLY */
export const consumeContinuouslyMaxMs = 60_000;
/** Waits before trying a lock again: while locked but expired, and when not locked. */
export const relockDelayWhenExpiredMs = 10;
export const relockDelayWhenUnlockedMs = 100;
/** Wait after a failed lock before consuming is tried again. */
export const consumeDelayAfterLockFailureMs = 3_000;
/** Wait before a loop that yielded runs again. */
export const consumeAgainDelayMs = 10;

export class OrderlyConsumeService implements ConsumeService {
  /** Queues whose loop is running now (Java's per-queue lock object). */
  private readonly running = new Map<ProcessQueue, Promise<void>>();
  /** Queues asked to run while their loop was running: run once more when it ends. */
  private readonly runAgain = new Set<ProcessQueue>();
  private readonly lockTask: PeriodicTask | undefined;

  constructor(
    private readonly ctx: PushContext,
    private readonly locks: QueueLocks,
  ) {
    if (ctx.settings.messageModel === 'CLUSTERING') {
      this.lockTask = new PeriodicTask(
        'lockAll',
        () => this.locks.lockAll((_brokerName, error) => ctx.failure('lock', undefined, error)),
        { initialDelayMs: lockInitialDelayMs, intervalMs: lockIntervalMs, onError: (error) => ctx.failure('lock', undefined, error) },
      );
    }
  }

  start(): void {
    this.lockTask?.start();
  }

  submit(_messages: ConsumedMessage[], entry: PushQueue, dispatch: boolean): void {
    if (dispatch) this.schedule(entry, 0);
  }

  async shutdown(): Promise<void> {
    await this.lockTask?.stop();
  }

  /** The running handler of a queue, if any (a rebalance waits for it before unlocking). */
  runningLoop(pq: ProcessQueue): Promise<void> | undefined {
    return this.running.get(pq);
  }

  private schedule(entry: PushQueue, delayMs: number): void {
    const { pq } = entry;
    const run = (): void => {
      if (pq.dropped) return;
      if (this.running.has(pq)) {
        this.runAgain.add(pq);
        return;
      }
      const loop = this.consumeLoop(entry).finally(() => {
        this.running.delete(pq);
        if (this.runAgain.delete(pq)) run();
      });
      this.running.set(pq, loop);
      this.ctx.track(loop);
    };
    if (delayMs === 0) run();
    else this.ctx.delays.schedule(delayMs, run, (error) => this.ctx.failure('pull', entry.queue, error));
  }

  private tryLockLater(entry: PushQueue, delayMs: number): void {
    this.ctx.delays.schedule(
      delayMs,
      async () => {
        let locked = false;
        try {
          locked = await this.lock(entry);
        } catch (error) {
          this.ctx.failure('lock', entry.queue, error);
        }
        this.schedule(entry, locked ? consumeAgainDelayMs : consumeDelayAfterLockFailureMs);
      },
      (error) => this.ctx.failure('lock', entry.queue, error),
    );
  }

  private async lock(entry: PushQueue): Promise<boolean> {
    if (entry.pq.dropped) return false;
    return this.locks.lock(entry.queue);
  }

  private async consumeLoop(entry: PushQueue): Promise<void> {
    const { ctx } = this;
    const { pq } = entry;
    const clustering = ctx.settings.messageModel === 'CLUSTERING';
    if (clustering && (!pq.locked || pq.isLockExpired())) {
      this.tryLockLater(entry, relockDelayWhenUnlockedMs);
      return;
    }
    const beginAt = Date.now();
    while (!pq.dropped && !ctx.stopping()) {
      if (clustering && !pq.locked) {
        this.tryLockLater(entry, relockDelayWhenExpiredMs);
        return;
      }
      if (clustering && pq.isLockExpired()) {
        this.tryLockLater(entry, relockDelayWhenExpiredMs);
        return;
      }
      if (Date.now() - beginAt > consumeContinuouslyMaxMs) {
        this.schedule(entry, consumeAgainDelayMs);
        return;
      }
      const batch = pq.takeMessages(ctx.settings.consumeMessageBatchMaxSize);
      if (batch.length === 0) return;
      const context: ConsumeContext = {
        messageQueue: entry.queue,
        delayLevelWhenNextConsume: 0,
        suspendCurrentQueueTimeMs: ctx.settings.suspendCurrentQueueTimeMs,
      };
      let status: ConsumeStatus;
      await ctx.limiter.acquire();
      try {
        if (pq.dropped || ctx.stopping()) {
          pq.makeMessagesToConsumeAgain(batch);
          return;
        }
        const startedAt = String(Date.now());
        for (const m of batch) setMessageProperty(m, PropertyKey.CONSUME_START_TIMESTAMP, startedAt);
        status = await ctx.callHandler(batch, context);
      } finally {
        ctx.limiter.release();
      }
      if (!(await this.processResult(status, batch, context, entry))) return;
    }
  }

  /** Resolves whether the loop goes on. */
  private async processResult(status: ConsumeStatus, batch: ConsumedMessage[], context: ConsumeContext, entry: PushQueue): Promise<boolean> {
    const { ctx } = this;
    const { pq, queue } = entry;
    if (status === 'RECONSUME_LATER' && (await this.mustSuspend(batch, queue))) {
      pq.makeMessagesToConsumeAgain(batch);
      this.schedule(entry, Math.max(context.suspendCurrentQueueTimeMs, consumeAgainDelayMs));
      return false;
    }
    const offset = pq.commit();
    if (offset >= 0 && !pq.dropped) ctx.offsetStore.updateOffset(queue, offset, false);
    return true;
  }

  /**
   * RocketMQ's checkReconsumeTimes: messages under maxReconsumeTimes count one more retry and
   * ask for a suspension; the others go to the DLQ (via %RETRY% with j >= l); one that cannot be
   * sent stays and asks for a suspension too.
   */
  private async mustSuspend(batch: ConsumedMessage[], queue: MessageQueue): Promise<boolean> {
    const { ctx } = this;
    const max = ctx.settings.maxReconsumeTimes;
    let suspend = false;
    for (const message of batch) {
      if (message.reconsumeTimes >= max) {
        try {
          await ctx.retrySender.send(message, message.reconsumeTimes, max);
          continue;
        } catch (error) {
          ctx.failure('sendBack', queue, error);
        }
      }
      suspend = true;
      message.reconsumeTimes++;
    }
    return suspend;
  }
}
