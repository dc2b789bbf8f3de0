// The pull loop of one queue of a push consumer (DefaultMQPushConsumerImpl.pullMessage and its
// PullCallback), run until the queue is dropped or the consumer stops:
//   1. flow control: too many or too large cached messages, or (concurrent) too wide an offset
//      span -> try again after 50 ms;
//   2. orderly, CLUSTERING: not locked at the broker -> try again after 3 s;
//   3. PULL_MESSAGE, long polling: sysFlag suspend, plus commitOffset when the cached offset of
//      a CLUSTERING consumer is > 0 (the broker stores it before suspending), plus subscription
//      when postSubscriptionWhenPull; the broker holds it up to 15 s, the RPC waits 30 s;
//   4. FOUND -> cache the messages and hand them to the consume service, pull again (after
//      pullInterval); records that cannot be decoded are reported and, CLUSTERING, sent to
//      %DLQ%group (CONSUMER_SEND_MSG_BACK with delay level -1) so they are not silently skipped; NO_NEW_MSG / NO_MATCHED_MSG -> move on to nextBeginOffset (and when
//      nothing is cached, take it as the consumed offset), pull again at once; OFFSET_ILLEGAL ->
//      drop the queue, and after a pause store nextBeginOffset as its offset so the next
//      rebalance starts it there; a failure -> try again after pullTimeDelayMillsWhenException.
//      SUBSCRIPTION_NOT_EXIST / NOT_LATEST (the broker restarted and has not had our heartbeat
//      yet) also asks for a heartbeat at once rather than waiting up to 30 s for the next one.
import { PullSysFlag } from '../../../remoting/protocol/headers/pull.js';
import { SubscriptionNotExistError, SubscriptionNotLatestError } from '../../errors/broker-response-errors.js';
import { flowControlDelayMs, flowControlReason } from '../flow-control.js';
import { pullSuspendRpcTimeoutMs } from '../consumer-rpc.js';
import type { PullResult } from '../pull-result.js';
import { untilAborted } from '../../producer/send-with-retries.js';
import type { ConsumeService, PushContext, PushQueue } from './push-context.js';

/** BROKER_SUSPEND_MAX_TIME_MILLIS: how long the broker may hold a pull. */
export const brokerSuspendMaxTimeMs = 15_000;
/** pullTimeDelayMillsWhenException (RocketMQ 4.9.8). */
export const pullDelayAfterErrorMs = 1_000;
/** PULL_TIME_DELAY_MILLS_WHEN_EXCEPTION, used while an orderly queue is not locked. */
export const pullDelayWhenNotLockedMs = 3_000;
/** CONSUMER_SEND_MSG_BACK's delay level that sends a message straight to %DLQ%group. */
export const deadLetterDelayLevel = -1;
/** How many flow-control pauses pass between two warnings. */
const flowControlWarnEvery = 1000;

export async function runPullLoop(ctx: PushContext, consume: ConsumeService, entry: PushQueue): Promise<void> {
  const signal = entry.controller.signal;
  let flowControlTimes = 0;
  while (!entry.pq.dropped && !signal.aborted) {
    const delayMs = await pullOnce(ctx, consume, entry, () => flowControlTimes++ % flowControlWarnEvery === 0);
    if (delayMs > 0 && !entry.pq.dropped) await ctx.delays.sleep(delayMs, signal);
  }
}

