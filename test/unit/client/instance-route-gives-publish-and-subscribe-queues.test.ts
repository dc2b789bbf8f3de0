import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import { subscribeQueuesFromRoute, TopicPublishInfo } from '../../../src/client/instance/topic-publish-info.js';
import { routeForAutoCreation, topicRoutesEqual } from '../../../src/client/instance/topic-route.js';

function route(parts: { queueDatas: TopicRouteData['queueDatas']; brokers: Array<[string, Array<[number, string]>]>; orderTopicConf?: string }): TopicRouteData {
  const r: TopicRouteData = {
    queueDatas: parts.queueDatas,
    brokerDatas: parts.brokers.map(([brokerName, addrs]) => ({ cluster: 'C', brokerName, brokerAddrs: new Map(addrs) })),
    filterServerTable: new Map(),
  };
  if (parts.orderTopicConf !== undefined) r.orderTopicConf = parts.orderTopicConf;
  return r;
}

const qd = (brokerName: string, read: number, write: number, perm = 6) => ({ brokerName, readQueueNums: read, writeQueueNums: write, perm, topicSysFlag: 0 });

const twoBrokers = route({
  queueDatas: [qd('broker-b', 2, 3), qd('broker-a', 4, 2), qd('broker-c', 1, 1, 4), qd('broker-d', 1, 1)],
  brokers: [
    ['broker-a', [[0, 'a:1'], [1, 'a2:1']]],
    ['broker-b', [[0, 'b:1']]],
    ['broker-c', [[0, 'c:1']]],
    ['broker-d', [[1, 'd-slave:1']]],
  ],
});

test('publish queues: writable queue datas sorted by broker name, masters only, write counts', () => {
  const info = TopicPublishInfo.fromRoute('T', twoBrokers, 0);
  assert.deepEqual(
    info.queues.map((q) => `${q.brokerName}/${q.queueId}`),
    ['broker-a/0', 'broker-a/1', 'broker-b/0', 'broker-b/1', 'broker-b/2'],
  );
  assert.ok(info.queues.every((q) => q.topic === 'T'));
  assert.equal(info.orderTopic, false);
  assert.equal(info.ok, true);
  assert.equal(info.writeQueueNumsOf('broker-b'), 3);
  assert.equal(info.writeQueueNumsOf('broker-c'), -1, 'read-only queue data is not writable');
});

test('subscribe queues: every readable queue data, read counts, whatever the master', () => {
  const queues = subscribeQueuesFromRoute('T', twoBrokers);
  assert.deepEqual(
    queues.map((q) => `${q.brokerName}/${q.queueId}`),
    ['broker-b/0', 'broker-b/1', 'broker-a/0', 'broker-a/1', 'broker-a/2', 'broker-a/3', 'broker-c/0', 'broker-d/0'],
  );
  const writeOnly = route({ queueDatas: [qd('x', 4, 4, 2)], brokers: [['x', [[0, 'x:1']]]] });
  assert.deepEqual(subscribeQueuesFromRoute('T', writeOnly), []);
});

test('an orderTopicConf lists the queues of each broker in its order and marks the topic ordered', () => {
  const info = TopicPublishInfo.fromRoute('T', route({ queueDatas: [], brokers: [], orderTopicConf: 'broker-b:2;broker-a:1' }), 0);
  assert.equal(info.orderTopic, true);
  assert.deepEqual(info.queues.map((q) => `${q.brokerName}/${q.queueId}`), ['broker-b/0', 'broker-b/1', 'broker-a/0']);
});

test('round robin walks the queues and avoids the broker that just failed while others exist', () => {
  const info = TopicPublishInfo.fromRoute('T', twoBrokers, -1);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(() => info.selectOne().queueId), [0, 1, 0, 1, 2, 0]);
  for (let i = 0; i < 10; i++) assert.equal(info.selectOne('broker-a').brokerName, 'broker-b');
  const single = TopicPublishInfo.fromRoute('T', route({ queueDatas: [qd('only', 2, 2)], brokers: [['only', [[0, 'o:1']]]] }), 0);
  assert.equal(single.selectOne('only').brokerName, 'only', 'with one broker it is used anyway');
});

test('round robin survives the index wrapping past int32', () => {
  const info = TopicPublishInfo.fromRoute('T', twoBrokers, 0x7ffffffe);
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) seen.add(`${info.selectOne().brokerName}/${info.selectOne().queueId}`);
  assert.ok(seen.size > 1);
});

test('auto-creation uses the template route with min(defaultTopicQueueNums, readQueueNums) queues', () => {
  const tbw102 = route({ queueDatas: [qd('broker-a', 8, 8, 7), qd('broker-b', 2, 8, 7)], brokers: [['broker-a', [[0, 'a:1']]], ['broker-b', [[0, 'b:1']]]] });
  const adapted = routeForAutoCreation(tbw102, 4);
  assert.deepEqual(adapted.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]), [
    ['broker-a', 4, 4, 7],
    ['broker-b', 2, 2, 7],
  ]);
  assert.equal(tbw102.queueDatas[0]!.readQueueNums, 8, 'the template route is not modified');
  assert.equal(TopicPublishInfo.fromRoute('NEW', adapted).queues.length, 6);
});

test('routes are equal whatever the order of their lists, and differ on any queue count', () => {
  const reordered = { ...twoBrokers, queueDatas: [...twoBrokers.queueDatas].reverse(), brokerDatas: [...twoBrokers.brokerDatas].reverse() };
  assert.equal(topicRoutesEqual(twoBrokers, reordered), true);
  const changed = { ...twoBrokers, queueDatas: twoBrokers.queueDatas.map((q, i) => (i === 0 ? { ...q, writeQueueNums: 9 } : q)) };
  assert.equal(topicRoutesEqual(twoBrokers, changed), false);
});
