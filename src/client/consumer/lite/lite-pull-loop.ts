// The pull loop of one queue of a lite pull consumer (DefaultLitePullConsumerImpl.PullTaskImpl),
// run until the queue is dropped (unassigned, rebalanced away, sought) or the consumer stops:
// paused -> wait 1 s; more than pullThresholdForAll messages cached over all queues, or the
// queue's own cache over its count, size or span limits -> wait 50 ms; else PULL_MESSAGE from
// pullOffset with sysFlag suspend | subscription | litePull (the broker holds it up to 20 s)
// and the batch goes to the cache for poll(). NO_NEW_MSG, NO_MATCHED_MSG and OFFSET_ILLEGAL move
// pullOffset to nextBeginOffset, and so does consumeOffset when nothing of the queue is waiting
// (filtered-out messages count as consumed). A failure waits 1 s.
import type { SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { PullSysFlag } from '../../../remoting/protocol/headers/pull.js';
import { untilAborted } from '../../producer/send-with-retries.js';
import type { ConsumerErrorEvent } from '../consumer-api.js';
import type { LitePullConsumerSettings } from '../consumer-settings.js';
import { pullSuspendRpcTimeoutMs, type ConsumerRpc } from '../consumer-rpc.js';
import type { DelayedTasks } from '../delayed-tasks.js';
import { flowControlDelayMs, flowControlReason } from '../flow-control.js';
import type { PullResult } from '../pull-result.js';
import type { BatchCache, LiteQueue } from './lite-queue.js';

/** brokerSuspendMaxTimeMillis of the lite pull consumer. */
export const liteBrokerSuspendMaxTimeMs = 20_000;
/** PULL_TIME_DELAY_MILLS_WHEN_PAUSE */
export const pullDelayWhenPausedMs = 1_000;
/** PULL_TIME_DELAY_MILLS_ON_EXCEPTION */
export const litePullDelayAfterErrorMs = 1_000;

export interface LitePullContext {
  settings: LitePullConsumerSettings;
  rpc: ConsumerRpc;
  cache: BatchCache;
  delays: DelayedTasks;
  subscription(topic: string): SubscriptionData | undefined;
  failure(operation: ConsumerErrorEvent['operation'], entry: LiteQueue, error: unknown): void;
}

export async function runLitePullLoop(ctx: LitePullContext, entry: LiteQueue): Promise<void> {
  const signal = entry.controller.signal;
  while (!entry.dropped) {
    const delayMs = await pullOnce(ctx, entry);
    if (delayMs > 0 && !entry.dropped) await ctx.delays.sleep(delayMs, signal);
  }
}

async function pullOnce(ctx: LitePullContext, entry: LiteQueue): Promise<number> {
  const { settings } = ctx;
  if (entry.paused) return pullDelayWhenPausedMs;
  if (ctx.cache.messageCount > settings.pullThresholdForAll) return flowControlDelayMs;
  const limits = { countMax: settings.pullThresholdForQueue, sizeBytesMax: settings.pullThresholdSizeForQueueBytes, spanMax: settings.consumeMaxSpan };
  if (flowControlReason(entry.pq, limits) !== undefined) return flowControlDelayMs;
  const subscription = ctx.subscription(entry.queue.topic);
  if (subscription === undefined) return litePullDelayAfterErrorMs;
  entry.pq.lastPullTimestamp = Date.now();
  let result: PullResult;
  try {
    result = await untilAborted(
      ctx.rpc.pull({
        queue: entry.queue,
        subscription,
        offset: entry.pullOffset,
        maxMsgNums: settings.pullBatchSize,
        sysFlag: PullSysFlag.suspend | PullSysFlag.subscription | PullSysFlag.litePull,
        commitOffset: 0,
        suspendTimeoutMs: liteBrokerSuspendMaxTimeMs,
        timeoutMs: pullSuspendRpcTimeoutMs,
      }),
      entry.controller.signal,
    );
  } catch (error) {
    if (entry.dropped) return 0;
    ctx.failure('pull', entry, error);
    return litePullDelayAfterErrorMs;
  }
  if (entry.dropped) return 0;
  entry.pullOffset = result.nextBeginOffset;
  for (const bad of result.undecodable) ctx.failure('decode', entry, bad.error);
  if (result.status === 'FOUND' && result.messages.length > 0) {
    entry.pq.putMessages(result.messages);
    ctx.cache.push({ entry, messages: result.messages });
  } else if (entry.pq.messageCount === 0) {
    entry.consumeOffset = entry.pullOffset;
  }
  return 0;
}
