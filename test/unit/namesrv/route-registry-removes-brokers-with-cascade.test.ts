import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouteRegistry } from '../../../src/namesrv/route-registry.js';
import { manualClock, registration, topic } from './route-registry-fixtures.js';

const expiredTimeMs = 120_000;

test('a broker silent for longer than the expiry is removed, with its group, cluster and lone topics', () => {
  const clock = manualClock();
  const registry = new RouteRegistry(clock.now);
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('Shared'), topic('OnlyA')]));
  registry.registerBroker(registration('broker-b', 0, '10.0.0.2:10911', [topic('Shared')], undefined, 'OtherCluster'));

  clock.advance(expiredTimeMs);
  registry.registerBroker(registration('broker-b', 0, '10.0.0.2:10911', [topic('Shared')], undefined, 'OtherCluster'));
  assert.deepEqual(registry.removeExpiredBrokers(expiredTimeMs), [], 'exactly at the limit is not yet expired');

  clock.advance(1);
  const removed = registry.removeExpiredBrokers(expiredTimeMs);
  assert.deepEqual(
    removed.map((b) => [b.brokerAddr, b.clusterName, b.brokerName, b.brokerId]),
    [['10.0.0.1:10911', 'DefaultCluster', 'broker-a', 0]],
  );
  assert.equal(registry.topicRoute('OnlyA'), undefined, 'a topic left without queues is deleted');
  assert.deepEqual(registry.topicRoute('Shared')?.queueDatas.map((q) => q.brokerName), ['broker-b']);
  const info = registry.clusterInfo();
  assert.deepEqual([...info.brokerAddrTable.keys()], ['broker-b']);
  assert.deepEqual([...info.clusterAddrTable], [['OtherCluster', ['broker-b']]]);
  assert.deepEqual(registry.allTopics(), ['Shared']);
});

test('an expired slave leaves its group, which keeps its master and topics', () => {
  const clock = manualClock();
  const registry = new RouteRegistry(clock.now);
  registry.registerBroker(registration('broker-a', 1, '10.0.0.9:10911', []));
  clock.advance(expiredTimeMs);
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  clock.advance(1);
  assert.deepEqual(registry.removeExpiredBrokers(expiredTimeMs).map((b) => b.brokerAddr), ['10.0.0.9:10911']);
  assert.deepEqual([...(registry.topicRoute('T')?.brokerDatas[0]?.brokerAddrs ?? [])], [[0, '10.0.0.1:10911']]);
});

test('a data version query with an unchanged version counts as a heartbeat', () => {
  const clock = manualClock();
  const registry = new RouteRegistry(clock.now);
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  clock.advance(expiredTimeMs);
  registry.touchBroker('10.0.0.1:10911');
  clock.advance(1);
  assert.deepEqual(registry.removeExpiredBrokers(expiredTimeMs), []);
});

test('closing a connection removes at once every broker registered over it', () => {
  const registry = new RouteRegistry();
  const connectionA = {};
  const connectionB = {};
  registry.registerBroker({ ...registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]), connection: connectionA });
  registry.registerBroker({ ...registration('broker-b', 0, '10.0.0.2:10911', [topic('T')]), connection: connectionB });

  const removed = registry.removeBrokersOfConnection(connectionA);
  assert.deepEqual(removed.map((b) => [b.brokerAddr, b.connection === connectionA]), [['10.0.0.1:10911', true]]);
  assert.deepEqual(registry.topicRoute('T')?.brokerDatas.map((b) => b.brokerName), ['broker-b']);
  assert.deepEqual(registry.removeBrokersOfConnection(connectionA), [], 'nothing left on that connection');
});

test('unregistering a broker removes it like an expiry; an unknown address changes nothing', () => {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T')]));
  assert.equal(registry.unregisterBroker('10.0.0.5:10911'), undefined);
  assert.equal(registry.unregisterBroker('10.0.0.1:10911')?.brokerName, 'broker-a');
  assert.equal(registry.topicRoute('T'), undefined);
  assert.deepEqual(registry.allTopics(), []);
  assert.equal(registry.clusterInfo().clusterAddrTable.size, 0);
});
