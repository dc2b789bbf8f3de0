import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { ClientStateError } from '../../../src/client/errors/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, startNameServer, topicConfig } from '../namesrv/namesrv-fixtures.js';

test('admin: topics, cluster info, write permission and KV config on every NameServer', async () => {
  await using ns1 = await startNameServer();
  await using ns2 = await startNameServer();
  const registrar = new RemotingClient();
  const admin = createAdmin({ nameServer: [ns1.address, ns2.address], instanceName: freshTopic('A') });
  await assert.rejects(admin.listTopics(), ClientStateError);
  await admin.start();
  try {
    const [t1, t2] = [freshTopic(), freshTopic()];
    const broker = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(t1), topicConfig(t2)] };
    for (const ns of [ns1, ns2]) await registrar.invoke(ns.address, registerBrokerRequest(broker), callTimeoutMs);

    const topics = await admin.listTopics();
    assert.ok(topics.includes(t1) && topics.includes(t2));
    assert.deepEqual((await admin.listTopicsByCluster('C1')).sort(), [t1, t2].sort());
    const info = await admin.clusterInfo();
    assert.deepEqual(info.clusterAddrTable.get('C1'), ['broker-a']);
    assert.equal(info.brokerAddrTable.get('broker-a')?.brokerAddrs.get(0), '127.0.0.1:10911');
    assert.equal((await admin.topicRoute(t1)).queueDatas[0]?.perm, 6);
    assert.deepEqual(await admin.listSystemTopics(), { topicList: ['C1', 'broker-a'], brokerAddr: '127.0.0.1:10911' });

    const wiped = await admin.wipeWritePerm('broker-a');
    assert.deepEqual([...wiped.entries()].sort(), [[ns1.address, 2], [ns2.address, 2]].sort());
    assert.equal((await admin.topicRoute(t1)).queueDatas[0]?.perm, 4);
    const added = await admin.addWritePerm('broker-a');
    assert.deepEqual([...added.values()], [2, 2]);
    assert.equal((await admin.topicRoute(t1)).queueDatas[0]?.perm, 6);

    const ns = freshTopic('NS');
    assert.equal(await admin.getKvConfig(ns, 'k'), undefined);
    assert.deepEqual(await admin.kvConfigList(ns), new Map());
    await admin.putKvConfig(ns, 'k', 'v1');
    await admin.putKvConfig(ns, 'k2', 'v2');
    for (const server of [ns1, ns2]) assert.equal(server.kvConfig.get(ns, 'k'), 'v1', `written to ${server.address}`);
    assert.equal(await admin.getKvConfig(ns, 'k'), 'v1');
    assert.deepEqual(await admin.kvConfigList(ns), new Map([['k', 'v1'], ['k2', 'v2']]));
    await admin.deleteKvConfig(ns, 'k');
    for (const server of [ns1, ns2]) assert.equal(server.kvConfig.get(ns, 'k'), undefined);
  } finally {
    await admin.shutdown();
    registrar.close();
  }
  await assert.rejects(admin.clusterInfo(), ClientStateError);
});
