// The lite pull consumer's loop sends a second pull ahead while the broker reports more messages,
// yet hands batches to the cache in queue order without gaps or repeats: an answer that covers
// fewer entries than expected makes the pull sent ahead useless, so it is abandoned and pulling
// goes on from where the answer ended. A pull sent ahead never starts at or past the queue's max
// offset (the broker would hold it). Against a scripted broker whose answers cover a varying
// number of entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import type { ConsumerRpc, PullArgs } from '../../../src/client/consumer/consumer-rpc.js';
import { resolveLitePullConsumerSettings } from '../../../src/client/consumer/consumer-settings.js';
import { DelayedTasks } from '../../../src/client/consumer/delayed-tasks.js';
import { litePullsInFlightMax, runLitePullLoop } from '../../../src/client/consumer/lite/lite-pull-loop.js';
import { BatchCache, LiteQueue } from '../../../src/client/consumer/lite/lite-queue.js';
import type { PullHead } from '../../../src/client/consumer/pull-result.js';
import { buildSubscriptionData } from '../../../src/client/consumer/subscription.js';

const queue: MessageQueue = { topic: 'T', brokerName: 'b', queueId: 0 };
const storeHost = { address: new Uint8Array([127, 0, 0, 1]), port: 10911 };

function record(queueOffset: number): Buffer {
  return encodeStoredMessage(
    {
      topic: 'T',
      queueId: 0,
      flag: 0,
      body: Buffer.from(`m${queueOffset}`),
      properties: '',
      sysFlag: 0,
      bornTimestamp: 1_700_000_000_000,
      bornHost: storeHost,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
    },
    { queueOffset, physicalOffset: queueOffset * 100, storeTimestamp: 1_700_000_000_001, storeHost },
  );
}

interface ScriptedBroker {
  rpc: ConsumerRpc;
  offsets: number[];
  inFlightMax: number;
}

/** A queue of `stored` messages; the i-th answer covers at most caps[i % caps.length] entries. */
function scriptedBroker(stored: number, caps: number[]): ScriptedBroker {
  const broker: ScriptedBroker = { rpc: undefined as unknown as ConsumerRpc, offsets: [], inFlightMax: 0 };
  let inFlight = 0;
  let answers = 0;
  broker.rpc = {
    pullHead: (args: PullArgs): Promise<PullHead> => {
      broker.offsets.push(args.offset);
      broker.inFlightMax = Math.max(broker.inFlightMax, ++inFlight);
      // Caught up: the broker holds the pull (never answered in this test).
      if (args.offset >= stored) return new Promise<PullHead>(() => undefined);
      return new Promise<PullHead>((resolve) => {
        setImmediate(() => {
          inFlight--;
          const count = Math.min(args.maxMsgNums, caps[answers++ % caps.length]!, stored - args.offset);
          const records = Array.from({ length: count }, (_, i) => record(args.offset + i));
          resolve({ status: 'FOUND', nextBeginOffset: args.offset + count, minOffset: 0, maxOffset: stored, suggestWhichBrokerId: 0, body: Buffer.concat(records) });
        });
      });
    },
  } as unknown as ConsumerRpc;
  return broker;
}

async function consumeAll(stored: number, caps: number[]): Promise<{ broker: ScriptedBroker; offsets: number[]; batchStarts: number[] }> {
  const broker = scriptedBroker(stored, caps);
  const cache = new BatchCache();
  const delays = new DelayedTasks();
  const entry = new LiteQueue(queue, 0);
  const subscription = buildSubscriptionData('T', '*');
  const failures: unknown[] = [];
  const loop = runLitePullLoop(
    {
      settings: resolveLitePullConsumerSettings({ group: 'G', pullBatchSize: 10 }),
      rpc: broker.rpc,
      cache,
      delays,
      subscription: () => subscription,
      failure: (_operation, _entry, error) => failures.push(error),
    },
    entry,
  );
  const offsets: number[] = [];
  const batchStarts: number[] = [];
  while (offsets.length < stored) {
    const batch = cache.shift();
    if (batch === undefined) {
      await cache.wait(1_000, undefined);
      continue;
    }
    batchStarts.push(batch.messages[0]!.queueOffset);
    for (const m of batch.messages) {
      assert.equal(m.body.toString(), `m${m.queueOffset}`);
      offsets.push(m.queueOffset);
    }
    entry.consumed(batch.messages);
  }
  entry.drop();
  delays.cancelAll();
  await loop;
  assert.deepEqual(failures, []);
  assert.equal(entry.consumeOffset, stored);
  return { broker, offsets, batchStarts };
}

const inOrder = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('full answers: a pull is always sent ahead, and each batch continues the previous one', async () => {
  const { broker, offsets, batchStarts } = await consumeAll(95, [10]);
  assert.deepEqual(offsets, inOrder(95));
  assert.deepEqual(batchStarts, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.equal(broker.inFlightMax, litePullsInFlightMax);
  assert.ok(
    broker.offsets.every((o, i) => i === 0 || o <= 95),
    'no pull sent ahead starts past the max offset',
  );
  assert.equal(broker.offsets.filter((o) => o < 95).length, 10, 'every pull below the max offset was used: none wasted');
});

test('short answers: the pull sent ahead at the wrong offset is abandoned, nothing is lost or repeated', async () => {
  const { broker, offsets, batchStarts } = await consumeAll(120, [10, 4, 10, 7, 1]);
  assert.deepEqual(offsets, inOrder(120));
  const abandoned = broker.offsets.filter((o) => o < 120 && !batchStarts.includes(o));
  assert.ok(abandoned.length > 0, 'pulls sent ahead at offsets no batch started at were abandoned');
});
