// CLUSTERING: while messages flow, a third consumer joins and then one of the first two leaves.
// Nothing is lost; messages consumed twice are counted and reported, and they are bounded by
// what was in flight at the hand-overs: only queues that changed owner repeat messages, and at
// most two pull batches each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer, type PushConsumerClient } from '../../../src/client/consumer/push/push-consumer.js';
import { pushPullBatchSizeDefault } from '../../../src/client/consumer/consumer-settings.js';
import { bodyText, Collector, createTopic, evenPartition, fresh, queueCount, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

test('rebalance: a consumer joins and one leaves mid-stream, no message lost', async (t) => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();

  const group = fresh('G');
  const got = new Collector<{ consumer: number; body: string; queueId: number }>();
  const owners = new Map<number, Set<number>>();
  const make = (i: number): PushConsumerClient => {
    const consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh(`C${i}`) })
      .subscribe(topic)
      .onMessage((m) => got.add({ consumer: i, body: bodyText(m), queueId: m.queueId }));
    consumer.on('rebalance', (e) => {
      for (const q of e.added) if (q.topic === topic) (owners.get(q.queueId) ?? owners.set(q.queueId, new Set()).get(q.queueId)!).add(i);
    });
    return consumer;
  };
  const [a, b, c] = [make(0), make(1), make(2)];
  try {
    await a.start();
    await b.start();
    await untilRebalanced([a, b], () => evenPartition(queueIdsOf([a, b], topic)), 'two members share the queues');

    const count = 900;
    for (let i = 0; i < count; i++) {
      if (i === 300) await c.start();
      if (i === 600) await a.shutdown();
      await producer.send({ topic, body: `m${i}` });
    }
    await got.until((items) => new Set(items.map((x) => x.body)).size === count, 'every message at least once', 30_000);
    await untilRebalanced([b, c], () => evenPartition(queueIdsOf([b, c], topic)), 'the two remaining members share the queues');

    const seen = new Map<string, number>();
    for (const item of got.items) seen.set(item.body, (seen.get(item.body) ?? 0) + 1);
    const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    const moved = [...owners].filter(([, who]) => who.size > 1).map(([q]) => q);
    t.diagnostic(`messages ${count}, deliveries ${got.items.length}, duplicates ${duplicates}, queues that changed owner ${moved.length}/${queueCount}`);
    const repeatedQueues = new Set(got.items.filter((x) => seen.get(x.body)! > 1).map((x) => x.queueId));
    for (const q of repeatedQueues) assert.ok(moved.includes(q), `queue ${q} repeated messages without changing owner`);
    assert.ok(duplicates <= moved.length * 2 * pushPullBatchSizeDefault, `${duplicates} duplicates over ${moved.length} moved queues`);
  } finally {
    for (const consumer of [a, b, c]) await consumer.shutdown();
  }
});
