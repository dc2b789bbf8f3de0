// mqadmin getNamesrvConfig / updateNamesrvConfig: every NameServer answers its config as
// properties text; an update goes to every NameServer and takes effect at once for the keys read
// at each use (orderMessageEnable here: routes start carrying orderTopicConf), while a key that
// needs a restart or an unknown key refuses the whole update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { NoPermissionError, SystemError } from '../../../src/client/errors/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, startNameServer, topicConfig } from '../namesrv/namesrv-fixtures.js';

test('admin: NameServer config read from each and updated on every NameServer, effective at once', async () => {
  await using ns1 = await startNameServer();
  await using ns2 = await startNameServer();
  const registrar = new RemotingClient();
  await using admin = createAdmin({ nameServer: [ns1.address, ns2.address], instanceName: freshTopic('A') });
  await admin.start();
  try {
    const before = await admin.nameServerConfig();
    assert.deepEqual([...before.keys()].sort(), [ns1.address, ns2.address].sort());
    for (const config of before.values()) {
      assert.equal(config.get('orderMessageEnable'), 'false');
      assert.equal(config.get('listenPort'), '0', 'as configured: the fixture lets the OS pick the port');
    }

    const topic = freshTopic();
    await admin.putKvConfig('ORDER_TOPIC_CONFIG', topic, 'broker-a:8');
    const broker = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    for (const ns of [ns1, ns2]) await registrar.invoke(ns.address, registerBrokerRequest(broker), callTimeoutMs);
    assert.equal((await admin.topicRoute(topic)).orderTopicConf, undefined);

    await admin.updateNameServerConfig({ orderMessageEnable: 'true' });
    for (const ns of [ns1, ns2]) assert.equal(ns.config.orderMessageEnable, true, `updated on ${ns.address}`);
    assert.equal((await admin.topicRoute(topic)).orderTopicConf, 'broker-a:8', 'routes carry orderTopicConf from now on');
    for (const config of (await admin.nameServerConfig()).values()) assert.equal(config.get('orderMessageEnable'), 'true');

    await assert.rejects(admin.updateNameServerConfig({ orderMessageEnable: 'false', listenPort: '1' }), (err: unknown) => err instanceof NoPermissionError && /listenPort/.test(err.message));
    await assert.rejects(admin.updateNameServerConfig({ orderMesageEnable: 'false' }), SystemError);
    assert.equal(ns1.config.orderMessageEnable, true, 'a refused update changes nothing');
  } finally {
    registrar.close();
  }
});
