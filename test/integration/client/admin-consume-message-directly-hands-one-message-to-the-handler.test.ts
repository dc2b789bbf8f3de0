// The dashboard's "resend to consumer" (CONSUME_MESSAGE_DIRECTLY): the admin names a stored
// message by its offsetMsgId and a client of the group; the broker reads the message and forwards
// it to that client, whose push consumer hands it once to its handler and reports what the
// handler did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { SystemError } from '../../../src/client/errors/index.js';
import { createOffsetMsgId } from '../../../src/common/message/message-id.js';
import { parseAddress } from '../../../src/remoting/net/index.js';
import { bodyText, Collector, createTopic, eventually, fresh } from './consumer-fixtures.js';

test('admin: a stored message consumed directly by one client, with what its handler did', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 1);
  const group = fresh('G');
  const got = new Collector();
  let answer: 'success' | 'later' | 'throw' = 'success';
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
    .subscribe(topic)
    .onMessage((m) => {
      got.add(m);
      if (answer === 'later') return 'RECONSUME_LATER';
      if (answer === 'throw') throw new Error('boom');
      return undefined;
    });
  await consumer.start();
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const sent = await producer.send({ topic, body: 'once more', tags: 'TagD' });
  await got.count(1);

  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const connection = await eventually(async () => (await admin.consumerConnections(group).catch(() => undefined))?.connectionSet[0], 'the group online');

  const ok = await admin.consumeMessageDirectly(group, connection.clientId, sent.offsetMsgId);
  assert.deepEqual([ok.consumeResult, ok.order, ok.autoCommit], ['CR_SUCCESS', false, true]);
  assert.ok(ok.spentTimeMills >= 0);
  const direct = got.items[1]!;
  assert.deepEqual([bodyText(direct), direct.tags, direct.msgId, direct.messageQueue], ['once more', 'TagD', sent.msgId, { topic, brokerName: 'broker-a', queueId: 0 }]);

  answer = 'later';
  assert.equal((await admin.consumeMessageDirectly(group, connection.clientId, sent.offsetMsgId)).consumeResult, 'CR_LATER');
  answer = 'throw';
  const thrown = await admin.consumeMessageDirectly(group, connection.clientId, sent.offsetMsgId);
  assert.deepEqual([thrown.consumeResult, thrown.remark], ['CR_THROW_EXCEPTION', 'Error: boom']);
  assert.equal(got.items.length, 4, 'one handler call per direct consumption');

  const nowhere = createOffsetMsgId(parseAddress(cluster.brokerAddr), 10n ** 12n);
  await assert.rejects(admin.consumeMessageDirectly(group, connection.clientId, nowhere), (err: unknown) => err instanceof SystemError && /can not find message/.test(err.message));
  await assert.rejects(admin.consumeMessageDirectly(group, '10.9.9.9@nobody', sent.offsetMsgId), (err: unknown) => err instanceof SystemError && /not online/.test(err.message));
});
