// Whatever the group size, AVG, AVG_BY_CIRCLE and CONSISTENT_HASH hand every queue to exactly one
// member; MACHINE_ROOM does so for the queues of the consumer IDCs and MACHINE_ROOM_NEARBY for all.
// Seeded: a failure prints the seed, and ALLOCATE_SEED=<seed> replays it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAllocateStrategy } from '../../../src/client/consumer/allocate/registry.js';
import { sortAllocationInputs, type AllocateStrategy, type AllocationInputs } from '../../../src/client/consumer/allocate/strategy.js';
import { mqKey } from '../../../src/common/message/message-queue.js';

const roundCount = 200;
const clientCountMax = 20;
const brokerCountMax = 4;
const queuesPerBrokerMax = 16;

/** mulberry32: small, seedable, good enough to pick sizes. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below);
  };
}

const rooms = ['room1', 'room2', 'room3'];

function randomInputs(random: (below: number) => number): AllocationInputs {
  const mqAll = Array.from({ length: 1 + random(brokerCountMax) }, (_, b) => `${rooms[random(rooms.length)]}@broker-${b}`).flatMap(
    (brokerName) => Array.from({ length: 1 + random(queuesPerBrokerMax) }, (_, queueId) => ({ topic: 'T', brokerName, queueId })),
  );
  const cidAll = Array.from({ length: 1 + random(clientCountMax) }, (_, i) => `${rooms[random(rooms.length)]}-10.0.${i}.${random(256)}@${i}`);
  return sortAllocationInputs(mqAll, cidAll);
}

function assertPartition(strategy: AllocateStrategy, inputs: AllocationInputs, wanted: string[], context: string): void {
  const owner = new Map<string, string>();
  for (const cid of inputs.cidAll) {
    for (const mq of strategy.allocate('G', cid, inputs.mqAll, inputs.cidAll)) {
      const key = mqKey(mq);
      assert.equal(owner.get(key), undefined, `${context}: ${key} given to ${owner.get(key)} and ${cid}`);
      owner.set(key, cid);
    }
  }
  assert.deepEqual([...owner.keys()].sort(), [...wanted].sort(), `${context}: allocated queues differ from the wanted ones`);
}

test('each queue goes to exactly one consumer, for random groups and topics', () => {
  const seed = Number(process.env.ALLOCATE_SEED ?? Date.now() % 2 ** 31);
  const random = seededRandom(seed);
  const byRoom = { brokerDeployIn: (mq: { brokerName: string }) => mq.brokerName.split('@')[0]!, consumerDeployIn: (cid: string) => cid.split('-')[0]! };
  const everyQueue = [
    createAllocateStrategy('AVG'),
    createAllocateStrategy('AVG_BY_CIRCLE'),
    createAllocateStrategy('CONSISTENT_HASH'),
    createAllocateStrategy({ name: 'MACHINE_ROOM_NEARBY', inner: 'AVG', resolver: byRoom }),
    createAllocateStrategy({ name: 'MACHINE_ROOM_NEARBY', inner: { name: 'CONSISTENT_HASH', virtualNodeCount: 3 }, resolver: byRoom }),
  ];
  const machineRoom = createAllocateStrategy({ name: 'MACHINE_ROOM', consumerIdcs: ['room1', 'room3'] });
  for (let round = 0; round < roundCount; round++) {
    const inputs = randomInputs(random);
    const context = `seed ${seed} round ${round}`;
    for (const strategy of everyQueue) {
      assertPartition(strategy, inputs, inputs.mqAll.map(mqKey), `${strategy.name} ${context}`);
    }
    const inIdcs = inputs.mqAll.filter((mq) => /^room[13]@/.test(mq.brokerName)).map(mqKey);
    assertPartition(machineRoom, inputs, inIdcs, `MACHINE_ROOM ${context}`);
  }
});

test('CONSISTENT_HASH moves only the leaving consumer\'s queues when a consumer leaves', () => {
  const strategy = createAllocateStrategy('CONSISTENT_HASH');
  const { mqAll, cidAll } = sortAllocationInputs(
    Array.from({ length: 32 }, (_, queueId) => ({ topic: 'T', brokerName: `broker-${queueId % 2}`, queueId })),
    Array.from({ length: 6 }, (_, i) => `10.0.0.${i}@DEFAULT`),
  );
  const ownerOf = (members: string[]): Map<string, string> =>
    new Map(members.flatMap((cid) => strategy.allocate('G', cid, mqAll, members).map((mq) => [mqKey(mq), cid] as const)));
  const before = ownerOf(cidAll);
  const leaving = cidAll[2]!;
  const after = ownerOf(cidAll.filter((cid) => cid !== leaving));
  const moved = [...before].filter(([key, cid]) => after.get(key) !== cid).map(([key]) => key);
  const leaversQueues = [...before].filter(([, cid]) => cid === leaving).map(([key]) => key);
  assert.ok(leaversQueues.length > 0, 'the leaving consumer owned queues, so the test can fail');
  assert.deepEqual(moved, leaversQueues);
});
