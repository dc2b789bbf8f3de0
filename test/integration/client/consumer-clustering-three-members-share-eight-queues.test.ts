// CLUSTERING: three push consumers of one group split 8 queues (AVG: 3, 3, 2) and, while the
// membership stays the same, each message is consumed by exactly one of them, from a queue that
// consumer holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer, type PushConsumerClient } from '../../../src/client/consumer/push/push-consumer.js';
import { bodyText, Collector, createTopic, evenPartition, fresh, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

test('clustering: 3 consumers on 8 queues, every message consumed by exactly one', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();

  const group = fresh('G');
  const got = new Collector<{ consumer: number; body: string; queueId: number }>();
  const consumers: PushConsumerClient[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh(`C${i}`) })
        .subscribe(topic)
        .onMessage((m) => got.add({ consumer: i, body: bodyText(m), queueId: m.queueId }));
      consumers.push(consumer);
      await consumer.start();
    }
    await untilRebalanced(consumers, () => evenPartition(queueIdsOf(consumers, topic)), 'three even shares of the 8 queues');
    const shares = queueIdsOf(consumers, topic);
    assert.deepEqual(shares.map((s) => s.length).sort(), [2, 3, 3]);

    const count = 300;
    for (let i = 0; i < count; i++) await producer.send({ topic, body: `m${i}` });
    const items = await got.count(count);
    const bodies = new Set(items.map((x) => x.body));
    assert.equal(bodies.size, count, 'every message arrived');
    assert.equal(items.length, count, 'none twice');
    for (const item of items) assert.ok(shares[item.consumer]!.includes(item.queueId), `consumer ${item.consumer} got a message of queue ${item.queueId}, not one of its own`);
    assert.ok(shares.every((_, i) => items.some((x) => x.consumer === i)), 'each member consumed');
  } finally {
    for (const consumer of consumers) await consumer.shutdown();
  }
});
