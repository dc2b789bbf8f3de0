// Orderly consumption: messages sent with a sharding key (one queue per key) are consumed, per
// key, in the order they were sent — one at a time per queue, handlers that yield included —
// also when the consumer is shut down mid-stream and another member of the group takes over;
// a clean hand-over consumes nothing twice. Two orderly members running at once never consume
// the same queue at the same time (the broker lock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer, type PushConsumerClient } from '../../../src/client/consumer/push/push-consumer.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { bodyText, Collector, createTopic, evenPartition, fresh, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

const keys = Array.from({ length: 10 }, (_, i) => `key${i}`);

interface Delivery {
  consumer: string;
  key: string;
  seq: number;
  queueId: number;
}

function parse(consumer: string, m: ConsumedMessage): Delivery {
  const [key, seq] = bodyText(m).split(':');
  return { consumer, key: key!, seq: Number(seq), queueId: m.queueId };
}

function assertPerKeyOrder(items: Delivery[], perKey: number): void {
  for (const key of keys) {
    const seqs = items.filter((d) => d.key === key).map((d) => d.seq);
    assert.deepEqual(seqs, Array.from({ length: perKey }, (_, i) => i), `${key} consumed in send order, once each`);
  }
}

test('orderly: per sharding key the consumption order is the send order, across a consumer restart', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const got = new Collector<Delivery>();
  const running = new Set<number>();
  const overlaps: number[] = [];
  const make = (name: string): PushConsumerClient =>
    createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh(name), orderly: true })
      .subscribe(topic)
      .onMessage(async (m) => {
        if (running.has(m.queueId)) overlaps.push(m.queueId);
        running.add(m.queueId);
        await new Promise((resolve) => setImmediate(resolve));
        got.add(parse(name, m));
        running.delete(m.queueId);
      });

  const first = make('A');
  await first.start();
  await untilRebalanced([first], () => queueIdsOf([first], topic)[0]!.length === 8, 'A holds every queue');
  const perKey = 30;
  let second: PushConsumerClient | undefined;
  try {
    for (let seq = 0; seq < perKey; seq++) {
      if (seq === perKey / 2) {
        await got.count(keys.length * 5, 'A consumed a part');
        await first.shutdown();
        second = make('B');
        await second.start();
      }
      for (const key of keys) await producer.send({ topic, body: `${key}:${seq}` }, { shardingKey: key });
    }
    const items = await got.count(keys.length * perKey, 'every message', 20_000);
    assertPerKeyOrder(items, perKey);
    assert.deepEqual(overlaps, [], 'never two handlers at once on one queue');
    assert.ok(items.some((d) => d.consumer === 'A') && items.some((d) => d.consumer === 'B'), 'both consumers took part');
  } finally {
    await first.shutdown();
    await second?.shutdown();
  }
});

test('orderly: two members at once, each queue consumed by one of them, in order', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const got = new Collector<Delivery>();
  const members = ['A', 'B'].map((name) =>
    createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh(name), orderly: true })
      .subscribe(topic)
      .onMessage((m) => got.add(parse(name, m))),
  );
  try {
    for (const member of members) await member.start();
    await untilRebalanced(members, () => evenPartition(queueIdsOf(members, topic)), 'two even shares');
    const perKey = 20;
    for (let seq = 0; seq < perKey; seq++) for (const key of keys) await producer.send({ topic, body: `${key}:${seq}` }, { shardingKey: key });
    const items = await got.count(keys.length * perKey);
    assertPerKeyOrder(items, perKey);
    const shares = queueIdsOf(members, topic);
    for (const d of items) assert.ok(shares[d.consumer === 'A' ? 0 : 1]!.includes(d.queueId), `queue ${d.queueId} consumed by ${d.consumer}, not its holder`);
  } finally {
    for (const member of members) await member.shutdown();
  }
});
