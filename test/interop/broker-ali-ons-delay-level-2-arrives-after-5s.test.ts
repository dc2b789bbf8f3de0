// ali-ons (child processes) against real `rmq namesrv` and `rmq broker` processes: a message sent
// with delayTimeLevel 2 (5 s with the default messageDelayLevel) reaches the consumer no sooner
// than 5 s after it was sent, while a plain message sent alongside it arrives at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAdmin } from '../../src/client/admin/admin-client.js';
import { launchBrokerCluster } from '../e2e/broker/broker-processes.js';
import { closeAliOnsConsumer, produceWithAliOns, startAliOnsConsumer } from './fixtures/ali-ons-runs.js';
import { createRoutableTopic } from './fixtures/broker-probes.js';

const level2DelayMs = 5000;
/** Generous: delivery waits for the level's timer, then the consumer's long poll wakes. */
const deliveryTimeoutMs = 30_000;

test('ali-ons: a delay-level-2 message arrives no sooner than 5 s after it was sent', async () => {
  await using cluster = await launchBrokerCluster();
  const suffix = randomUUID().slice(0, 8);
  const topic = `AliOnsDelay-${suffix}`;
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  await createRoutableTopic(admin, cluster.brokerAddr, topic, 2);
  await using consumer = await startAliOnsConsumer({
    nameSrv: cluster.namesrvAddr,
    group: `GID_delay_${suffix}`,
    topic,
    expression: '*',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
  });

  const [delayedSend, plainSend] = await produceWithAliOns(cluster.namesrvAddr, [
    { topic, tags: 'TagA', keys: [`delayed-${suffix}`], body: 'delayed by level 2', delayLevel: 2 },
    { topic, tags: 'TagA', keys: [`plain-${suffix}`], body: 'not delayed' },
  ]);
  const plain = await consumer.waitFor((e) => e.event === 'message' && e.keys === `plain-${suffix}`, deliveryTimeoutMs, 'the plain message');
  const delayed = await consumer.waitFor((e) => e.event === 'message' && e.keys === `delayed-${suffix}`, deliveryTimeoutMs, 'the delayed message');

  const delayedAfterMs = Number(delayed.receivedAt) - Number(delayedSend!.sentAt);
  assert.ok(delayedAfterMs >= level2DelayMs, `delayed message arrived ${delayedAfterMs} ms after sending`);
  assert.ok(Number(plain.receivedAt) - Number(plainSend!.sentAt) < level2DelayMs, 'the plain message is not held');
  assert.ok(Number(plain.receivedAt) < Number(delayed.receivedAt));
  assert.equal(delayed.topic, topic, 'delivered under its own topic, not SCHEDULE_TOPIC_XXXX');
  assert.equal(delayed.body, 'delayed by level 2');
  assert.equal(consumer.eventsOf('message').length, 2, 'each message once');
  await closeAliOnsConsumer(consumer);
});
