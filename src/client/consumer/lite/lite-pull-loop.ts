// The pull loop of one queue of a lite pull consumer (DefaultLitePullConsumerImpl.PullTaskImpl),
// run until the queue is dropped (unassigned, rebalanced away, sought) or the consumer stops:
// paused -> wait 1 s; more than pullThresholdForAll messages cached over all queues, or the
// queue's own cache over its count, size or span limits -> wait 50 ms; else PULL_MESSAGE from
// pullOffset with sysFlag suspend | subscription | litePull (the broker holds it up to 20 s)
// and the batch goes to the cache for poll(). NO_NEW_MSG, NO_MATCHED_MSG and OFFSET_ILLEGAL move
// pullOffset to nextBeginOffset, and so does consumeOffset when nothing of the queue is waiting
// (filtered-out messages count as consumed). A failure waits 1 s.
//
// Pipelining: the next pull leaves as soon as an answer's head is read, before its records are
// decoded and cached, so the broker reads the next batch while this one is handed out; except
// when the answer reaches the queue's end (the next pull would only be held by the broker): then
// the batch is handed out first and the pull follows (latency of a caught-up consumer). When an
// answer says the queue holds more than the pull in flight will cover (maxOffset), one more
// pull is sent ahead at the offset that pull is expected to end at (its start plus the entries
// the last answer covered). Answers are taken strictly in the order their pulls were sent, and
// one is used only if it starts where the previous one ended; otherwise it and the pulls behind
// it are abandoned (their answers ignored) and pulling restarts at the right offset. A pull sent
// ahead always starts below the queue's max offset, so the broker answers it at once rather
// than holding it. Batches therefore reach the cache in queue order, without gaps or repeats.
import type { SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { PullSysFlag } from '../../../remoting/protocol/headers/pull.js';
import type { ConsumerErrorEvent } from '../consumer-api.js';
import type { LitePullConsumerSettings } from '../consumer-settings.js';
import { pullSuspendRpcTimeoutMs, type ConsumerRpc } from '../consumer-rpc.js';
import type { DelayedTasks } from '../delayed-tasks.js';
import { flowControlDelayMs, flowControlReason, type FlowLimits } from '../flow-control.js';
import { decodePulledMessages, type PullHead, type PulledMessages } from '../pull-result.js';
import type { BatchCache, LiteQueue } from './lite-queue.js';

/** brokerSuspendMaxTimeMillis of the lite pull consumer. */
export const liteBrokerSuspendMaxTimeMs = 20_000;
/** PULL_TIME_DELAY_MILLS_WHEN_PAUSE */
export const pullDelayWhenPausedMs = 1_000;
/** PULL_TIME_DELAY_MILLS_ON_EXCEPTION */
export const litePullDelayAfterErrorMs = 1_000;
/** Pulls of one queue in flight at once: the one at pullOffset and at most one sent ahead. */
export const litePullsInFlightMax = 2;

export interface LitePullContext {
  settings: LitePullConsumerSettings;
  rpc: ConsumerRpc;
  cache: BatchCache;
  delays: DelayedTasks;
  subscription(topic: string): SubscriptionData | undefined;
  failure(operation: ConsumerErrorEvent['operation'], entry: LiteQueue, error: unknown): void;
}

/** A pull sent and not yet taken: where it starts and its answer. */
interface InFlightPull {
  readonly offset: number;
  readonly subscription: SubscriptionData;
  readonly head: Promise<PullHead>;
}

const ignore = (): void => undefined;

export async function runLitePullLoop(ctx: LitePullContext, entry: LiteQueue): Promise<void> {
  const signal = entry.controller.signal;
  const limits: FlowLimits = {
    countMax: ctx.settings.pullThresholdForQueue,
    sizeBytesMax: ctx.settings.pullThresholdSizeForQueueBytes,
    spanMax: ctx.settings.consumeMaxSpan,
  };
  const inFlight: InFlightPull[] = [];
  while (!entry.dropped) {
    if (inFlight.length === 0) {
      const delayMs = pullDelayMs(ctx, entry, limits);
      if (delayMs > 0) {
        await ctx.delays.sleep(delayMs, signal);
        continue;
      }
      inFlight.push(sendPull(ctx, entry, entry.pullOffset));
    }
    const pull = inFlight.shift()!;
    let head: PullHead | undefined;
    try {
      head = await entry.untilDropped(pull.head);
    } catch (error) {
      inFlight.length = 0;
      if (entry.dropped) return;
      ctx.failure('pull', entry, error);
      await ctx.delays.sleep(litePullDelayAfterErrorMs, signal);
      continue;
    }
    if (head === undefined || entry.dropped) return;
    entry.pullOffset = head.nextBeginOffset;
    if (inFlight.length > 0 && inFlight[0]!.offset !== entry.pullOffset) inFlight.length = 0;
    // Behind: the next pull leaves first, so the broker reads while this batch is handed out.
    // Caught up: the next pull would only be held, so the batch is handed out first.
    const caughtUp = head.nextBeginOffset >= head.maxOffset;
    if (!caughtUp) sendAhead(ctx, entry, limits, inFlight, pull.offset, head);
    let pulled: PulledMessages;
    try {
      pulled = decodePulledMessages(head, { messageQueue: entry.queue, subscription: pull.subscription });
    } catch (error) {
      // A body that is not whole records: pull it again from its start after a pause.
      inFlight.length = 0;
      entry.pullOffset = pull.offset;
      ctx.failure('pull', entry, error);
      await ctx.delays.sleep(litePullDelayAfterErrorMs, signal);
      continue;
    }
    for (const bad of pulled.undecodable) ctx.failure('decode', entry, bad.error);
    if (pulled.messages.length > 0) {
      entry.cache(pulled.messages);
      ctx.cache.push({ entry, messages: pulled.messages });
    } else if (entry.messageCount === 0) {
      entry.consumeOffset = entry.pullOffset;
    }
    if (caughtUp) {
      // Lets poll() take the batch (its continuations run first) before the write of the next pull.
      await afterHandOut();
      if (entry.dropped) return;
      sendAhead(ctx, entry, limits, inFlight, pull.offset, head);
    }
  }
}

function afterHandOut(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Why the queue must wait before its next pull (ms), or 0 when it may pull now. */
function pullDelayMs(ctx: LitePullContext, entry: LiteQueue, limits: FlowLimits): number {
  if (entry.paused) return pullDelayWhenPausedMs;
  if (ctx.cache.messageCount > ctx.settings.pullThresholdForAll) return flowControlDelayMs;
  if (flowControlReason(entry, limits) !== undefined) return flowControlDelayMs;
  if (ctx.subscription(entry.queue.topic) === undefined) return litePullDelayAfterErrorMs;
  return 0;
}

/**
 * After an answer for the pull at `answeredOffset`: the pull at pullOffset leaves now if none is
 * in flight, and one more leaves ahead of it while the answer shows messages beyond it.
 */
function sendAhead(ctx: LitePullContext, entry: LiteQueue, limits: FlowLimits, inFlight: InFlightPull[], answeredOffset: number, head: PullHead): void {
  const stride = head.nextBeginOffset - answeredOffset;
  while (inFlight.length < litePullsInFlightMax && pullDelayMs(ctx, entry, limits) === 0) {
    const last = inFlight[inFlight.length - 1];
    if (last === undefined) {
      inFlight.push(sendPull(ctx, entry, entry.pullOffset));
      continue;
    }
    const offset = last.offset + stride;
    if (head.status !== 'FOUND' || stride <= 0 || offset >= head.maxOffset) return;
    inFlight.push(sendPull(ctx, entry, offset));
  }
}

function sendPull(ctx: LitePullContext, entry: LiteQueue, offset: number): InFlightPull {
  const subscription = ctx.subscription(entry.queue.topic)!;
  const head = ctx.rpc.pullHead({
    queue: entry.queue,
    subscription,
    offset,
    maxMsgNums: ctx.settings.pullBatchSize,
    sysFlag: PullSysFlag.suspend | PullSysFlag.subscription | PullSysFlag.litePull,
    commitOffset: 0,
    suspendTimeoutMs: liteBrokerSuspendMaxTimeMs,
    timeoutMs: pullSuspendRpcTimeoutMs,
  });
  // Marked handled now: a pull sent ahead may fail before it is awaited, or never be awaited.
  head.catch(ignore);
  return { offset, subscription, head };
}
