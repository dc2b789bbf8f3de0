import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { acquireClientInstance } from '../../../src/client/instance/instance-registry.js';
import { TopicNotExistError } from '../../../src/client/errors/index.js';
import type { NameServerSwitch } from '../../../src/client/instance/name-server-selector.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, startNameServer, topicConfig } from '../namesrv/namesrv-fixtures.js';

test('routes come from a NameServer; when it stops, the next one answers and becomes current', async () => {
  await using ns1 = await startNameServer();
  await using ns2 = await startNameServer();
  const topic = freshTopic();
  const registrar = new RemotingClient();
  const instance = acquireClientInstance({ nameServer: [ns1.address, ns2.address], instanceName: freshTopic('I') });
  try {
    const broker = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic, 4)] };
    for (const ns of [ns1, ns2]) await registrar.invoke(ns.address, registerBrokerRequest(broker), callTimeoutMs);

    const route = await instance.updateTopicRoute(topic);
    assert.deepEqual(route.queueDatas.map((q) => [q.brokerName, q.writeQueueNums]), [['broker-a', 4]]);
    assert.equal(instance.findBrokerAddressInPublish('broker-a'), '127.0.0.1:10911');
    assert.deepEqual(instance.topicSubscribeQueues(topic).map((q) => q.queueId), [0, 1, 2, 3]);

    const first = instance.nameServers.current;
    const [stopped, other] = first === ns1.address ? [ns1, ns2] : [ns2, ns1];
    await stopped.stop();
    const switched = once(instance, 'nameServerSwitched') as Promise<[NameServerSwitch]>;
    const again = await instance.fetchTopicRoute(topic);
    assert.equal(again.brokerDatas[0]?.brokerName, 'broker-a');
    const [event] = await switched;
    assert.equal(event.from, stopped.address);
    assert.equal(event.to, other.address);
    assert.equal(instance.nameServers.current, other.address);

    await assert.rejects(instance.fetchTopicRoute(freshTopic('missing')), (e: unknown) => {
      assert.ok(e instanceof TopicNotExistError);
      assert.equal(e.brokerAddr, other.address);
      assert.equal(e.responseCode, 17);
      return true;
    });
  } finally {
    await instance.release();
    registrar.close();
  }
});

test('a topic unknown to the NameServers uses the template topic route for auto-creation', async () => {
  await using ns = await startNameServer();
  const registrar = new RemotingClient();
  const instance = acquireClientInstance({ nameServer: ns.address, instanceName: freshTopic('I') });
  try {
    const tbw102 = { ...topicConfig('TBW102', 8), perm: 7 };
    const brokers = [
      { clusterName: 'C1', brokerName: 'broker-b', brokerId: 0, brokerAddr: '127.0.0.1:20911', topics: [tbw102] },
      { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [tbw102] },
    ];
    for (const b of brokers) await registrar.invoke(ns.address, registerBrokerRequest(b), callTimeoutMs);

    const topic = freshTopic('NEW');
    const info = await instance.findPublishInfo(topic, { createTopicKey: 'TBW102', defaultTopicQueueNums: 4 });
    assert.deepEqual(info.queues.map((q) => `${q.topic === topic}/${q.brokerName}/${q.queueId}`), [
      'true/broker-a/0', 'true/broker-a/1', 'true/broker-a/2', 'true/broker-a/3',
      'true/broker-b/0', 'true/broker-b/1', 'true/broker-b/2', 'true/broker-b/3',
    ]);
    assert.equal(instance.topicRoute(topic)?.queueDatas[0]?.readQueueNums, 4);

    await assert.rejects(instance.findPublishInfo(freshTopic('NOPE')), TopicNotExistError, 'without auto-creation the NameServer answer stands');
  } finally {
    await instance.release();
    registrar.close();
  }
});
