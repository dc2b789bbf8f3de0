// ali-ons (child processes) against real `rmq namesrv` and `rmq broker` processes: a consumer whose
// handler throws gets each message again through %RETRY%<group> (CONSUMER_SEND_MSG_BACK, then
// delay level 3 = 10 s with the default messageDelayLevel), with reconsumeTimes 1, its original
// topic, body and keys, and the first delivery's id as ORIGIN_MESSAGE_ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAdmin } from '../../src/client/admin/admin-client.js';
import { launchBrokerCluster } from '../e2e/broker/broker-processes.js';
import { closeAliOnsConsumer, produceWithAliOns, startAliOnsConsumer } from './fixtures/ali-ons-runs.js';
import { createRoutableTopic } from './fixtures/broker-probes.js';

const messageCount = 3;
/** Delay level 3 + reconsumeTimes 0 with the default messageDelayLevel. */
const firstRetryDelayMs = 10_000;
/** The first retry waits for delay level 3 (10 s), then for route, rebalance and pull. */
const redeliveryTimeoutMs = 40_000;

test('ali-ons: a message whose consumer throws comes back through the retry topic with reconsumeTimes 1', async () => {
  await using cluster = await launchBrokerCluster();
  const suffix = randomUUID().slice(0, 8);
  const topic = `AliOnsRetry-${suffix}`;
  const group = `GID_retry_${suffix}`;
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  await createRoutableTopic(admin, cluster.brokerAddr, topic, 2);
  await using consumer = await startAliOnsConsumer({
    nameSrv: cluster.namesrvAddr,
    group,
    topic,
    expression: 'TagA',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    failFirstDelivery: true,
  });

  const batch = Array.from({ length: messageCount }, (_, i) => ({ topic, tags: 'TagA', keys: [`retry-${suffix}-${i}`], body: `fails once ${i}` }));
  await produceWithAliOns(cluster.namesrvAddr, batch);
  await consumer.waitUntil((events) => events.filter((e) => e.event === 'message').length >= messageCount, redeliveryTimeoutMs, 'every redelivery');

  const failed = new Map(consumer.eventsOf('failed').map((e) => [e.keys, e]));
  const redelivered = consumer.eventsOf('message');
  assert.equal(failed.size, messageCount, 'each message failed once first');
  assert.deepEqual(new Set(redelivered.map((e) => e.keys)), new Set(batch.map((m) => m.keys[0])));
  for (const again of redelivered) {
    const first = failed.get(again.keys)!;
    assert.equal(first.reconsumeTimes, 0);
    assert.ok(Number(again.reconsumeTimes) >= 1, `reconsumeTimes ${String(again.reconsumeTimes)}`);
    assert.equal(again.topic, topic, 'ali-ons restores the original topic from RETRY_TOPIC');
    assert.equal(again.retryTopic, topic);
    assert.equal(again.originMessageId, first.msgId, 'ORIGIN_MESSAGE_ID is the first delivery id');
    assert.equal(again.body, first.body);
    assert.notEqual(again.msgId, first.msgId, 'a new record in the retry topic');
    // Held for level 3 by the broker's send-back rule; ali-ons' fallback send (code 310) would not delay it.
    const heldMs = Number(again.receivedAt) - Number(first.receivedAt);
    assert.ok(heldMs >= firstRetryDelayMs, `redelivered ${heldMs} ms after the failure`);
  }
  // The copies went through the group's retry topic on the broker.
  const retryStats = await admin.topicStats(`%RETRY%${group}`);
  const retried = retryStats.offsetTable.reduce((sum, [, offsets]) => sum + Number(offsets.maxOffset) - Number(offsets.minOffset), 0);
  assert.ok(retried >= messageCount, `%RETRY%${group} holds ${retried} messages`);
  await closeAliOnsConsumer(consumer);
});
