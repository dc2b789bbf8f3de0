import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HeartbeatData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import type { BrokerAddress } from '../../../src/client/instance/broker-address-table.js';
import { BrokerAddressTable } from '../../../src/client/instance/broker-address-table.js';
import { sendHeartbeatToAllBrokers, type HeartbeatContext } from '../../../src/client/instance/tasks/heartbeat-task.js';

const brokers: BrokerAddress[] = [
  { brokerName: 'a', brokerId: 0, addr: 'a0:1' },
  { brokerName: 'a', brokerId: 1, addr: 'a1:1' },
  { brokerName: 'b', brokerId: 0, addr: 'b0:1' },
];

function context(data: HeartbeatData | undefined, failing = new Set<string>()) {
  const sent: string[] = [];
  const outcomes: Array<[string, string]> = [];
  const ctx: HeartbeatContext = {
    heartbeatData: () => data,
    brokerAddresses: () => brokers,
    sendHeartbeat: async (addr) => {
      sent.push(addr);
      if (failing.has(addr)) throw new Error(`down ${addr}`);
      return 409;
    },
    cleanOfflineBrokers: () => undefined,
    onHeartbeat: (broker, outcome) => outcomes.push([broker.addr, 'version' in outcome ? `v${outcome.version}` : 'error']),
  };
  return { ctx, sent, outcomes };
}

const producerOnly: HeartbeatData = { clientID: 'c', producerDataSet: [{ groupName: 'P' }], consumerDataSet: [] };
const withConsumer: HeartbeatData = {
  clientID: 'c',
  producerDataSet: [],
  consumerDataSet: [{ groupName: 'G', subscriptionDataSet: [], unitMode: false }],
};

test('without consumers only masters get heartbeats', async () => {
  const { ctx, sent } = context(producerOnly);
  await sendHeartbeatToAllBrokers(ctx);
  assert.deepEqual(sent.sort(), ['a0:1', 'b0:1']);
});

test('with consumers slaves get heartbeats too; one failure does not stop the others', async () => {
  const { ctx, sent, outcomes } = context(withConsumer, new Set(['a1:1']));
  await sendHeartbeatToAllBrokers(ctx);
  assert.deepEqual(sent.sort(), ['a0:1', 'a1:1', 'b0:1']);
  assert.deepEqual(outcomes.sort(), [['a0:1', 'v409'], ['a1:1', 'error'], ['b0:1', 'v409']]);
});

test('nothing registered, nothing sent', async () => {
  const { ctx, sent } = context(undefined);
  await sendHeartbeatToAllBrokers(ctx);
  assert.deepEqual(sent, []);
});

test('the broker address table finds masters, falls back for subscriptions and forgets offline brokers', () => {
  const table = new BrokerAddressTable();
  table.update([
    { cluster: 'C', brokerName: 'a', brokerAddrs: new Map([[0, 'a0:1'], [1, 'a1:1']]) },
    { cluster: 'C', brokerName: 'b', brokerAddrs: new Map([[1, 'b1:1']]) },
  ]);
  assert.equal(table.masterAddress('a'), 'a0:1');
  assert.equal(table.masterAddress('b'), undefined);
  assert.deepEqual(table.find('a', 1, true), { addr: 'a1:1', brokerId: 1, slave: true });
  assert.equal(table.find('b', 0, true), undefined);
  assert.deepEqual(table.find('b', 0, false), { addr: 'b1:1', brokerId: 1, slave: true });
  assert.equal(table.brokerNameOf('a1:1'), 'a');
  const removed = table.retainOnly(new Set(['a0:1']));
  assert.deepEqual(removed.map((r) => r.addr).sort(), ['a1:1', 'b1:1']);
  assert.deepEqual([...table.all()], [{ brokerName: 'a', brokerId: 0, addr: 'a0:1' }]);
});
