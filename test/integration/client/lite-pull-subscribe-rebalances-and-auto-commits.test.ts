// The lite pull consumer in subscribe mode: two members of a group split the topic's queues by
// rebalance (CONSUME_ACTIVELY in their heartbeats), each polls only its own queues, the tag
// expression filters, and with autoCommit the consumed offsets reach the broker at shutdown so
// a later member resumes after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createLitePullConsumer, type LitePullConsumerClient } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { bodyText, createTopic, evenPartition, fresh, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

async function drain(consumers: LitePullConsumerClient[], count: number, deadlineMs = 10_000): Promise<Array<{ consumer: number; message: ConsumedMessage }>> {
  const got: Array<{ consumer: number; message: ConsumedMessage }> = [];
  const deadline = Date.now() + deadlineMs;
  while (got.length < count) {
    if (Date.now() > deadline) throw new Error(`polled ${got.length} of ${count}`);
    const polls = await Promise.all(consumers.map((c) => c.poll(200)));
    polls.forEach((messages, consumer) => got.push(...messages.map((message) => ({ consumer, message }))));
  }
  return got;
}

test('lite pull subscribe: members split the queues, poll their own, auto-commit at shutdown', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const members = [0, 1].map(() =>
    createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), consumeFromWhere: 'FIRST_OFFSET' }).subscribe(topic, 'TagA'),
  );
  try {
    for (const member of members) await member.start();
    await untilRebalanced(members, () => evenPartition(queueIdsOf(members, topic)), 'two even shares');
    await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
    await admin.start();
    const connection = await admin.consumerConnections(group);
    assert.equal(connection.consumeType, 'CONSUME_ACTIVELY');
    assert.equal(connection.subscriptionTable.has(`%RETRY%${group}`), false, 'pull consumers do not subscribe the retry topic');

    for (let i = 0; i < 40; i++) await producer.send({ topic, body: `m${i}`, tags: i % 4 === 0 ? 'TagB' : 'TagA' });
    const got = await drain(members, 30);
    const shares = queueIdsOf(members, topic);
    assert.equal(new Set(got.map((x) => bodyText(x.message))).size, 30, 'the 30 TagA messages, once each');
    assert.ok(got.every((x) => x.message.tags === 'TagA'));
    for (const x of got) assert.ok(shares[x.consumer]!.includes(x.message.queueId), 'polled from its own queues only');
  } finally {
    for (const member of members) await member.shutdown();
  }

  await producer.send({ topic, body: 'after', tags: 'TagA' });
  await using later = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') }).subscribe(topic, 'TagA');
  await later.start();
  const rest = await drain([later], 1);
  assert.deepEqual(rest.map((x) => bodyText(x.message)), ['after'], 'the group resumes after what was polled');
  assert.deepEqual(await later.poll(300), [], 'and nothing older follows');
});
