// The lite pull consumer on assigned queues: poll returns a queue's messages in offset order;
// seek, seekToBegin and seekToEnd move the next poll; commitSync stores the consumed offset at
// the broker and a new consumer of the group resumes there; the async iterator hands out
// messages one at a time and ends, without an error, when its signal aborts while it waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createLitePullConsumer, type LitePullConsumerClient } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { bodyText, Collector, createTopic, fresh } from './consumer-fixtures.js';

/** Polls until `count` messages came, or fails after `deadlineMs`. */
async function pollCount(consumer: LitePullConsumerClient, count: number, deadlineMs = 10_000): Promise<ConsumedMessage[]> {
  const got: ConsumedMessage[] = [];
  const deadline = Date.now() + deadlineMs;
  while (got.length < count) {
    if (Date.now() > deadline) throw new Error(`polled ${got.length} of ${count}`);
    got.push(...(await consumer.poll(500)));
  }
  return got;
}

test('lite pull: assign, poll in order, seek, manual commit, resume from the commit', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const q3: MessageQueue = { topic, brokerName: 'broker-a', queueId: 3 };
  for (let i = 0; i < 20; i++) await producer.send({ topic, body: `q3-${i}` }, { messageQueue: q3 });
  await producer.send({ topic, body: 'q5-0' }, { messageQueue: { ...q3, queueId: 5 } });

  const group = fresh('G');
  const consumer = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), autoCommit: false });
  await consumer.start();
  assert.deepEqual(
    (await consumer.fetchMessageQueues(topic)).map((q) => q.queueId),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  consumer.assign([q3]);
  const first = await pollCount(consumer, 20);
  assert.deepEqual(first.map((m) => m.queueOffset), Array.from({ length: 20 }, (_, i) => i), 'one queue, in offset order');
  assert.deepEqual(first.map(bodyText), Array.from({ length: 20 }, (_, i) => `q3-${i}`), 'only the assigned queue');
  assert.ok((await consumer.committed(q3)) < 20, 'nothing committed yet');

  await consumer.seek(q3, 5);
  assert.equal((await pollCount(consumer, 1))[0]!.queueOffset, 5, 'the next poll starts at the sought offset');
  await consumer.seekToBegin(q3);
  const again = await pollCount(consumer, 20);
  assert.deepEqual(again.map((m) => m.queueOffset).slice(0, 3), [0, 1, 2]);
  await consumer.seekToEnd(q3);
  assert.deepEqual(await consumer.poll(300), [], 'at the end nothing is left');
  await assert.rejects(consumer.seek(q3, 21), /outside \[0, 20\]/);

  await consumer.commitSync();
  assert.equal(await consumer.committed(q3), 20);
  await consumer.commitSync([[q3, 18]]);
  assert.equal(await consumer.committed(q3), 18, 'explicit offsets are committed as given');
  await consumer.shutdown();

  for (let i = 20; i < 22; i++) await producer.send({ topic, body: `q3-${i}` }, { messageQueue: q3 });
  await using resumed = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), autoCommit: false });
  await resumed.start();
  resumed.assign([q3]);
  const rest = await pollCount(resumed, 4);
  assert.deepEqual(rest.map((m) => m.queueOffset), [18, 19, 20, 21], 'a new consumer of the group starts at the committed offset');
});

test('lite pull: the async iterator yields one message at a time and ends on abort while waiting', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  await using consumer = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), autoCommit: false });
  await consumer.start();
  consumer.assign(await consumer.fetchMessageQueues(topic));

  const seen = new Collector();
  const controller = new AbortController();
  const loop = (async () => {
    for await (const message of consumer.messages({ signal: controller.signal })) seen.add(message);
  })();
  for (let i = 0; i < 5; i++) await producer.send({ topic, body: `m${i}` });
  await seen.count(5);
  controller.abort();
  await loop;
  assert.deepEqual(new Set(seen.items.map(bodyText)), new Set(['m0', 'm1', 'm2', 'm3', 'm4']));

  await consumer.commitSync();
  const committed = await Promise.all(consumer.assignment().map(async (q) => consumer.committed(q)));
  assert.equal(committed.reduce((a, b) => a + b, 0), 5, 'every iterated message counts as consumed');
});
