import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { RequestCode, decodeTopicRouteData } from '../../../src/remoting/protocol/index.js';
import type { BrokerEvent, BrokerRemovalReason } from '../../../src/namesrv/namesrv.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

// Shortened from 10 s and 120 s; the live broker's heartbeat (every tenth of the expiry) leaves
// room for a slow, busy test machine.
const scanNotActiveBrokerInterval = 50;
const brokerChannelExpiredTime = 1000;
const heartbeatIntervalMs = brokerChannelExpiredTime / 10;

test('a broker that stops registering is removed after the expiry and its connection closed', async () => {
  await using namesrv = await startNameServer({ scanNotActiveBrokerInterval, brokerChannelExpiredTime });
  const silent = new RemotingClient();
  const heartbeating = new RemotingClient();
  const admin = new RemotingClient();
  try {
    const topic = freshTopic();
    const silentBroker = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    const liveBroker = { clusterName: 'C1', brokerName: 'broker-b', brokerId: 0, brokerAddr: '127.0.0.2:10911', topics: [topicConfig(topic)] };
    const removed = once(namesrv, 'brokerRemoved') as Promise<[BrokerEvent, BrokerRemovalReason]>;
    await silent.invoke(namesrv.address, registerBrokerRequest(silentBroker), callTimeoutMs);
    const silentConnection = silent.connectionOf(namesrv.address);
    assert.ok(silentConnection);
    const silentClosed = once(silentConnection, 'close');

    // broker-b keeps registering, as a broker does every 30 s.
    const heartbeat = async () => heartbeating.invoke(namesrv.address, registerBrokerRequest(liveBroker), callTimeoutMs);
    await heartbeat();
    const timer = setInterval(() => void heartbeat().catch(() => undefined), heartbeatIntervalMs);
    try {
      const [broker, reason] = await removed;
      assert.equal(reason, 'expired');
      assert.deepEqual(broker, { brokerAddr: '127.0.0.1:10911', clusterName: 'C1', brokerName: 'broker-a', brokerId: 0 });
      await silentClosed;

      const answer = await admin.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
      assert.equal(answer.code, ResponseCode.SUCCESS);
      assert.deepEqual(decodeTopicRouteData(answer.body!).brokerDatas.map((d) => d.brokerName), ['broker-b']);
    } finally {
      clearInterval(timer);
    }
  } finally {
    silent.close();
    heartbeating.close();
    admin.close();
  }
});

test('closing a broker connection removes the broker at once', async () => {
  await using namesrv = await startNameServer();
  const broker = new RemotingClient();
  const admin = new RemotingClient();
  try {
    const topic = freshTopic();
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    await broker.invoke(namesrv.address, registerBrokerRequest(fake), callTimeoutMs);
    assert.equal((await admin.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs)).code, ResponseCode.SUCCESS);

    const removed = once(namesrv, 'brokerRemoved') as Promise<[BrokerEvent, BrokerRemovalReason]>;
    broker.close();
    const [event, reason] = await removed;
    assert.equal(reason, 'connectionClosed');
    assert.equal(event.brokerAddr, '127.0.0.1:10911');
    const answer = await admin.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.TOPIC_NOT_EXIST);
  } finally {
    broker.close();
    admin.close();
  }
});

test('an unregistering broker is removed and its connection may stay open', async () => {
  await using namesrv = await startNameServer();
  const broker = new RemotingClient();
  try {
    const topic = freshTopic();
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    await broker.invoke(namesrv.address, registerBrokerRequest(fake), callTimeoutMs);
    const removed = once(namesrv, 'brokerRemoved') as Promise<[BrokerEvent, BrokerRemovalReason]>;
    const { clusterName, brokerName, brokerAddr } = fake;
    const answer = await broker.invoke(
      namesrv.address,
      request(RequestCode.UNREGISTER_BROKER, { clusterName, brokerName, brokerAddr, brokerId: '0' }),
      callTimeoutMs,
    );
    assert.equal(answer.code, ResponseCode.SUCCESS);
    assert.equal((await removed)[1], 'unregistered');
    const route = await broker.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
    assert.equal(route.code, ResponseCode.TOPIC_NOT_EXIST);
  } finally {
    broker.close();
  }
});
