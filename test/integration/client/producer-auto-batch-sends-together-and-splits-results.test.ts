// A producer with autoBatch against a real NameServer and broker: sends issued in one turn
// travel as few SEND_BATCH_MESSAGE requests, each send still gets its own result (msgId,
// offsetMsgId, consecutive queue offsets in call order) and its own stored message, which a
// consumer filtering on one tag pulls back intact; sends that cannot ride in a batch go alone,
// after what is held for their topic, so a one-queue topic stores all in call order; maxBytes
// cuts batches; a failed batch rejects all its sends; shutdown sends what is held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster, type LocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin, type AdminClient } from '../../../src/client/admin/admin-client.js';
import { createProducer, type ProducerClient } from '../../../src/client/producer/producer.js';
import { createLitePullConsumer } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import type { ProducerOptions, SendAttemptEvent } from '../../../src/client/api.js';
import { TopicNotExistError } from '../../../src/client/errors/broker-response-errors.js';
import { eventually, fresh } from './client-fixtures.js';

async function oneQueueTopic(cluster: LocalCluster, admin: AdminClient): Promise<string> {
  const topic = fresh('AB');
  await admin.createTopic(topic, { brokerAddr: cluster.brokerAddr }, { readQueueNums: 1, writeQueueNums: 1 });
  await eventually(async () => (await admin.topicRoute(topic).catch(() => undefined))?.queueDatas[0], 'the topic route');
  return topic;
}

interface AutoBatchSetup extends AsyncDisposable {
  cluster: LocalCluster;
  admin: AdminClient;
  topic: string;
  producer: ProducerClient;
  /** Every send attempt after the warm-up send. */
  events: SendAttemptEvent[];
}

/** A cluster, an admin, a one-queue topic and a started auto-batching producer that has its route cached. */
async function oneQueueAutoBatchProducer(autoBatch: ProducerOptions['autoBatch']): Promise<AutoBatchSetup> {
  const cluster = await startLocalCluster();
  const admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const topic = await oneQueueTopic(cluster, admin);
  const producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I'), autoBatch });
  await producer.start();
  await producer.send({ topic, body: 'warm-up: the route is cached' });
  const events: SendAttemptEvent[] = [];
  producer.on('send', (e) => events.push(e));
  return {
    cluster,
    admin,
    topic,
    producer,
    events,
    async [Symbol.asyncDispose]() {
      await producer.shutdown();
      await admin.shutdown();
      await cluster.close();
    },
  };
}

test('sends of one turn go as batch requests; each gets its own result and stored message, in call order', async () => {
  await using setup = await oneQueueAutoBatchProducer(true);
  const { cluster, admin, topic, producer, events } = setup;

  const count = 100;
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      producer.send({ topic, body: `message ${i}`, tags: i % 2 === 0 ? 'TagA' : 'TagB', keys: [`key-${i}`], properties: { index: String(i) } }),
    ),
  );
  assert.deepEqual([...new Set(events.map((e) => e.kind))], ['batch'], 'no single send');
  assert.ok(events.length <= 2, `${count} small messages fit one or two 32 KiB batches, got ${events.length}`);
  assert.deepEqual(results.map((r) => r.queueOffset), Array.from({ length: count }, (_, i) => i + 1), 'consecutive offsets in call order');
  assert.equal(new Set(results.map((r) => r.msgId)).size, count);
  assert.equal(new Set(results.map((r) => r.offsetMsgId)).size, count);
  assert.ok(results.every((r) => r.status === 'SEND_OK' && r.messageQueue.topic === topic && r.messageQueue.queueId === 0));

  for (const i of [0, 1, 57, count - 1]) {
    const stored = await admin.viewMessage(results[i]!.offsetMsgId);
    assert.equal(stored.body.toString(), `message ${i}`);
    assert.equal(stored.msgId, results[i]!.msgId, 'its own UNIQ_KEY');
    assert.equal(stored.tags, i % 2 === 0 ? 'TagA' : 'TagB');
    assert.deepEqual(stored.keys, [`key-${i}`]);
    assert.equal(stored.properties.get('index'), String(i));
    assert.equal(stored.queueOffset, results[i]!.queueOffset);
  }
  const found = await eventually(async () => {
    const hits = await admin.queryMessagesByKey(topic, 'key-57');
    return hits.length > 0 ? hits : undefined;
  }, 'a batched message in the key index');
  assert.equal(found[0]!.msgId, results[57]!.msgId);

  await using consumer = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group: fresh('CG'), instanceName: fresh('C'), consumeFromWhere: 'FIRST_OFFSET' });
  await consumer.subscribe(topic, 'TagA').start();
  const pulled: ConsumedMessage[] = [];
  await eventually(async () => {
    pulled.push(...(await consumer.poll(200)));
    return pulled.length >= count / 2 ? true : undefined;
  }, 'the TagA messages pulled back');
  const even = results.filter((_, i) => i % 2 === 0);
  assert.deepEqual(
    pulled.map((m) => [m.body.toString(), m.tags, m.keys, m.properties.get('index'), m.msgId, m.queueOffset]),
    even.map((r, j) => [`message ${2 * j}`, 'TagA', [`key-${2 * j}`], String(2 * j), r.msgId, r.queueOffset]),
    'the broker filters each batched message on its own tag; each comes back whole, in call order',
  );
});

