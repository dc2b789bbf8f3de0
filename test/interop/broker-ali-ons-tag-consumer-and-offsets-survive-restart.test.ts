// ali-ons 3.12.0 (a real third-party RocketMQ client, in child processes) against real
// `rmq namesrv` and `rmq broker` processes: 1,000 messages with mixed tags and keys; a clustering
// consumer subscribed to TagA gets exactly the TagA ones with bodies and keys intact; the
// group's committed offsets survive a broker restart (SIGTERM, start on the same folder), and a
// consumer of the same group afterwards gets only the messages sent after the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAdmin } from '../../src/client/admin/admin-client.js';
import { launchBrokerCluster } from '../e2e/broker/broker-processes.js';
import type { AliOnsChild } from './fixtures/ali-ons-child.js';
import type { ConsumerSpec } from './fixtures/ali-ons-consumer.js';
import type { MessageToSend } from './fixtures/ali-ons-producer.js';
import { closeAliOnsConsumer, produceWithAliOns, startAliOnsConsumer } from './fixtures/ali-ons-runs.js';
import { committedOffsets, createRoutableTopic, eventually } from './fixtures/broker-probes.js';

const messageCount = 1000;
const afterRestartCount = 24;
const queueNums = 4;
const consumeTimeoutMs = 30_000;
const offsetsDeadlineMs = 15_000;

/** Every third message is TagB, the others TagA; bodies carry non-ASCII text to check UTF-8. */
function messages(topic: string, prefix: string, count: number): MessageToSend[] {
  return Array.from({ length: count }, (_, i) => ({
    topic,
    tags: i % 3 === 0 ? 'TagB' : 'TagA',
    keys: [`${prefix}-${i}`, `order-${i}`],
    body: `${prefix} message ${i}: héllo wörld ✓ ${'x'.repeat(i % 50)}`,
  }));
}

/** The delivered messages as key -> {tags, body}, checking that no key came twice. */
function deliveredByKey(consumer: AliOnsChild): Map<string, { tags: unknown; body: unknown }> {
  const byKey = new Map<string, { tags: unknown; body: unknown }>();
  for (const e of consumer.eventsOf('message')) {
    const key = String(e.keys);
    assert.equal(byKey.has(key), false, `delivered twice: ${key}`);
    byKey.set(key, { tags: e.tags, body: e.body });
  }
  return byKey;
}

function expectedTagA(batch: readonly MessageToSend[]): Map<string, { tags: unknown; body: unknown }> {
  return new Map(batch.filter((m) => m.tags === 'TagA').map((m) => [m.keys.join(' '), { tags: m.tags, body: m.body }]));
}

test('ali-ons: a TagA consumer gets exactly the TagA messages, and its offsets survive a broker restart', async () => {
  await using cluster = await launchBrokerCluster();
  const { namesrvAddr, brokerAddr } = cluster;
  const suffix = randomUUID().slice(0, 8);
  const topic = `AliOnsTags-${suffix}`;
  const group = `GID_tags_${suffix}`;
  await using admin = createAdmin({ nameServer: namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  await createRoutableTopic(admin, brokerAddr, topic, queueNums);
  const spec: ConsumerSpec = { nameSrv: namesrvAddr, group, topic, expression: 'TagA', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' };

  // 1,000 messages, TagA and TagB mixed, each with two keys.
  const batch = messages(topic, `k${suffix}`, messageCount);
  const expected = expectedTagA(batch);
  {
    await using consumer = await startAliOnsConsumer(spec);
    const sent = await produceWithAliOns(namesrvAddr, batch);
    assert.deepEqual(new Set(sent.map((e) => Number(e.queueId))), new Set([0, 1, 2, 3]), 'spread over every queue');

    await consumer.waitUntil((events) => events.filter((e) => e.event === 'message').length >= expected.size, consumeTimeoutMs, `${expected.size} TagA deliveries`);
    assert.deepEqual(deliveredByKey(consumer), expected, 'exactly the TagA messages, bodies and keys intact');

    // The consumer commits past every message it consumed (the end of a queue whose last
    // messages are TagB is committed only after a long poll there expires, so that is not awaited).
    const pastLastTagA = new Map<number, number>();
    for (const e of sent) {
      if (batch[Number(e.index)]?.tags !== 'TagA') continue;
      const queueId = Number(e.queueId);
      pastLastTagA.set(queueId, Math.max(pastLastTagA.get(queueId) ?? 0, Number(e.queueOffset) + 1));
    }
    await eventually(async () => {
      const offsets = await committedOffsets(admin, group, topic);
      return [...pastLastTagA].every(([q, past]) => (offsets.get(q)?.consumer ?? -1) >= past) ? offsets : undefined;
    }, 'committed offsets past the last TagA message of every queue', offsetsDeadlineMs);
    await closeAliOnsConsumer(consumer);
  }
  const before = await committedOffsets(admin, group, topic);

  // A clean restart of the broker process on the same folder and port.
  assert.deepEqual(await cluster.restartBroker('SIGTERM'), { code: 0, signal: null });
  const after = await eventually(async () => {
    const offsets = await committedOffsets(admin, group, topic);
    return offsets.size === queueNums ? offsets : undefined;
  }, 'consume stats after the restart');
  assert.deepEqual(after, before, 'committed and max offsets unchanged by the restart');

  // The same group again, still CONSUME_FROM_FIRST_OFFSET: it resumes from the committed offsets,
  // so it gets only what is sent now.
  await using resumed = await startAliOnsConsumer(spec);
  const fresh = messages(topic, `r${suffix}`, afterRestartCount);
  await produceWithAliOns(namesrvAddr, fresh);
  const expectedFresh = expectedTagA(fresh);
  await resumed.waitUntil((events) => events.filter((e) => e.event === 'message').length >= expectedFresh.size, consumeTimeoutMs, `${expectedFresh.size} new TagA deliveries`);
  assert.deepEqual(deliveredByKey(resumed), expectedFresh, 'only the messages sent after the restart');
  await closeAliOnsConsumer(resumed);
});
