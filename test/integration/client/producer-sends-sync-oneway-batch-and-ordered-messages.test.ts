// A producer against a real NameServer and broker: auto-created topic, what is stored for a
// sync send (tags, keys, properties, compressed body, UNIQ_KEY), oneway and batch sends, ordered
// sends by sharding key, many sends in flight, and the 'send' instrumentation event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import type { SendAttemptEvent } from '../../../src/client/api.js';
import { eventually, fresh } from './client-fixtures.js';

test('send: auto-creates the topic with 4 queues and stores tags, keys, properties and the unique id', async () => {
  await using cluster = await startLocalCluster();
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I') });
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await producer.start();
  await admin.start();
  const topic = fresh('T');
  const events: SendAttemptEvent[] = [];
  producer.on('send', (e) => events.push(e));

  const result = await producer.send({ topic, body: 'hello', tags: 'TagA', keys: ['k1', 'k2'], properties: { color: 'red' }, flag: 3 });
  assert.equal(result.status, 'SEND_OK');
  assert.match(result.msgId, /^[0-9A-F]{32}$/);
  assert.match(result.offsetMsgId, /^[0-9A-F]{32}$/);
  assert.equal(result.messageQueue.topic, topic);
  assert.equal(result.messageQueue.brokerName, 'broker-a');
  assert.equal(result.queueOffset, 0);
  assert.equal(result.regionId, 'DefaultRegion');
  assert.deepEqual(events.map((e) => [e.kind, e.outcome, e.attempt, e.brokerAddr]), [['send', 'ok', 0, cluster.brokerAddr]]);
  assert.ok(events[0]!.latencyMs >= 0);

  const route = await eventually(async () => {
    const r = await admin.topicRoute(topic).catch(() => undefined);
    return r?.queueDatas[0]?.writeQueueNums === 4 ? r : undefined;
  }, 'the auto-created topic in the NameServer');
  assert.deepEqual(route.queueDatas.map((q) => [q.readQueueNums, q.writeQueueNums, q.perm]), [[4, 4, 6]]);

  const stored = await admin.viewMessage(result.offsetMsgId);
  assert.equal(stored.topic, topic);
  assert.equal(stored.body.toString(), 'hello');
  assert.equal(stored.tags, 'TagA');
  assert.deepEqual(stored.keys, ['k1', 'k2']);
  assert.equal(stored.properties.get('color'), 'red');
  assert.equal(stored.msgId, result.msgId);
  assert.equal(stored.flag, 3);
  assert.equal(stored.queueId, result.messageQueue.queueId);

  const big = Buffer.alloc(64 * 1024, 'rocketmq ');
  const compressed = await producer.send({ topic, body: big });
  const bigStored = await admin.viewMessage(compressed.offsetMsgId);
  assert.equal(bigStored.sysFlag & 0x301, 0x301, 'stored with COMPRESSED | ZLIB');
  assert.deepEqual(bigStored.body, big);

  const found = await eventually(() => admin.queryMessageByUniqueKey(topic, result.msgId), 'the message in the unique-key index');
  assert.equal(found.offsetMsgId, result.offsetMsgId);
  const byKey = await eventually(async () => {
    const hits = await admin.queryMessagesByKey(topic, 'k2');
    return hits.length > 0 ? hits : undefined;
  }, 'the message in the key index');
  assert.deepEqual(byKey.map((m) => m.msgId), [result.msgId]);
});

test('many sends in flight, oneway and batches split at the size limit', async () => {
  await using cluster = await startLocalCluster();
  const maxMessageSize = 64 * 1024;
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I'), maxMessageSize });
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await producer.start();
  await admin.start();
  const topic = fresh('T');
  await producer.send({ topic, body: 'create' });

  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic, body: `m${i}` })));
  assert.equal(new Set(results.map((r) => r.msgId)).size, 200);
  assert.equal(new Set(results.map((r) => r.offsetMsgId)).size, 200);
  const perQueue = new Map<number, number[]>();
  for (const r of results) perQueue.set(r.messageQueue.queueId, [...(perQueue.get(r.messageQueue.queueId) ?? []), r.queueOffset]);
  assert.ok(perQueue.size > 1, 'round robin over the queues');
  for (const offsets of perQueue.values()) assert.equal(new Set(offsets).size, offsets.length, 'no offset handed out twice');

  await producer.sendOneway({ topic, body: 'oneway', keys: 'ow-key' });
  await eventually(async () => ((await admin.queryMessagesByKey(topic, 'ow-key')).length > 0 ? true : undefined), 'the oneway message');

  const messages = Array.from({ length: 40 }, (_, i) => ({ topic, body: Buffer.alloc(4 * 1024, i), keys: `batch-${i}` }));
  const parts = await producer.sendBatch(messages);
  assert.ok(parts.length >= 3, `a 160 KiB batch in ${parts.length} requests of at most 64 KiB`);
  assert.equal(parts.reduce((n, p) => n + p.msgIds.length, 0), 40);
  for (const part of parts) {
    assert.equal(part.status, 'SEND_OK');
    assert.equal(part.offsetMsgIds.length, part.msgIds.length);
    const first = await admin.viewMessage(part.offsetMsgIds[0]!);
    const last = await admin.viewMessage(part.offsetMsgIds.at(-1)!);
    assert.equal(first.msgId, part.msgIds[0]);
    assert.equal(first.queueOffset, part.queueOffset);
    assert.equal(last.queueOffset, part.queueOffset + part.msgIds.length - 1, 'consecutive offsets in one queue');
    assert.equal(first.sysFlag & 1, 0, 'batch members are not compressed');
  }
  const tenth = await admin.viewMessage(parts.flatMap((p) => p.offsetMsgIds)[10]!);
  assert.deepEqual(tenth.keys, ['batch-10'], 'order kept across the split');
});

test('ordered sends: a sharding key always lands on one queue, in send order', async () => {
  await using cluster = await startLocalCluster();
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I') });
  await producer.start();
  const topic = fresh('T');
  await producer.send({ topic, body: 'create' });
  for (const key of ['order-1', 'order-2', 'order-3']) {
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await producer.send({ topic, body: `${key}:${i}` }, { shardingKey: key }));
    assert.equal(new Set(results.map((r) => r.messageQueue.queueId)).size, 1, `${key} on one queue`);
    const offsets = results.map((r) => r.queueOffset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), `${key} in send order`);
  }
  const pinned = await producer.send({ topic, body: 'pinned' }, { messageQueue: { topic, brokerName: 'broker-a', queueId: 2 } });
  assert.equal(pinned.messageQueue.queueId, 2);
  const chosen = await producer.send({ topic, body: 'selected' }, { selector: (queues) => queues.at(-1)!, arg: undefined });
  assert.equal(chosen.messageQueue.queueId, 3);
});
