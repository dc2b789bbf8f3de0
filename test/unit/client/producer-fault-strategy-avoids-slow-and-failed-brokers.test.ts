import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/errors.js';
import type { TopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import { TopicPublishInfo } from '../../../src/client/instance/topic-publish-info.js';
import { FaultStrategy, isolationLatencyMs } from '../../../src/client/producer/fault-strategy.js';

function publishInfo(brokerNames: string[], queuesPerBroker = 2): TopicPublishInfo {
  const route: TopicRouteData = {
    queueDatas: brokerNames.map((brokerName) => ({ brokerName, readQueueNums: queuesPerBroker, writeQueueNums: queuesPerBroker, perm: 6, topicSysFlag: 0 })),
    brokerDatas: brokerNames.map((brokerName) => ({ cluster: 'C', brokerName, brokerAddrs: new Map([[0, `${brokerName}:1`]]) })),
    filterServerTable: new Map(),
  };
  return TopicPublishInfo.fromRoute('T', route, 0);
}

function strategy() {
  let now = 1_000_000;
  const fault = new FaultStrategy({ enabled: true, now: () => now });
  return { fault, advance: (ms: number) => (now += ms) };
}

test("RocketMQ's latency steps: [50,100,550,1000,2000,3000,15000] ms -> [0,0,30,60,120,180,600] s unavailable", () => {
  const { fault } = strategy();
  const cases: Array<[number, number]> = [
    [0, 0], [49, 0], [50, 0], [100, 0], [549, 0], [550, 30_000], [999, 30_000], [1_000, 60_000],
    [2_000, 120_000], [3_000, 180_000], [14_999, 180_000], [15_000, 600_000], [isolationLatencyMs, 600_000],
  ];
  for (const [latency, duration] of cases) assert.equal(fault.notAvailableMsFor(latency), duration, `latency ${latency}`);
});

test('a failed broker is skipped while others are available, and used again when its time is up', () => {
  const { fault, advance } = strategy();
  const info = publishInfo(['a', 'b', 'c']);
  fault.update('b', 12, true);
  for (let i = 0; i < 30; i++) assert.notEqual(fault.selectQueue(info).brokerName, 'b');
  advance(600_000 - 1);
  assert.equal(fault.isAvailable('b'), false);
  advance(1);
  assert.equal(fault.isAvailable('b'), true);
  const used = new Set(Array.from({ length: 30 }, () => fault.selectQueue(info).brokerName));
  assert.ok(used.has('b'));
});

test('a slow broker is avoided for the step its latency reached; fast sends keep it available', () => {
  const { fault, advance } = strategy();
  fault.update('a', 40, false);
  assert.equal(fault.isAvailable('a'), true);
  fault.update('a', 1_200, false);
  assert.equal(fault.isAvailable('a'), false);
  advance(60_000);
  assert.equal(fault.isAvailable('a'), true);
});

test('after a failure the next attempt goes to another available broker', () => {
  const { fault } = strategy();
  const info = publishInfo(['a', 'b']);
  for (let i = 0; i < 20; i++) assert.equal(fault.selectQueue(info, 'a').brokerName, 'b');
});

test('when every broker is isolated one of them is still chosen, its queue id within its write queues', () => {
  const { fault, advance } = strategy();
  const info = publishInfo(['a', 'b'], 3);
  fault.update('a', 10, true);
  advance(10);
  fault.update('b', 10, true);
  for (let i = 0; i < 10; i++) {
    const mq = fault.selectQueue(info, 'b');
    assert.ok(['a', 'b'].includes(mq.brokerName));
    assert.ok(mq.queueId >= 0 && mq.queueId < 3);
  }
});

test('disabled, it is plain round robin away from the last broker, and records nothing', () => {
  const fault = new FaultStrategy({ enabled: false });
  const info = publishInfo(['a', 'b']);
  fault.update('b', 100_000, true);
  assert.equal(fault.isAvailable('b'), true);
  assert.equal(fault.selectQueue(info, 'a').brokerName, 'b');
});

test('mismatched or unsorted thresholds are refused', () => {
  assert.throws(() => new FaultStrategy({ enabled: true, latencyMaxMs: [1, 2], notAvailableDurationMs: [1] }), ConfigError);
  assert.throws(() => new FaultStrategy({ enabled: true, latencyMaxMs: [2, 1], notAvailableDurationMs: [1, 2] }), ConfigError);
});
