// A push consumer (CLUSTERING, default settings) gets every message sent to an 8-queue topic,
// once, with topic, tags, keys, user properties, ids, queue and timestamps as sent; a
// compressed (>= 4 KiB) body arrives inflated; a tag subscription keeps only its tags. The
// broker knows the consumer from its heartbeat: CONSUME_PASSIVELY, CLUSTERING, its
// consumeFromWhere and subscriptions, %RETRY%group included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { bodyText, Collector, createTopic, fresh } from './consumer-fixtures.js';

test('push consumer: every message once, fields as sent, big bodies inflated, tags filtered', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();

  const all = new Collector();
  const tagB = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group: fresh('G'), instanceName: fresh('C'), consumeFromWhere: 'FIRST_OFFSET' })
    .subscribe(topic, '*')
    .onMessage((m) => all.add(m));
  await using tagConsumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group: fresh('G'), instanceName: fresh('C') })
    .subscribe(topic, 'TagB || TagX')
    .onMessage((m) => tagB.add(m));
  await consumer.start();
  await tagConsumer.start();

  const sent = [];
  for (let i = 0; i < 40; i++) {
    const tags = i % 2 === 0 ? 'TagA' : 'TagB';
    sent.push(await producer.send({ topic, body: `m${i}`, tags, keys: [`k${i}`], properties: { n: String(i) } }));
  }
  const big = 'x'.repeat(10_000);
  const bigResult = await producer.send({ topic, body: big, tags: 'TagA' });

  const got = await all.count(41);
  const byBody = new Map<string, ConsumedMessage>(got.map((m) => [bodyText(m), m]));
  assert.equal(byBody.size, 41, 'no duplicates while membership is stable');
  for (let i = 0; i < 40; i++) {
    const m = byBody.get(`m${i}`);
    assert.ok(m, `m${i} received`);
    assert.equal(m.topic, topic);
    assert.equal(m.tags, i % 2 === 0 ? 'TagA' : 'TagB');
    assert.deepEqual(m.keys, [`k${i}`]);
    assert.equal(m.properties.get('n'), String(i));
    assert.equal(m.msgId, sent[i]!.msgId);
    assert.equal(m.offsetMsgId, sent[i]!.offsetMsgId);
    assert.deepEqual(m.messageQueue, sent[i]!.messageQueue);
    assert.equal(m.queueOffset, sent[i]!.queueOffset);
    assert.equal(m.reconsumeTimes, 0);
    assert.ok(m.storeTimestamp >= m.bornTimestamp - 1000);
  }
  const bigMessage = byBody.get(big);
  assert.ok(bigMessage, 'the compressed message arrives inflated');
  assert.equal(bigMessage.msgId, bigResult.msgId);
  assert.equal(bigMessage.sysFlag & 0x1, 0x1, 'it was stored compressed');

  const tagged = await tagB.count(20);
  assert.deepEqual(new Set(tagged.map((m) => m.tags)), new Set(['TagB']));
  assert.equal(new Set(tagged.map(bodyText)).size, 20);
});

test('push consumer: the broker has its heartbeat data', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  const group = fresh('G');
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), consumeFromWhere: 'TIMESTAMP' })
    .subscribe(topic, 'TagA || TagB')
    .onMessage(() => undefined);
  await consumer.start();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const connection = await admin.consumerConnections(group);
  assert.deepEqual(connection.connectionSet.map((c) => c.clientId), [consumer.clientId]);
  assert.equal(connection.consumeType, 'CONSUME_PASSIVELY');
  assert.equal(connection.messageModel, 'CLUSTERING');
  assert.equal(connection.consumeFromWhere, 'CONSUME_FROM_TIMESTAMP');
  const subscription = connection.subscriptionTable.get(topic);
  assert.deepEqual([subscription?.subString, subscription?.tagsSet, subscription?.codeSet], ['TagA || TagB', ['TagA', 'TagB'], [2598919, 2598920]]);
  assert.equal(connection.subscriptionTable.get(`%RETRY%${group}`)?.subString, '*');
});

test('push consumer: subscribed before its topic exists, it starts once a producer creates the topic', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  const got = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group: fresh('G'), instanceName: fresh('C') })
    .subscribe(topic)
    .onMessage((m) => got.add(m));
  await consumer.start();
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  await producer.send({ topic, body: 'first' });
  const [first] = await got.count(1);
  assert.equal(bodyText(first!), 'first', 'the message sent before the consumer had the route is consumed (offset 0 of a new queue)');
});
