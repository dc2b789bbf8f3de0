// RocketMQ's strategies (all but CONFIG) refuse an empty client id, queue list or client list,
// and allocate nothing to a client missing from the client list. The registry builds strategies
// by their RocketMQ names and refuses unknown names and missing settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllocateByConfig } from '../../../src/client/consumer/allocate/by-config.js';
import { allocateStrategyNames, createAllocateStrategy, type AllocateStrategySpec } from '../../../src/client/consumer/allocate/registry.js';
import { sortAllocationInputs, type AllocateStrategy } from '../../../src/client/consumer/allocate/strategy.js';
import { ConfigError, InvalidArgumentError } from '../../../src/common/errors.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';

const mqAll: MessageQueue[] = [0, 1, 2].map((queueId) => ({ topic: 'T', brokerName: 'room1@broker-a', queueId }));
const cidAll = ['10.0.0.1@1', '10.0.0.2@1'];
const resolver = { brokerDeployIn: () => 'room1', consumerDeployIn: () => 'room1' };
const checking: AllocateStrategy[] = [
  createAllocateStrategy('AVG'),
  createAllocateStrategy('AVG_BY_CIRCLE'),
  createAllocateStrategy('CONSISTENT_HASH'),
  createAllocateStrategy({ name: 'MACHINE_ROOM', consumerIdcs: ['room1'] }),
  createAllocateStrategy({ name: 'MACHINE_ROOM_NEARBY', inner: 'AVG', resolver }),
];

test('an empty client id, queue list or client list is an InvalidArgumentError', () => {
  for (const strategy of checking) {
    assert.throws(() => strategy.allocate('G', '', mqAll, cidAll), InvalidArgumentError, strategy.name);
    assert.throws(() => strategy.allocate('G', cidAll[0]!, [], cidAll), InvalidArgumentError, strategy.name);
    assert.throws(() => strategy.allocate('G', cidAll[0]!, mqAll, []), InvalidArgumentError, strategy.name);
  }
});

test('a client missing from the client list is given nothing, while members share every queue', () => {
  for (const strategy of checking) {
    assert.deepEqual(strategy.allocate('G', '10.0.0.9@1', mqAll, cidAll), [], strategy.name);
    const allocated = cidAll.flatMap((cid) => strategy.allocate('G', cid, mqAll, cidAll));
    assert.equal(allocated.length, mqAll.length, strategy.name);
  }
});

test('CONFIG checks nothing and returns its configured queues, as a copy', () => {
  const strategy = new AllocateByConfig(mqAll.slice(1));
  const given = strategy.allocate();
  assert.deepEqual(given, mqAll.slice(1));
  given.pop();
  assert.equal(createAllocateStrategy({ name: 'CONFIG', messageQueues: mqAll.slice(1) }).allocate('G', '', [], []).length, 2);
  assert.equal(strategy.allocate().length, 2);
});

test('MACHINE_ROOM_NEARBY refuses a queue or consumer without a machine room', () => {
  const roomless = createAllocateStrategy({
    name: 'MACHINE_ROOM_NEARBY',
    inner: 'AVG',
    resolver: { brokerDeployIn: () => '', consumerDeployIn: () => 'room1' },
  });
  assert.throws(() => roomless.allocate('G', cidAll[0]!, mqAll, cidAll), InvalidArgumentError);
});

test('the registry builds each strategy under its RocketMQ name', () => {
  const specs: AllocateStrategySpec[] = [
    { name: 'AVG' },
    { name: 'AVG_BY_CIRCLE' },
    { name: 'CONSISTENT_HASH', virtualNodeCount: 5 },
    { name: 'CONFIG', messageQueues: mqAll },
    { name: 'MACHINE_ROOM', consumerIdcs: new Set(['room1']) },
    { name: 'MACHINE_ROOM_NEARBY', inner: { name: 'AVG_BY_CIRCLE' }, resolver },
  ];
  assert.deepEqual(
    specs.map((spec) => createAllocateStrategy(spec).name),
    ['AVG', 'AVG_BY_CIRCLE', 'CONSISTENT_HASH', 'CONFIG', 'MACHINE_ROOM', 'MACHINE_ROOM_NEARBY-AVG_BY_CIRCLE'],
  );
  assert.deepEqual(allocateStrategyNames, specs.map((spec) => spec.name));
  assert.equal(createAllocateStrategy().name, 'AVG');
});

test('the registry passes a custom strategy through and refuses unknown names and missing settings', () => {
  const custom: AllocateStrategy = { name: 'MINE', allocate: () => [] };
  assert.equal(createAllocateStrategy(custom), custom);
  const untyped = createAllocateStrategy as (choice: unknown) => AllocateStrategy;
  assert.throws(() => untyped('AVERAGE'), ConfigError);
  assert.throws(() => untyped({ name: 'LEAST_LOADED' }), ConfigError);
  assert.throws(() => untyped('CONFIG'), ConfigError);
  assert.throws(() => untyped('MACHINE_ROOM'), ConfigError);
  assert.throws(() => untyped({ name: 'MACHINE_ROOM', consumerIdcs: 'room1' }), ConfigError);
  assert.throws(() => untyped({ name: 'MACHINE_ROOM_NEARBY', inner: 'AVG' }), ConfigError);
});

test('sortAllocationInputs orders queues by topic, broker name, queue id and client ids as Java strings', () => {
  const { mqAll: sorted, cidAll: ids } = sortAllocationInputs(
    [
      { topic: 'b', brokerName: 'x', queueId: 0 },
      { topic: 'a', brokerName: 'y', queueId: 10 },
      { topic: 'a', brokerName: 'y', queueId: 2 },
      { topic: 'a', brokerName: 'Y', queueId: 5 },
    ],
    ['10.0.0.10@1', '10.0.0.9@1', '10.0.0.1@1'],
  );
  assert.deepEqual(
    sorted.map((mq) => `${mq.topic}/${mq.brokerName}/${mq.queueId}`),
    ['a/Y/5', 'a/y/2', 'a/y/10', 'b/x/0'],
  );
  assert.deepEqual(ids, ['10.0.0.10@1', '10.0.0.1@1', '10.0.0.9@1']); // '0' sorts before '@'
});
