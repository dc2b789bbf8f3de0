// Failover (issue 5 acceptance): with two broker groups, stopping one broker leaves sends
// succeeding on the other. The producer still has the stopped broker in its cached route, so
// the first send to it fails, is retried on the other broker at once, and the fault strategy
// then keeps further sends away from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import type { SendAttemptEvent } from '../../../src/client/api.js';
import { fresh } from './client-fixtures.js';

test('with two broker groups, stopping one leaves sends succeeding on the other', async () => {
  await using clusterA = await startLocalCluster({ broker: { brokerName: 'broker-a' } });
  await using clusterB = await startLocalCluster({ broker: { brokerName: 'broker-b', namesrvAddr: [clusterA.namesrvAddr] } });
  await using producer = createProducer({ nameServer: clusterA.namesrvAddr, group: fresh('PG'), instanceName: fresh('I') });
  await producer.start();
  const topic = fresh('T');

  // Auto-creation: the template route (TBW102) lists both brokers, so both create the topic.
  const before = await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, body: `before-${i}` })));
  assert.deepEqual(new Set(before.map((r) => r.messageQueue.brokerName)), new Set(['broker-a', 'broker-b']));

  const events: SendAttemptEvent[] = [];
  producer.on('send', (e) => events.push(e));
  await clusterB.broker.stop();

  const after = [];
  for (let i = 0; i < 20; i++) after.push(await producer.send({ topic, body: `after-${i}` }));
  assert.ok(after.every((r) => r.status === 'SEND_OK' && r.messageQueue.brokerName === 'broker-a'));

  const failed = events.filter((e) => e.outcome === 'error');
  assert.ok(failed.length >= 1, 'the stopped broker was tried while still in the cached route');
  assert.ok(failed.every((e) => e.brokerAddr === clusterB.brokerAddr));
  const lastFailure = events.lastIndexOf(failed.at(-1)!);
  assert.ok(events.slice(lastFailure + 1).every((e) => e.brokerAddr === clusterA.brokerAddr && e.outcome === 'ok'));
  assert.ok(events.length - failed.length === 20, 'each send succeeded exactly once');
});
