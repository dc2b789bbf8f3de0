// The push consumer's pull loop against a scripted broker: sysFlag is suspend, plus commitOffset
// once the cached offset is > 0 (with that offset in the header), plus subscription with
// postSubscriptionWhenPull; the broker holds it 15 s and the RPC waits 30 s; FOUND hands the
// messages over and moves on; NO_NEW_MSG / NO_MATCHED_MSG move to nextBeginOffset and, with
// nothing cached, take it as the consumed offset; OFFSET_ILLEGAL drops the queue; flow control
// and a missing orderly lock pause without pulling; SUBSCRIPTION_NOT_EXIST asks for a heartbeat;
// a FOUND pull counts in the consumer's pull rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { SubscriptionNotExistError } from '../../../src/client/errors/index.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { resolvePushConsumerSettings } from '../../../src/client/consumer/consumer-settings.js';
import type { ConsumerRpc, PullArgs } from '../../../src/client/consumer/consumer-rpc.js';
import type { DelayedTasks } from '../../../src/client/consumer/delayed-tasks.js';
import { Limiter } from '../../../src/client/consumer/limiter.js';
import { RemoteOffsetStore } from '../../../src/client/consumer/offset-store/remote-offset-store.js';
import { ProcessQueue } from '../../../src/client/consumer/process-queue.js';
import type { PullResult, PullStatus } from '../../../src/client/consumer/pull-result.js';
import { brokerSuspendMaxTimeMs, runPullLoop } from '../../../src/client/consumer/push/pull-loop.js';
import type { ConsumeService, PushContext, PushQueue } from '../../../src/client/consumer/push/push-context.js';
import type { RetrySender } from '../../../src/client/consumer/push/retry-send.js';
import { ConsumerStats } from '../../../src/client/consumer/push/consumer-stats.js';
import { buildSubscriptionData } from '../../../src/client/consumer/subscription.js';
import { flowControlDelayMs } from '../../../src/client/consumer/flow-control.js';

const queue: MessageQueue = { topic: 'T', brokerName: 'b', queueId: 0 };
const msg = (queueOffset: number): ConsumedMessage => ({ queueOffset, body: Buffer.alloc(1), messageQueue: queue }) as ConsumedMessage;
const result = (status: PullStatus, nextBeginOffset: number, messages: ConsumedMessage[] = []): PullResult => ({
  status,
  nextBeginOffset,
  minOffset: 0,
  maxOffset: 100,
  suggestWhichBrokerId: 0,
  messages,
  undecodable: [],
});

interface Harness {
  ctx: PushContext;
  entry: PushQueue;
  pulls: PullArgs[];
  sleeps: number[];
  heartbeats: number;
  dropped: number;
  store: RemoteOffsetStore;
  stats: ConsumerStats;
}

function harness(script: Array<(h: Harness) => PullResult>, options: { orderly?: boolean; postSubscriptionWhenPull?: boolean; onSleep?: (h: Harness, ms: number) => void } = {}): Harness {
  const store = new RemoteOffsetStore({ queryConsumerOffset: async () => undefined, updateConsumerOffset: async () => undefined });
  const entry: PushQueue = { queue, pq: new ProcessQueue(), controller: new AbortController(), nextOffset: 0 };
  const stats = new ConsumerStats('G');
  const h = { entry, pulls: [], sleeps: [], heartbeats: 0, dropped: 0, store, stats } as unknown as Harness;
  const rpc = {
    pull: async (args: PullArgs) => {
      h.pulls.push(args);
      const step = script[h.pulls.length - 1];
      if (step === undefined) throw new Error('no more scripted answers');
      return step(h);
    },
  } as unknown as ConsumerRpc;
  const delays = {
    sleep: async (ms: number) => {
      h.sleeps.push(ms);
      options.onSleep?.(h, ms);
    },
    schedule: () => undefined,
  } as unknown as DelayedTasks;
  h.ctx = {
    settings: resolvePushConsumerSettings({ group: 'G', orderly: options.orderly, postSubscriptionWhenPull: options.postSubscriptionWhenPull }),
    rpc,
    offsetStore: store,
    delays,
    limiter: new Limiter(1),
    retrySender: {} as RetrySender,
    stats,
    logger: createLogger('test', 'silent'),
    subscription: (topic) => (topic === 'T' ? buildSubscriptionData('T', '*', 7) : undefined),
    callHandler: async () => 'CONSUME_SUCCESS',
    track: () => undefined,
    stopping: () => false,
    failure: (_op, _q, error) => {
      if (!(error instanceof SubscriptionNotExistError)) throw error;
      entry.pq.dropped = true;
    },
    requestHeartbeat: () => h.heartbeats++,
    dropQueue: () => {
      h.dropped++;
      entry.pq.dropped = true;
    },
  };
  return h;
}

