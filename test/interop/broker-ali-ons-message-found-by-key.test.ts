// Messages sent by ali-ons (child process) to real `rmq namesrv` and `rmq broker` processes are
// found again by key (QUERY_MESSAGE through our admin client; ali-ons 3.12.0 has no query call)
// and by the message id ali-ons got back from the send (VIEW_MESSAGE_BY_ID).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createAdmin } from '../../src/client/admin/admin-client.js';
import { launchBrokerCluster } from '../e2e/broker/broker-processes.js';
import { produceWithAliOns } from './fixtures/ali-ons-runs.js';
import { createRoutableTopic, eventually } from './fixtures/broker-probes.js';

const messageCount = 20;

test('ali-ons: a sent message is found by each of its keys and by the id its send returned', async () => {
  await using cluster = await launchBrokerCluster();
  const suffix = randomUUID().slice(0, 8);
  const topic = `AliOnsQuery-${suffix}`;
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  await createRoutableTopic(admin, cluster.brokerAddr, topic, 4);

  const batch = Array.from({ length: messageCount }, (_, i) => ({
    topic,
    tags: i % 2 === 0 ? 'TagA' : 'TagB',
    keys: [`order-${suffix}-${i}`, `customer-${suffix}-${i % 5}`],
    body: `query me ${i}`,
  }));
  const sent = await produceWithAliOns(cluster.namesrvAddr, batch);

  // One key of one message: exactly that message, as sent.
  const [found] = await eventually(async () => {
    const hits = await admin.queryMessagesByKey(topic, `order-${suffix}-7`);
    return hits.length > 0 ? hits : undefined;
  }, 'the message indexed under its key');
  assert.equal(found?.body.toString('utf8'), 'query me 7');
  assert.deepEqual(found?.keys, [`order-${suffix}-7`, `customer-${suffix}-2`]);
  assert.equal(found?.tags, 'TagB');
  assert.equal(found?.topic, topic);
  assert.equal(found?.queueId, Number(sent[7]!.queueId));
  assert.equal(found?.queueOffset, Number(sent[7]!.queueOffset));

  // A key shared by four messages finds all four.
  const shared = await admin.queryMessagesByKey(topic, `customer-${suffix}-2`);
  assert.deepEqual(shared.map((m) => m.body.toString('utf8')).sort(), ['query me 12', 'query me 17', 'query me 2', 'query me 7']);
  assert.deepEqual(await admin.queryMessagesByKey(topic, `order-${suffix}-missing`), []);

  // ali-ons' msgId is the broker's offsetMsgId (store host + commit-log offset).
  const viewed = await admin.viewMessage(String(sent[3]!.msgId));
  assert.equal(viewed.body.toString('utf8'), 'query me 3');
  assert.equal(viewed.offsetMsgId, sent[3]!.msgId);
});
