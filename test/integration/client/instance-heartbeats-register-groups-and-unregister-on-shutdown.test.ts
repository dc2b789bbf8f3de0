// Against a real NameServer and broker: the client instance learns the broker from a route,
// heartbeats register its producer and consumer groups, a second member of a consumer group
// makes the broker notify the first, and shutting down unregisters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ConsumerData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { acquireClientInstance, clientInstanceOf } from '../../../src/client/instance/instance-registry.js';
import { createProducer } from '../../../src/client/producer/producer.js';

const fresh = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function consumerData(group: string, topic: string): ConsumerData {
  return {
    groupName: group,
    consumeType: 'CONSUME_PASSIVELY',
    messageModel: 'CLUSTERING',
    consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
    subscriptionDataSet: [{ classFilterMode: false, topic, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG' }],
    unitMode: false,
  };
}

test('a producer is registered by heartbeat and unregistered by shutdown', async () => {
  await using cluster = await startLocalCluster();
  const producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('I') });
  await producer.start();
  const instance = clientInstanceOf(producer.clientId)!;
  try {
    await instance.findPublishInfo(fresh('T'), { createTopicKey: 'TBW102', defaultTopicQueueNums: 4 });
    assert.equal(instance.findBrokerAddressInPublish('broker-a'), cluster.brokerAddr);
    await instance.sendHeartbeatToAllBrokers();
    assert.ok(cluster.broker.producers.findChannel(producer.clientId) !== undefined);
    assert.ok(cluster.broker.producers.getAvailableChannel(producer.group) !== undefined);
    assert.equal(instance.brokerVersion(cluster.brokerAddr), 409);
    await producer.shutdown();
    assert.equal(cluster.broker.producers.getAvailableChannel(producer.group), undefined);
  } finally {
    await producer.shutdown();
  }
});

test('a second member of a consumer group makes the broker notify the first; unregistering removes it', async () => {
  await using cluster = await startLocalCluster();
  const group = fresh('CG');
  const topic = 'TBW102';
  const first = acquireClientInstance({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  const second = acquireClientInstance({ nameServer: cluster.namesrvAddr, instanceName: fresh('B') });
  try {
    let notified!: () => void;
    const notification = new Promise<void>((resolve) => (notified = resolve));
    const queueChanges: number[] = [];
    first.registerConsumer({
      group,
      subscribedTopics: () => [topic],
      consumerData: () => consumerData(group, topic),
      onSubscribeQueuesChanged: (_topic, queues) => queueChanges.push(queues.length),
      onConsumerIdsChanged: () => notified(),
    });
    second.registerConsumer({ group, subscribedTopics: () => [topic], consumerData: () => consumerData(group, topic) });
    await first.updateTopicRoute(topic);
    await second.updateTopicRoute(topic);
    assert.deepEqual(queueChanges, [8], 'the subscribed topic’s readable queues were handed over');

    await first.sendHeartbeatToAllBrokers();
    await second.sendHeartbeatToAllBrokers();
    await notification;
    const members = cluster.broker.consumers.getConsumerGroupInfo(group);
    assert.ok(members !== undefined);
    assert.ok(cluster.broker.consumers.findChannel(group, first.clientId) !== undefined);
    assert.ok(cluster.broker.consumers.findChannel(group, second.clientId) !== undefined);

    await second.unregisterConsumer(group);
    assert.equal(cluster.broker.consumers.findChannel(group, second.clientId), undefined);
    assert.ok(cluster.broker.consumers.findChannel(group, first.clientId) !== undefined);
  } finally {
    await first.release();
    await second.release();
  }
});
