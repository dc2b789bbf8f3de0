// MACHINE_ROOM_NEARBY: a room's queues stay with that room's consumers; rooms without consumers
// are shared by all. Expected shares printed by RocketMQ's AllocateMachineRoomNearby with the
// resolver of its own unit test (the room is the text before the first '-').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAllocateStrategy } from '../../../src/client/consumer/allocate/registry.js';
import { sortAllocationInputs } from '../../../src/client/consumer/allocate/strategy.js';
import { queuesOf, sharesOf } from '../../fixtures/allocate/inputs.js';

const resolver = {
  brokerDeployIn: (mq: { brokerName: string }) => mq.brokerName.split('-')[0]!,
  consumerDeployIn: (clientId: string) => clientId.split('-')[0]!,
};
// IDC1 and IDC2 have consumers; IDC3 and IDC4 have none.
const inputs = sortAllocationInputs(queuesOf('IDC1-broker:4,IDC2-broker:3,IDC3-broker:5,IDC4-broker:2'), [
  'IDC1-c0',
  'IDC1-c1',
  'IDC2-c0',
  'IDC2-c1',
  'IDC2-c2',
]);

test('with AVG inside: IDC1 queues to IDC1 consumers, IDC2 to IDC2, IDC3 and IDC4 shared by all', () => {
  const strategy = createAllocateStrategy({ name: 'MACHINE_ROOM_NEARBY', inner: 'AVG', resolver });
  assert.equal(strategy.name, 'MACHINE_ROOM_NEARBY-AVG');
  assert.deepEqual(sharesOf(strategy, inputs), [[0, 1, 7, 12], [2, 3, 8, 13], [4, 9], [5, 10], [6, 11]]);
});

test('with AVG_BY_CIRCLE inside', () => {
  const strategy = createAllocateStrategy({ name: 'MACHINE_ROOM_NEARBY', inner: 'AVG_BY_CIRCLE', resolver });
  assert.deepEqual(sharesOf(strategy, inputs), [[0, 2, 7, 12], [1, 3, 8, 13], [4, 9], [5, 10], [6, 11]]);
});
