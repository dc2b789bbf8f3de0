// The README's produce / consume / pull example, through the public entry point (src/index.ts),
// against a local cluster: it type-checks with the published types and does what it says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createLitePullConsumer, createProducer, createPushConsumer, type ConsumedMessage } from '../../../src/index.js';

test('README example: produce, consume with a push consumer, pull with an async iterator', async () => {
  await using cluster = await startLocalCluster();
  const nameServer = cluster.namesrvAddr;
  const consumed: string[] = [];
  const audited: ConsumedMessage[] = [];
  let allConsumed: () => void = () => undefined;
  const consumedAll = new Promise<void>((resolve) => (allConsumed = resolve));

  // --- README: produce ---
  const producer = createProducer({ nameServer, group: 'OrderProducers' });
  await producer.start();
  const result = await producer.send({ topic: 'Orders', body: JSON.stringify({ id: 42 }), tags: 'Created', keys: ['order-42'] });
  await producer.send({ topic: 'Orders', body: 'paid', tags: 'Paid' }, { shardingKey: 'order-42' });

  // --- README: consume (push) ---
  const consumer = createPushConsumer({ nameServer, group: 'OrderService' })
    .subscribe('Orders', 'Created || Paid')
    .onMessage(async (msg) => {
      consumed.push(`${msg.tags}:${msg.body.toString()}`);
      if (consumed.length === 2) allConsumed();
      // return 'RECONSUME_LATER' (or throw) to get the message again later through %RETRY%OrderService
    });
  await consumer.start();

  // --- README: pull ---
  const puller = createLitePullConsumer({ nameServer, group: 'OrderAudit', autoCommit: false, consumeFromWhere: 'FIRST_OFFSET' });
  await puller.start();
  puller.assign(await puller.fetchMessageQueues('Orders'));
  const stop = new AbortController();
  for await (const msg of puller.messages({ signal: stop.signal })) {
    audited.push(msg);
    if (audited.length === 2) stop.abort();
  }
  await puller.commitSync();

  await consumedAll;
  await Promise.all([consumer.shutdown(), puller.shutdown(), producer.shutdown()]);

  assert.equal(result.status, 'SEND_OK');
  assert.deepEqual(consumed.sort(), ['Created:{"id":42}', 'Paid:paid']);
  assert.deepEqual(audited.map((m) => m.keys.join()).sort(), ['', 'order-42']);
  assert.ok(audited.some((m) => m.msgId === result.msgId));
});
