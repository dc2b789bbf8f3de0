import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouteRegistry } from '../../../src/namesrv/route-registry.js';
import { registration, topic } from './route-registry-fixtures.js';

test('two broker groups of one cluster both appear in the route of a shared topic', () => {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T', 4), topic('OnlyA', 2)]));
  registry.registerBroker(registration('broker-b', 0, '10.0.0.2:10911', [topic('T', 8)]));

  const route = registry.topicRoute('T');
  assert.ok(route);
  assert.deepEqual(
    route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]).sort(),
    [
      ['broker-a', 4, 4, 6],
      ['broker-b', 8, 8, 6],
    ],
  );
  assert.deepEqual(
    route.brokerDatas.map((b) => [b.cluster, b.brokerName, [...b.brokerAddrs]]).sort(),
    [
      ['DefaultCluster', 'broker-a', [[0, '10.0.0.1:10911']]],
      ['DefaultCluster', 'broker-b', [[0, '10.0.0.2:10911']]],
    ],
  );
  assert.deepEqual(registry.topicRoute('OnlyA')?.brokerDatas.map((b) => b.brokerName), ['broker-a']);
  assert.equal(registry.topicRoute('Unknown'), undefined);
  assert.deepEqual(registry.allTopics().sort(), ['OnlyA', 'T']);
});

test('a slave is listed under its id, never adds topics, and learns its master and HA address', () => {
  const registry = new RouteRegistry();
  const first = registry.registerBroker(registration('broker-a', 1, '10.0.0.9:10911', [topic('FromSlave')]));
  assert.deepEqual(first, {}, 'no master registered yet');
  assert.equal(registry.topicRoute('FromSlave'), undefined);

  const master = registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  assert.deepEqual(master, {}, 'a master gets no master address');
  const slave = registry.registerBroker(registration('broker-a', 1, '10.0.0.9:10911', [topic('FromSlave')]));
  assert.deepEqual(slave, { masterAddr: '10.0.0.1:10911', haServerAddr: '10.0.0.1:10912' });
  assert.deepEqual(
    [...(registry.topicRoute('T')?.brokerDatas[0]?.brokerAddrs ?? [])],
    [
      [1, '10.0.0.9:10911'],
      [0, '10.0.0.1:10911'],
    ],
  );
  assert.equal(registry.topicRoute('FromSlave'), undefined);
});

test('an address registering under a new id leaves its old id (slave promoted to master)', () => {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  registry.registerBroker(registration('broker-a', 1, '10.0.0.9:10911', []));
  registry.registerBroker(registration('broker-a', 0, '10.0.0.9:10911', [topic('T')]));
  assert.deepEqual([...(registry.topicRoute('T')?.brokerDatas[0]?.brokerAddrs ?? [])], [[0, '10.0.0.9:10911']]);
});

test('routes and cluster info are copies: changing them leaves the registry alone', () => {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  const route = registry.topicRoute('T');
  route!.queueDatas[0]!.perm = 0;
  route!.brokerDatas[0]!.brokerAddrs.clear();
  registry.clusterInfo().brokerAddrTable.get('broker-a')!.brokerAddrs.clear();
  assert.equal(registry.topicRoute('T')?.queueDatas[0]?.perm, 6);
  assert.equal(registry.topicRoute('T')?.brokerDatas[0]?.brokerAddrs.get(0), '10.0.0.1:10911');
});

test('filter servers of a broker appear in its routes and an empty list clears them', () => {
  const registry = new RouteRegistry();
  registry.registerBroker({ ...registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]), filterServerList: ['10.0.0.1:20000'] });
  assert.deepEqual([...(registry.topicRoute('T')?.filterServerTable ?? [])], [['10.0.0.1:10911', ['10.0.0.1:20000']]]);
  registry.registerBroker({ ...registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]), filterServerList: [] });
  assert.equal(registry.topicRoute('T')?.filterServerTable.size, 0);
});
