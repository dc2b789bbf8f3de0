// mqadmin queryCq (QUERY_CONSUME_QUEUE): the raw entries of a consume queue from an index, its
// bounds, and with a consumer group the group's subscription; an index outside the queue and an
// unknown queue are answered as RocketMQ answers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { decodeOffsetMsgId } from '../../../src/common/message/message-id.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { QueryConsumeQueueRequestHeader } from '../../../src/remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { createTopic, fresh } from './consumer-fixtures.js';

test('admin: raw consume queue entries, with the subscription of a group online or not', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 1);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const sent = [];
  for (const tags of ['TagA', 'TagB', 'TagA']) sent.push(await producer.send({ topic, body: tags, tags }));
  const group = fresh('G');
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
    .subscribe(topic, 'TagA')
    .onMessage(() => undefined);
  await consumer.start();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();

  const plain = await admin.consumeQueueEntries(cluster.brokerAddr, { topic, queueId: 0, index: 1, count: 5 });
  assert.deepEqual([plain.minQueueIndex, plain.maxQueueIndex, plain.filterData, plain.subscriptionData], [0, 3, undefined, undefined]);
  assert.deepEqual(
    plain.queueData.map((d) => [d.physicOffset, d.tagsCode, d.eval]),
    sent.slice(1).map((s, i) => [Number(decodeOffsetMsgId(s.offsetMsgId).commitLogOffset), javaStringHash(i === 0 ? 'TagB' : 'TagA'), false]),
  );
  assert.ok(plain.queueData.every((d) => d.physicSize > 0));

  const online = await admin.consumeQueueEntries(cluster.brokerAddr, { topic, queueId: 0, index: 0, count: 1, consumerGroup: group });
  assert.deepEqual([online.subscriptionData?.subString, online.filterData, online.queueData.length], ['TagA', 'null', 1]);
  const offline = await admin.consumeQueueEntries(cluster.brokerAddr, { topic, queueId: 0, index: 0, count: 1, consumerGroup: 'nobody' });
  assert.equal(offline.filterData, `nobody@${topic} is not online!`);

  const raw = new RemotingClient();
  try {
    const ask = (queueId: number, index: number) =>
      raw.invoke(cluster.brokerAddr, createRequest(RequestCode.QUERY_CONSUME_QUEUE, { extFields: QueryConsumeQueueRequestHeader.encode({ topic, queueId, index, count: 2 }) }), 5_000);
    const beyond = await ask(0, 7);
    assert.deepEqual([beyond.code, beyond.remark], [ResponseCode.SUCCESS, `Index 7 of 0@${topic} is not exist!`]);
    const noQueue = await ask(5, 0);
    assert.deepEqual([noQueue.code, noQueue.remark], [ResponseCode.SYSTEM_ERROR, `5@${topic} is not exist!`]);
  } finally {
    raw.close();
  }
});
