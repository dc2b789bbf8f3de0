// mqadmin consumerStatus: GET_CONSUMER_RUNNING_INFO goes to a broker, which forwards it to the
// named client over that client's connection; push and lite pull consumers answer with their
// settings, subscriptions, queues and (push) pull and consume rates per topic, written as
// fastjson writes Java's ConsumerRunningInfo (queues as object keys). A client the broker does
// not know is answered as RocketMQ does. And mqadmin getConsumerStatus: the broker asks each
// member for the offsets it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { createLitePullConsumer } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { GetConsumerRunningInfoRequestHeader } from '../../../src/remoting/protocol/headers/client.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { Collector, createTopic, eventually, fresh, queueIdsOf, untilRebalanced } from './consumer-fixtures.js';

test("admin: a consumer's running info comes from the consumer itself, through the broker", async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 4);
  const group = fresh('G');
  const got = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), consumeConcurrency: 7 })
    .subscribe(topic, 'TagA || TagB')
    .onMessage((m) => got.add(m));
  await consumer.start();
  await untilRebalanced([consumer], () => queueIdsOf([consumer], topic)[0]!.length === 4, 'all four queues assigned');
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  for (let i = 0; i < 8; i++) await producer.send({ topic, body: `m${i}`, tags: 'TagA' });
  await got.count(8);

  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const connection = await eventually(async () => (await admin.consumerConnections(group).catch(() => undefined))?.connectionSet[0], 'the group online');
  const info = await admin.consumerRunningInfo(group, connection.clientId);

  assert.equal(info.properties.get('consumerGroup'), group);
  assert.equal(info.properties.get('PROP_CONSUME_TYPE'), 'CONSUME_PASSIVELY');
  assert.equal(info.properties.get('PROP_NAMESERVER_ADDR'), cluster.namesrvAddr);
  assert.equal(info.properties.get('PROP_CONSUMEORDERLY'), 'false');
  assert.equal(info.properties.get('PROP_THREADPOOL_CORE_SIZE'), '7');
  assert.equal(info.properties.get('PROP_CLIENT_VERSION'), 'V4_9_8');
  assert.ok(Number(info.properties.get('PROP_CONSUMER_START_TIMESTAMP')) > 0);
  assert.deepEqual(info.subscriptionSet.map((s) => [s.topic, s.subString]).sort(), [[`%RETRY%${group}`, '*'], [topic, 'TagA || TagB']]);
  const topicQueues = info.mqTable.filter(([mq]) => mq.topic === topic);
  assert.deepEqual(topicQueues.map(([mq]) => mq.queueId).sort(), [0, 1, 2, 3]);
  assert.ok(topicQueues.every(([, q]) => !q.droped && q.cachedMsgCount === 0 && q.lastPullTimestamp > 0));
  const committed = topicQueues.reduce((sum, [, q]) => sum + q.commitOffset, 0);
  assert.equal(committed, 8, 'the offsets the consumer would commit cover the 8 consumed messages');
  assert.deepEqual([...info.statusTable.keys()].sort(), [`%RETRY%${group}`, topic].sort(), 'rates per subscribed topic');
  const rates = info.statusTable.get(topic)!;
  assert.ok(rates.pullTPS > 0 && rates.consumeOKTPS > 0, `pulled and consumed: ${JSON.stringify(rates)}`);
  assert.deepEqual([rates.consumeFailedTPS, rates.consumeFailedMsgs], [0, 0]);
  assert.equal(info.statusTable.get(`%RETRY%${group}`)?.consumeOKTPS, 0, 'nothing came back to retry');

  const status = await admin.consumerStatus(group, topic);
  assert.deepEqual([...status.keys()], [connection.clientId]);
  const held = status.get(connection.clientId)!;
  assert.deepEqual(held.map(([mq]) => mq.queueId).sort(), [0, 1, 2, 3]);
  assert.equal(held.reduce((sum, [, offset]) => sum + offset, 0), 8, 'getConsumerStatus: the offsets the member holds');
  assert.equal((await admin.consumerStatus(group, topic, '10.9.9.9@nobody')).size, 0, 'only the named client is asked');
  await assert.rejects(admin.consumerStatus(fresh('Offline'), topic), /No Any Consumer online/);

  const raw = new RemotingClient();
  try {
    const ask = (clientId: string) =>
      raw.invoke(
        cluster.brokerAddr,
        createRequest(RequestCode.GET_CONSUMER_RUNNING_INFO, { extFields: GetConsumerRunningInfoRequestHeader.encode({ consumerGroup: group, clientId }) }),
        15_000,
      );
    const wire = await ask(connection.clientId);
    assert.equal(wire.code, ResponseCode.SUCCESS);
    assert.match(wire.body!.toString(), /"mqTable":\{\{"brokerName":"broker-a","queueId":\d,"topic":"/, 'queues as fastjson object keys');
    const absent = await ask('10.9.9.9@nobody');
    assert.deepEqual([absent.code, absent.remark], [ResponseCode.SYSTEM_ERROR, `The Consumer <${group}> <10.9.9.9@nobody> not online`]);
  } finally {
    raw.close();
  }
});

test("admin: a lite pull consumer's running info shows its queue and what it committed", async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 2);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const queue = { topic, brokerName: 'broker-a', queueId: 1 };
  for (let i = 0; i < 3; i++) await producer.send({ topic, body: `m${i}` }, { messageQueue: queue });

  const group = fresh('G');
  await using consumer = createLitePullConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), autoCommit: false });
  await consumer.start();
  consumer.assign([queue]);
  const polled = [];
  while (polled.length < 3) polled.push(...(await consumer.poll(1000)));
  await consumer.commitSync();

  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  // The broker creates %RETRY%group at the first heartbeat, then registers it with the NameServer.
  const connection = await eventually(async () => (await admin.consumerConnections(group).catch(() => undefined))?.connectionSet[0], 'the group online');
  const info = await admin.consumerRunningInfo(group, connection.clientId);
  assert.equal(info.properties.get('PROP_CONSUME_TYPE'), 'CONSUME_ACTIVELY');
  assert.equal(info.properties.get('autoCommit'), 'false');
  assert.deepEqual(info.subscriptionSet, [], 'assigned, not subscribed');
  assert.deepEqual(
    info.mqTable.map(([mq, q]) => [mq.topic, mq.queueId, q.commitOffset, q.droped]),
    [[topic, 1, 3, false]],
  );
});
