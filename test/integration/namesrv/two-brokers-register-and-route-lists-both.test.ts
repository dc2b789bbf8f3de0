import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import {
  RegisterBrokerResponseHeader,
  RequestCode,
  decodeClusterInfo,
  decodeTopicList,
  decodeTopicRouteData,
} from '../../../src/remoting/protocol/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

test('two brokers of one cluster register a topic and its route lists both', async () => {
  await using namesrv = await startNameServer();
  const brokerA = new RemotingClient();
  const brokerB = new RemotingClient();
  const admin = new RemotingClient();
  try {
    const shared = freshTopic('Shared');
    const onlyB = freshTopic('OnlyB');
    const a = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(shared, 4)] };
    const b = { clusterName: 'C1', brokerName: 'broker-b', brokerId: 0, brokerAddr: '127.0.0.2:10911', topics: [topicConfig(shared, 8), topicConfig(onlyB, 2)] };

    const answerA = await brokerA.invoke(namesrv.address, registerBrokerRequest(a), callTimeoutMs);
    const answerB = await brokerB.invoke(namesrv.address, registerBrokerRequest(b, { compressed: true }), callTimeoutMs);
    assert.equal(answerA.code, ResponseCode.SUCCESS);
    assert.equal(answerB.code, ResponseCode.SUCCESS);
    assert.deepEqual(RegisterBrokerResponseHeader.decode(answerA.extFields), {}, 'a master learns no master address');

    const routeAnswer = await admin.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: shared }), callTimeoutMs);
    assert.equal(routeAnswer.code, ResponseCode.SUCCESS);
    assert.ok(routeAnswer.body);
    assert.match(routeAnswer.body.toString(), /"brokerAddrs":\{"0":"127\.0\.0\.1:10911"\}/, 'standard JSON keys');
    const route = decodeTopicRouteData(routeAnswer.body);
    assert.deepEqual(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]).sort(), [
      ['broker-a', 4, 4, 6],
      ['broker-b', 8, 8, 6],
    ]);
    assert.deepEqual(route.brokerDatas.map((d) => [d.cluster, d.brokerName, [...d.brokerAddrs]]).sort(), [
      ['C1', 'broker-a', [[0, '127.0.0.1:10911']]],
      ['C1', 'broker-b', [[0, '127.0.0.2:10911']]],
    ]);
    const parsedByJson = JSON.parse(routeAnswer.body.toString()) as { brokerDatas: unknown[] };
    assert.equal(parsedByJson.brokerDatas.length, 2, 'JSON.parse reads the route body');

    const clusterAnswer = await admin.invoke(namesrv.address, request(RequestCode.GET_BROKER_CLUSTER_INFO), callTimeoutMs);
    const cluster = decodeClusterInfo(clusterAnswer.body!);
    assert.deepEqual(cluster.clusterAddrTable.get('C1')?.sort(), ['broker-a', 'broker-b']);
    assert.equal(cluster.brokerAddrTable.get('broker-b')?.brokerAddrs.get(0), '127.0.0.2:10911');

    const allTopics = decodeTopicList((await admin.invoke(namesrv.address, request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), callTimeoutMs)).body!);
    assert.deepEqual(allTopics.topicList.sort(), [onlyB, shared].sort());
    const c1Topics = decodeTopicList((await admin.invoke(namesrv.address, request(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'C1' }), callTimeoutMs)).body!);
    assert.deepEqual(c1Topics.topicList.sort(), [onlyB, shared].sort());
  } finally {
    brokerA.close();
    brokerB.close();
    admin.close();
  }
});

test('a slave registering after its master is told the master and HA addresses', async () => {
  await using namesrv = await startNameServer();
  const master = new RemotingClient();
  const slave = new RemotingClient();
  try {
    const topic = freshTopic();
    const group = { clusterName: 'C1', brokerName: 'broker-a', topics: [topicConfig(topic)] };
    await master.invoke(namesrv.address, registerBrokerRequest({ ...group, brokerId: 0, brokerAddr: '127.0.0.1:10911' }), callTimeoutMs);
    const answer = await slave.invoke(namesrv.address, registerBrokerRequest({ ...group, brokerId: 1, brokerAddr: '127.0.0.1:20911' }), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS);
    assert.deepEqual(RegisterBrokerResponseHeader.decode(answer.extFields), { masterAddr: '127.0.0.1:10911', haServerAddr: '127.0.0.1:10912' });
  } finally {
    master.close();
    slave.close();
  }
});

test('system and unit topic lists: cluster and broker names with a broker address, topics by unit flags', async () => {
  await using namesrv = await startNameServer();
  const broker = new RemotingClient();
  const admin = new RemotingClient();
  try {
    const empty = decodeTopicList((await admin.invoke(namesrv.address, request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS), callTimeoutMs)).body!);
    assert.deepEqual(empty, { topicList: [] });

    const [plain, unit, unitSub, both] = [freshTopic('Plain'), freshTopic('Unit'), freshTopic('UnitSub'), freshTopic('Both')];
    const withFlag = (topic: string, topicSysFlag: number) => ({ ...topicConfig(topic), topicSysFlag });
    const slave = { clusterName: 'C9', brokerName: 'broker-z', brokerId: 1, brokerAddr: '127.0.0.9:10911', topics: [] };
    const master = {
      clusterName: 'C9',
      brokerName: 'broker-z',
      brokerId: 0,
      brokerAddr: '127.0.0.8:10911',
      topics: [withFlag(plain, 0), withFlag(unit, 1), withFlag(unitSub, 2), withFlag(both, 3)],
    };
    for (const b of [slave, master]) assert.equal((await broker.invoke(namesrv.address, registerBrokerRequest(b), callTimeoutMs)).code, ResponseCode.SUCCESS);

    const list = async (code: number) => decodeTopicList((await admin.invoke(namesrv.address, request(code), callTimeoutMs)).body!);
    assert.deepEqual(await list(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS), { topicList: ['C9', 'broker-z'], brokerAddr: '127.0.0.8:10911' }, 'the master, id 0');
    assert.deepEqual((await list(RequestCode.GET_UNIT_TOPIC_LIST)).topicList.sort(), [unit, both].sort());
    assert.deepEqual((await list(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST)).topicList.sort(), [unitSub, both].sort());
    assert.deepEqual((await list(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST)).topicList, [unitSub]);
  } finally {
    broker.close();
    admin.close();
  }
});