/** One step of the loop; resolves with the wait before the next one. */
async function pullOnce(ctx: PushContext, consume: ConsumeService, entry: PushQueue, warnFlowControl: () => boolean): Promise<number> {
  const { settings } = ctx;
  const { pq, queue } = entry;
  pq.lastPullTimestamp = Date.now();
  const reason = flowControlReason(pq, {
    countMax: settings.pullThresholdForQueue,
    sizeBytesMax: settings.pullThresholdSizeForQueueBytes,
    spanMax: settings.orderly ? undefined : settings.consumeConcurrentlyMaxSpan,
  });
  if (reason !== undefined) {
    if (warnFlowControl()) {
      ctx.logger.warn({ queue, reason, cachedCount: pq.messageCount, cachedBytes: pq.messageSizeBytes, span: pq.maxSpan() }, 'pull paused by flow control');
    }
    return flowControlDelayMs;
  }
  const clustering = settings.messageModel === 'CLUSTERING';
  if (settings.orderly && clustering && !pq.locked) return pullDelayWhenNotLockedMs;
  const subscription = ctx.subscription(queue.topic);
  if (subscription === undefined) return pullDelayAfterErrorMs;

  const committed = clustering ? await ctx.offsetStore.readOffset(queue, 'memory') : -1;
  const sysFlag =
    (committed > 0 ? PullSysFlag.commitOffset : 0) | PullSysFlag.suspend | (settings.postSubscriptionWhenPull ? PullSysFlag.subscription : 0);
  let result: PullResult;
  const pulledAt = Date.now();
  try {
    result = await untilAborted(
      ctx.rpc.pull({
        queue,
        subscription,
        offset: entry.nextOffset,
        maxMsgNums: settings.pullBatchSize,
        sysFlag,
        commitOffset: Math.max(committed, 0),
        suspendTimeoutMs: brokerSuspendMaxTimeMs,
        timeoutMs: pullSuspendRpcTimeoutMs,
        restoreRetryTopicOf: settings.group,
      }),
      entry.controller.signal,
    );
  } catch (error) {
    if (entry.controller.signal.aborted) return 0;
    if (error instanceof SubscriptionNotExistError || error instanceof SubscriptionNotLatestError) ctx.requestHeartbeat();
    ctx.failure('pull', queue, error);
    return pullDelayAfterErrorMs;
  }
  if (pq.dropped) return 0;

  switch (result.status) {
    case 'FOUND': {
      ctx.stats.onPullFound(queue.topic, Date.now() - pulledAt, result.messages.length);
      entry.nextOffset = result.nextBeginOffset;
      if (result.undecodable.length > 0) deadLetterUndecodable(ctx, entry, result);
      if (result.messages.length === 0) {
        if (pq.messageCount === 0) ctx.offsetStore.updateOffset(queue, entry.nextOffset, true);
        return 0;
      }
      const dispatch = pq.putMessages(result.messages);
      consume.submit(result.messages, entry, dispatch);
      return settings.pullIntervalMs;
    }
    case 'NO_NEW_MSG':
    case 'NO_MATCHED_MSG':
      entry.nextOffset = result.nextBeginOffset;
      if (pq.messageCount === 0) ctx.offsetStore.updateOffset(queue, entry.nextOffset, true);
      return 0;
    case 'OFFSET_ILLEGAL':
      ctx.logger.warn({ queue, offset: entry.nextOffset, nextBeginOffset: result.nextBeginOffset }, 'pull offset moved; the queue restarts there');
      entry.nextOffset = result.nextBeginOffset;
      ctx.dropQueue(entry);
      return 0;
  }
}

/** Reports undecodable records; CLUSTERING sends them straight to the DLQ (delay level -1). */
function deadLetterUndecodable(ctx: PushContext, entry: PushQueue, result: PullResult): void {
  for (const bad of result.undecodable) {
    ctx.failure('decode', entry.queue, bad.error);
    if (ctx.settings.messageModel !== 'CLUSTERING') continue;
    ctx.rpc
      .sendMessageBack({
        commitLogOffset: bad.commitLogOffset,
        brokerName: entry.queue.brokerName,
        delayLevel: deadLetterDelayLevel,
        originMsgId: bad.msgId ?? '',
        originTopic: bad.topic,
        maxReconsumeTimes: ctx.settings.maxReconsumeTimes,
      })
      .catch((error: unknown) => ctx.failure('sendBack', entry.queue, error));
  }
}
