// mqadmin resetOffsetByTime with the group online: the broker commits the new offsets and sends
// RESET_CONSUMER_CLIENT_OFFSET to every member; a running push consumer drops the topic's
// queues, takes the new offsets and consumes again from there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { bodyText, Collector, createTopic, fresh } from './consumer-fixtures.js';

test('offset reset by the broker: a running consumer replays from the new offsets', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const got = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
    .subscribe(topic)
    .onMessage((m) => got.add(m));
  await consumer.start();
  for (let i = 0; i < 24; i++) await producer.send({ topic, body: `m${i}` });
  await got.count(24);

  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const reset = await admin.resetOffsetByTime(group, topic, 0, { force: true });
  assert.ok(reset.every(([, offset]) => offset === 0));

  const replayed = await got.count(48, 'every message a second time');
  const times = new Map<string, number>();
  for (const m of replayed) times.set(bodyText(m), (times.get(bodyText(m)) ?? 0) + 1);
  assert.ok([...times.values()].every((n) => n === 2), 'each message consumed once before the reset and once after');
});