/** Consumes what it is given at once, as a fast handler would, and records the offset. */
const consumeAtOnce = (h: () => Harness): ConsumeService => ({
  start: () => undefined,
  shutdown: async () => undefined,
  submit: (messages, entry) => {
    const offset = entry.pq.removeMessages(messages);
    h().store.updateOffset(entry.queue, offset, true);
  },
});

test('sysFlag, commit offset and the answers FOUND, NO_NEW_MSG, NO_MATCHED_MSG, OFFSET_ILLEGAL', async () => {
  const h: Harness = harness([
    () => result('FOUND', 2, [msg(0), msg(1)]),
    () => result('NO_NEW_MSG', 2),
    () => result('NO_MATCHED_MSG', 5),
    () => result('OFFSET_ILLEGAL', 9),
  ]);
  await runPullLoop(h.ctx, consumeAtOnce(() => h), h.entry);
  assert.deepEqual(
    h.pulls.map((p) => [p.offset, p.sysFlag, p.commitOffset]),
    [
      [0, 0x2, 0],
      [2, 0x3, 2],
      [2, 0x3, 2],
      [5, 0x3, 5],
    ],
    'suspend always; commitOffset once something was consumed',
  );
  assert.ok(h.pulls.every((p) => p.suspendTimeoutMs === brokerSuspendMaxTimeMs && p.timeoutMs === 30_000 && p.maxMsgNums === 32));
  assert.equal(h.stats.status('T').pullTPS, 0.2, 'the FOUND pull counted: 2 messages over the first 10 s window');
  assert.ok(h.pulls.every((p) => p.subscription.subVersion === 7 && p.restoreRetryTopicOf === 'G'));
  assert.equal(h.dropped, 1, 'OFFSET_ILLEGAL drops the queue');
  assert.equal(h.entry.nextOffset, 9, 'at the broker\'s offset');
  assert.deepEqual(h.sleeps, [], 'no pause between pulls');
});

test('flow control pauses without pulling; SUBSCRIPTION_NOT_EXIST asks for a heartbeat', async () => {
  const h: Harness = harness(
    [
      () => {
        throw new SubscriptionNotExistError({ brokerAddr: 'b', requestCode: 11, responseCode: 24, remark: '' }, 'backoff');
      },
    ],
    { onSleep: (x) => x.entry.pq.removeMessages(cached) },
  );
  const cached = Array.from({ length: 1001 }, (_, i) => msg(i));
  h.entry.pq.putMessages(cached);
  await runPullLoop(h.ctx, consumeAtOnce(() => h), h.entry);
  assert.deepEqual(h.sleeps, [flowControlDelayMs], 'over pullThresholdForQueue: wait, then pull');
  assert.equal(h.pulls.length, 1);
  assert.equal(h.heartbeats, 1);
});

test('orderly: no pull while the queue is not locked; postSubscriptionWhenPull sets the subscription bit', async () => {
  const unlocked: Harness = harness([], { orderly: true, onSleep: (x) => (x.entry.pq.dropped = true) });
  await runPullLoop(unlocked.ctx, consumeAtOnce(() => unlocked), unlocked.entry);
  assert.deepEqual([unlocked.pulls.length, unlocked.sleeps], [0, [3_000]]);

  const posting: Harness = harness([() => result('OFFSET_ILLEGAL', 0)], { postSubscriptionWhenPull: true });
  await runPullLoop(posting.ctx, consumeAtOnce(() => posting), posting.entry);
  assert.equal(posting.pulls[0]!.sysFlag, 0x2 | 0x4);
});
