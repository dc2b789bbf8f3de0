// Cases whose expected results RocketMQ's own unit tests state (apache/rocketmq
// client/src/test/.../consumer/rebalance/*Test.java, and apache/rocketmq-client-go
// consumer/strategy_test.go, whose strategies follow the Java ones), plus one worked by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllocateAveragely } from '../../../src/client/consumer/allocate/averagely.js';
import { AllocateAveragelyByCircle } from '../../../src/client/consumer/allocate/averagely-by-circle.js';
import { AllocateByConfig } from '../../../src/client/consumer/allocate/by-config.js';
import { AllocateByMachineRoom } from '../../../src/client/consumer/allocate/by-machine-room.js';
import type { AllocateStrategy } from '../../../src/client/consumer/allocate/strategy.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';

const javaClients = (count: number): string[] => Array.from({ length: count }, (_, i) => `CID_PREFIX${i}`);
const queueIds = (queues: MessageQueue[]): number[] => queues.map((mq) => mq.queueId);
const queues = (count: number, brokerName = 'brokerName'): MessageQueue[] =>
  Array.from({ length: count }, (_, queueId) => ({ topic: 'topic', brokerName, queueId }));
const idsPerClient = (strategy: AllocateStrategy, mqAll: MessageQueue[], cidAll: string[]): number[][] =>
  cidAll.map((cid) => queueIds(strategy.allocate('', cid, mqAll, cidAll)));

test('AVG with 3 consumers and 8 queues gives q0-q2, q3-q5, q6-q7 (worked by hand from the Java arithmetic)', () => {
  // n=8, c=3, mod=2: clients 0 and 1 take 3 from 0 and 3; client 2 takes 2 from 2*2+2 = 6.
  assert.deepEqual(idsPerClient(new AllocateAveragely(), queues(8), javaClients(3)), [[0, 1, 2], [3, 4, 5], [6, 7]]);
});

test('AVG with 4 consumers and 10 queues gives 3, 3, 2, 2 queues (AllocateMessageQueueAveragelyTest)', () => {
  const shares = idsPerClient(new AllocateAveragely(), queues(10), javaClients(4));
  assert.deepEqual(shares.map((share) => share.length), [3, 3, 2, 2]);
});

test('AVG_BY_CIRCLE with 4 consumers and 10 queues deals 0,4,8 / 1,5,9 / 2,6 / 3,7 (AllocateMessageQueueAveragelyByCircleTest)', () => {
  const strategy = new AllocateAveragelyByCircle();
  assert.deepEqual(idsPerClient(strategy, queues(10), javaClients(4)), [[0, 4, 8], [1, 5, 9], [2, 6], [3, 7]]);
  assert.deepEqual(strategy.allocate('', 'CID_PREFIX', queues(10), javaClients(4)), []);
});

test('MACHINE_ROOM with IDC room1, 2 consumers and 5 of 10 queues in room1 gives 0,1,4 / 2,3 (AllocateMessageQueueByMachineRoomTest)', () => {
  const mqAll = [...queues(5, 'room1@broker-a'), ...queues(10, 'room2@broker-b').slice(5)];
  assert.deepEqual(idsPerClient(new AllocateByMachineRoom(['room1']), mqAll, javaClients(2)), [[0, 1, 4], [2, 3]]);
});

test('CONFIG gives every consumer the configured queues (AllocateMessageQueueByConfigTest)', () => {
  const strategy = new AllocateByConfig(queues(4));
  assert.deepEqual(idsPerClient(strategy, queues(4), javaClients(2)), [[0, 1, 2, 3], [0, 1, 2, 3]]);
});

// rocketmq-client-go's cases: six queues, client ids 192.168.24.<i>@default.
const goClients = (count: number): string[] => Array.from({ length: count }, (_, i) => `192.168.24.${i + 1}@default`);
const goCases: Array<{ current: number; clients: number; avg: number[]; circle: number[]; room: number[] }> = [
  { current: 1, clients: 2, avg: [0, 1, 2], circle: [0, 2, 4], room: [0, 1, 4] },
  { current: 2, clients: 3, avg: [2, 3], circle: [1, 4], room: [1, 4] },
  { current: 2, clients: 4, avg: [2, 3], circle: [1, 5], room: [1] },
  { current: 4, clients: 4, avg: [5], circle: [3], room: [3] },
  { current: 7, clients: 7, avg: [], circle: [], room: [] },
];

test('AVG, AVG_BY_CIRCLE and MACHINE_ROOM agree with rocketmq-client-go strategy_test.go', () => {
  const plain = queues(6, 'broker');
  const inRooms = (['192.168.24.1', '192.168.24.1', '192.168.24.1', '192.168.24.2', '192.168.24.2', '192.168.24.3'] as const).map(
    (idc, queueId) => ({ topic: 'topic', brokerName: `${idc}@defaultName`, queueId }),
  );
  const room = new AllocateByMachineRoom(['192.168.24.1', '192.168.24.2']);
  for (const c of goCases) {
    const current = `192.168.24.${c.current}@default`;
    const cidAll = goClients(c.clients);
    assert.deepEqual(queueIds(new AllocateAveragely().allocate('testGroup', current, plain, cidAll)), c.avg, `AVG ${current}`);
    assert.deepEqual(queueIds(new AllocateAveragelyByCircle().allocate('testGroup', current, plain, cidAll)), c.circle, `AVG_BY_CIRCLE ${current}`);
    assert.deepEqual(queueIds(room.allocate('testGroup', current, inRooms, cidAll)), c.room, `MACHINE_ROOM ${current}`);
  }
});