test('sends that go alone leave after what is held for their topic: a one-queue topic stores all in call order', async () => {
  await using setup = await oneQueueAutoBatchProducer({ maxBytes: 4096 });
  const { admin, topic, producer, events } = setup;

  const large = Buffer.alloc(6000, 'L');
  const results = await Promise.all([
    producer.send({ topic, body: 'first' }),
    producer.send({ topic, body: 'second' }),
    producer.send({ topic, body: large }),
    producer.send({ topic, body: 'fourth' }),
    producer.send({ topic, body: 'fifth' }, { shardingKey: 'k' }),
    producer.send({ topic, body: 'sixth' }),
    producer.send({ topic, body: 'seventh' }, { timeoutMs: 3_000 }),
  ]);
  assert.deepEqual(events.map((e) => e.kind), ['batch', 'send', 'batch', 'send', 'batch', 'send']);
  assert.deepEqual(results.map((r) => r.queueOffset), [1, 2, 3, 4, 5, 6, 7], 'stored in call order');
  assert.equal((await admin.viewMessage(results[2]!.offsetMsgId)).body.length, large.length);
});

test('sends with a delay, a sharding key or a compressed body go alone; maxBytes cuts batches', async () => {
  await using setup = await oneQueueAutoBatchProducer({ maxBytes: 4096 });
  const { topic, producer, events } = setup;

  await Promise.all([
    producer.send({ topic, body: 'delayed', delayLevel: 1 }),
    producer.send({ topic, body: 'keyed' }, { shardingKey: 'order-1' }),
    producer.send({ topic, body: Buffer.alloc(8 * 1024, 'z') }),
  ]);
  assert.deepEqual(events.map((e) => e.kind), ['send', 'send', 'send']);

  events.length = 0;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, body: Buffer.alloc(1000, i) })));
  const batches = events.filter((e) => e.kind === 'batch').length;
  assert.ok(batches >= 5 && batches <= 7, `20 entries of ~1.1 KB under a 4 KiB cap take 5 to 7 batches, got ${batches}`);
  const offsets = results.map((r) => r.queueOffset);
  assert.deepEqual(offsets, Array.from({ length: 20 }, (_, i) => offsets[0]! + i));
});

test('a batch that fails rejects every send in it with the typed error', async () => {
  await using cluster = await startLocalCluster({ broker: { autoCreateTopicEnable: false } });
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I'), autoBatch: true, retryTimesWhenSendFailed: 0 });
  await producer.start();
  const topic = fresh('Missing');
  const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => producer.send({ topic, body: `m${i}` })));
  for (const outcome of outcomes) {
    assert.equal(outcome.status, 'rejected');
    assert.ok(outcome.reason instanceof TopicNotExistError, String(outcome.reason));
  }
});

test('shutdown sends the held messages before it unregisters', async () => {
  await using cluster = await startLocalCluster();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const topic = await oneQueueTopic(cluster, admin);
  const producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I'), autoBatch: { maxDelayMs: 30_000 } });
  await producer.start();
  await producer.send({ topic, body: 'warm-up' }, { timeoutMs: 3_000 });
  const held = [producer.send({ topic, body: 'held 1' }), producer.send({ topic, body: 'held 2' })];
  await producer.shutdown();
  const results = await Promise.all(held);
  assert.deepEqual(results.map((r) => r.queueOffset), [1, 2]);
  const stored = await admin.viewMessage(results[1]!.offsetMsgId);
  assert.equal(stored.body.toString(), 'held 2');
});
