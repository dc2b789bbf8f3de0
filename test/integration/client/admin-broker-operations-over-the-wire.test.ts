// The admin client against a real NameServer and broker: topics, stats, subscription groups,
// offsets and their reset (through online consumers, or set directly for an offline group),
// connections, broker config and runtime info, and the broker's metadata tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsumerData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import { UpdateConsumerOffsetRequestHeader } from '../../../src/remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { clientInstanceOf } from '../../../src/client/instance/instance-registry.js';
import { clientRequest } from '../../../src/client/instance/requests.js';
import { NoPermissionError, TopicNotExistError } from '../../../src/client/errors/index.js';
import { eventually, fresh } from './client-fixtures.js';

function consumerData(group: string, topic: string): ConsumerData {
  const sub = (t: string) => ({ classFilterMode: false, topic: t, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG' });
  return {
    groupName: group,
    consumeType: 'CONSUME_PASSIVELY',
    messageModel: 'CLUSTERING',
    consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
    subscriptionDataSet: [sub(topic), sub(`%RETRY%${group}`)],
    unitMode: false,
  };
}

test('admin: topic life cycle, stats, groups, broker config and tables', async () => {
  await using cluster = await startLocalCluster();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await admin.start();
  await producer.start();
  const { brokerAddr } = cluster;
  const topic = fresh('T');

  assert.deepEqual(await admin.createTopic(topic, { clusterName: 'DefaultCluster' }, { readQueueNums: 2, writeQueueNums: 2 }), [brokerAddr]);
  assert.deepEqual((await admin.allTopicConfig(brokerAddr)).topicConfigTable.get(topic)?.writeQueueNums, 2);
  const route = await eventually(() => admin.topicRoute(topic).catch(() => undefined), 'the new topic in the NameServer');
  assert.deepEqual(route.queueDatas.map((q) => [q.brokerName, q.writeQueueNums]), [['broker-a', 2]]);
  assert.ok((await admin.listTopics()).includes(topic));

  for (let i = 0; i < 6; i++) await producer.send({ topic, body: `m${i}` });
  const stats = await admin.topicStats(topic);
  assert.equal(stats.offsetTable.reduce((n, [, o]) => n + o.maxOffset - o.minOffset, 0), 6);
  assert.ok(stats.offsetTable.every(([mq]) => mq.topic === topic && mq.brokerName === 'broker-a'));

  await clientInstanceOf(producer.clientId)!.sendHeartbeatToAllBrokers();
  const producers = await admin.producerConnections(producer.group, topic);
  assert.deepEqual(producers.connectionSet.map((c) => c.clientId), [producer.clientId]);
  const [info] = (await admin.allProducerInfo(brokerAddr)).get(producer.group) ?? [];
  assert.deepEqual([info?.clientId, info?.language, info?.version], [producer.clientId, 'JAVA', 409]);
  assert.match(info?.remoteIP ?? '', /^\/127\.0\.0\.1:\d+$/, 'a Java socket address');

  const group = fresh('G');
  await admin.createOrUpdateSubscriptionGroup({ groupName: group, retryMaxTimes: 5 }, { brokerAddr });
  assert.equal((await admin.subscriptionGroups(brokerAddr)).subscriptionGroupTable.get(group)?.retryMaxTimes, 5);
  await admin.deleteSubscriptionGroup(group, { brokerAddr });
  assert.equal((await admin.subscriptionGroups(brokerAddr)).subscriptionGroupTable.has(group), false);

  const runtime = await admin.brokerRuntimeInfo(brokerAddr);
  assert.equal(runtime.get('brokerVersionDesc'), 'V4_9_8');
  assert.equal(runtime.get('putTps')?.split(' ').length, 3);
  const config = await admin.brokerConfig(brokerAddr);
  assert.equal(config.get('brokerName'), 'broker-a');
  await admin.updateBrokerConfig(brokerAddr, { regionId: 'Region2' });
  assert.equal((await admin.brokerConfig(brokerAddr)).get('regionId'), 'Region2');
  assert.equal((await producer.send({ topic, body: 'after' })).regionId, 'Region2');
  await assert.rejects(admin.updateBrokerConfig(brokerAddr, { brokerName: 'other' }), NoPermissionError);
  assert.ok((await admin.allDelayOffsets(brokerAddr)).offsetTable instanceof Map);

  await admin.deleteTopic(topic, 'DefaultCluster');
  await assert.rejects(admin.topicRoute(topic), TopicNotExistError);
  assert.equal((await admin.allTopicConfig(brokerAddr)).topicConfigTable.has(topic), false);
});

test('admin: consumer progress, connections and offset reset, online and offline', async () => {
  await using cluster = await startLocalCluster();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await admin.start();
  await producer.start();
  const { brokerAddr } = cluster;
  const topic = fresh('T');
  await admin.createTopic(topic, { brokerAddr }, { readQueueNums: 2, writeQueueNums: 2 });
  await eventually(() => admin.topicRoute(topic).catch(() => undefined), 'the new topic in the NameServer');
  for (let i = 0; i < 10; i++) await producer.send({ topic, body: `m${i}` }, { messageQueue: { topic, brokerName: 'broker-a', queueId: i % 2 } });

  // An offline group with committed offsets: reset sets them directly.
  const offline = fresh('G');
  const instance = clientInstanceOf(admin.clientId)!;
  for (const queueId of [0, 1]) {
    const extFields = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: offline, topic, queueId, commitOffset: 5 });
    await instance.invokeBroker(brokerAddr, clientRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields }));
  }
  const progress = await admin.consumeProgress(offline, topic);
  assert.equal(progress.diffTotal, 0);
  const reset = await admin.resetOffsetByTime(offline, topic, 0);
  assert.deepEqual(reset.map(([mq, o]) => [mq.queueId, o]).sort(), [[0, 0], [1, 0]]);
  assert.equal((await admin.consumeProgress(offline, topic)).diffTotal, 10);
  assert.equal((await admin.allConsumerOffsets(brokerAddr)).offsetTable.get(`${topic}@${offline}`)?.get(0), 0);

  // An online group: the broker resets and tells the members.
  const online = fresh('G');
  const member = clientInstanceOf(producer.clientId)!;
  member.registerConsumer({ group: online, subscribedTopics: () => [topic], consumerData: () => consumerData(online, topic) });
  await member.sendHeartbeatToAllBrokers();
  const connections = await eventually(() => admin.consumerConnections(online).catch(() => undefined), 'the group in %RETRY% route');
  assert.deepEqual(connections.connectionSet.map((c) => c.clientId), [member.clientId]);
  assert.equal(connections.subscriptionTable.get(topic)?.subString, '*');
  assert.deepEqual(await admin.topicConsumerGroups(topic), [offline, online].sort(), 'members and groups with offsets');
  for (const queueId of [0, 1]) {
    const extFields = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: online, topic, queueId, commitOffset: 1 });
    await member.invokeBroker(brokerAddr, clientRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields }));
  }
  const toEnd = await admin.resetOffsetByTime(online, topic, Date.now() + 60_000);
  assert.deepEqual(toEnd.map(([mq, o]) => [mq.queueId, o]).sort(), [[0, 5], [1, 5]]);
  assert.equal((await admin.consumeProgress(online)).diffTotal, 0, 'through %RETRY%group, created by the heartbeat');
  await member.unregisterConsumer(online);
});
