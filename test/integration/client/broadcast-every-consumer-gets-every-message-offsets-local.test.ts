// BROADCASTING: every consumer of the group gets every message; offsets go to
// <offsetStoreDir>/<clientId>/<group>/offsets.json and never to the broker; a consumer started
// again with the same instanceName resumes from its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer, type PushConsumerClient } from '../../../src/client/consumer/push/push-consumer.js';
import { decodeResetOffsetBody } from '../../../src/remoting/protocol/bodies/reset-offset-body.js';
import { bodyText, Collector, createTopic, fresh, queueCount, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

test('broadcasting: all consumers get all messages, offsets stay in a local file', async () => {
  await using cluster = await startLocalCluster();
  const offsetStoreDir = mkdtempSync(join(tmpdir(), 'rmq-offsets-'));
  try {
    const topic = fresh('T');
    await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
    await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
    await producer.start();
    const group = fresh('G');
    const instanceNames = [fresh('C0'), fresh('C1'), fresh('C2')];
    const collectors = instanceNames.map(() => new Collector());
    const make = (i: number): PushConsumerClient =>
      createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: instanceNames[i], messageModel: 'BROADCASTING', offsetStoreDir })
        .subscribe(topic)
        .onMessage((m) => collectors[i]!.add(m));
    const consumers = [make(0), make(1), make(2)];
    for (const consumer of consumers) await consumer.start();
    await untilRebalanced(consumers, () => queueIdsOf(consumers, topic).every((ids) => ids.length === queueCount), 'every consumer reads every queue');

    const count = 60;
    for (let i = 0; i < count; i++) await producer.send({ topic, body: `m${i}` });
    for (const collector of collectors) {
      const got = await collector.count(count);
      assert.equal(new Set(got.map(bodyText)).size, count, 'each consumer has every message');
      assert.equal(got.length, count);
    }
    for (const consumer of consumers) await consumer.shutdown();

    for (const consumer of consumers) {
      const file = join(offsetStoreDir, consumer.clientId, group, 'offsets.json');
      const table = decodeResetOffsetBody(readFileSync(file, 'utf8')).offsetTable.filter(([q]) => q.topic === topic);
      assert.equal(table.length, queueCount, `${file} has every queue`);
      assert.equal(table.reduce((sum, [, offset]) => sum + offset, 0), count, 'the offsets add up to what was consumed');
    }
    await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
    await admin.start();
    const brokerOffsets = await admin.allConsumerOffsets(cluster.brokerAddr);
    assert.ok(![...brokerOffsets.offsetTable.keys()].some((key) => key.endsWith(`@${group}`)), 'the broker has no offset of the group');

    const again = new Collector();
    await using restarted = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: instanceNames[0], messageModel: 'BROADCASTING', offsetStoreDir })
      .subscribe(topic)
      .onMessage((m) => again.add(m));
    await restarted.start();
    await untilRebalanced([restarted], () => queueIdsOf([restarted], topic)[0]!.length === queueCount, 'the restarted consumer reads every queue');
    for (let i = count; i < count + 5; i++) await producer.send({ topic, body: `m${i}` });
    const late = await again.count(5);
    await restarted.shutdown();
    assert.deepEqual(new Set(late.map(bodyText)), new Set(['m60', 'm61', 'm62', 'm63', 'm64']), 'resumed from the file, nothing old again');
    assert.equal(again.items.length, 5);
  } finally {
    rmSync(offsetStoreDir, { recursive: true, force: true });
  }
});
