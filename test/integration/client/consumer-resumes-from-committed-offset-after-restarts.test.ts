// Restart: a CLUSTERING group's consumer commits at shutdown; after the consumer and the broker
// (same data folder) restart, the group resumes from its committed offsets — only new messages.
// And a consumer that stays up while its broker restarts on the same ports reconnects, is
// registered again and goes on without losing a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { bodyText, Collector, createTopic, eventually, fresh } from './consumer-fixtures.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';

test('restart: after the consumer and the broker restart the group resumes at its committed offsets', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rmq-restart-'));
  const topic = fresh('T');
  const group = fresh('G');
  try {
    {
      await using cluster = await startLocalCluster({ dataDir });
      await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
      await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
      await producer.start();
      const got = new Collector();
      await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
        .subscribe(topic)
        .onMessage((m) => got.add(m));
      await consumer.start();
      for (let i = 0; i < 50; i++) await producer.send({ topic, body: `old${i}` });
      await got.count(50);
      await consumer.shutdown();
    }
    await using cluster = await startLocalCluster({ dataDir });
    await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
    await admin.start();
    await eventually(() => admin.topicRoute(topic).catch(() => undefined), `route of ${topic} after the restart`);
    await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
    await producer.start();
    for (let i = 0; i < 20; i++) await producer.send({ topic, body: `new${i}` });
    const got = new Collector();
    await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
      .subscribe(topic)
      .onMessage((m) => got.add(m));
    await consumer.start();
    await got.count(20);
    await producer.send({ topic, body: 'last' });
    await got.until((items) => items.some((m) => bodyText(m) === 'last'), 'a message sent after the resume');
    assert.deepEqual(got.items.filter((m) => bodyText(m).startsWith('old')).map(bodyText), [], 'nothing consumed before the restart comes again');
    assert.equal(new Set(got.items.map(bodyText)).size, 21);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('restart: a running consumer survives its broker restarting on the same ports', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rmq-restart-'));
  const topic = fresh('T');
  try {
    const first = await startLocalCluster({ dataDir });
    const namesrvPort = Number(first.namesrvAddr.split(':')[1]);
    const brokerPort = Number(first.brokerAddr.split(':')[1]);
    await createTopic(first.namesrvAddr, first.brokerAddr, topic);
    const got = new Collector();
    await using consumer = createPushConsumer({ nameServer: first.namesrvAddr, group: fresh('G'), instanceName: fresh('C') })
      .subscribe(topic)
      .onMessage((m) => got.add(m));
    await consumer.start();
    {
      await using producer = createProducer({ nameServer: first.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
      await producer.start();
      for (let i = 0; i < 20; i++) await producer.send({ topic, body: `before${i}` });
      await got.count(20);
    }
    await first.close();
    await using second = await startLocalCluster({ dataDir, namesrv: { listenPort: namesrvPort }, broker: { listenPort: brokerPort } });
    await using producer = createProducer({ nameServer: second.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
    await producer.start();
    await eventually(() => producer.send({ topic, body: 'after0' }).catch(() => undefined), 'a send to the restarted broker');
    for (let i = 1; i < 20; i++) await producer.send({ topic, body: `after${i}` });
    await got.until((items) => items.filter((m) => bodyText(m).startsWith('after')).length >= 20, 'the messages sent after the restart', 30_000);
    assert.equal(new Set(got.items.map(bodyText)).size, 40, 'nothing lost');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
