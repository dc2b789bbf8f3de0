// The README's producer and admin example, written against the package's public entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin, createProducer, InvalidArgumentError, type SendResult } from '../../../src/index.js';
import { fresh } from './client-fixtures.js';

test('the README example: create a topic, send, send in order, send a batch, look the message up', async () => {
  await using cluster = await startLocalCluster();
  const nameServer = cluster.namesrvAddr;
  const topic = fresh('Orders');

  // --- README example starts
  const admin = createAdmin({ nameServer });
  await admin.start();
  await admin.createTopic(topic, { clusterName: 'DefaultCluster' }, { writeQueueNums: 4, readQueueNums: 4 });

  const producer = createProducer({ nameServer, group: 'order-service' });
  producer.on('send', (e) => {
    if (e.outcome === 'error') console.warn(`attempt ${e.attempt} to ${e.brokerAddr} failed: ${e.error.message}`);
  });
  await producer.start();

  const result: SendResult = await producer.send({ topic, body: JSON.stringify({ id: 42 }), tags: 'created', keys: ['order-42'] });
  await producer.send({ topic, body: 'paid' }, { shardingKey: 'order-42', signal: AbortSignal.timeout(5_000) });
  await producer.sendBatch([{ topic, body: 'a' }, { topic, body: 'b' }]);
  const stored = await admin.viewMessage(result.offsetMsgId);

  await producer.shutdown();
  await admin.shutdown();
  // --- README example ends

  assert.equal(result.status, 'SEND_OK');
  assert.equal(stored.msgId, result.msgId);
  assert.equal(JSON.parse(stored.body.toString()).id, 42);
  assert.throws(() => createProducer({ nameServer, group: 'bad group' }), InvalidArgumentError, 'options are checked when the producer is made');
});
