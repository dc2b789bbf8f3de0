import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouteRegistry } from '../../../src/namesrv/route-registry.js';
import { registration, topic } from './route-registry-fixtures.js';

function twoClusters(): RouteRegistry {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T'), topic('A', 4, 4)], undefined, 'C1'));
  registry.registerBroker(registration('broker-b', 0, '10.0.0.2:10911', [topic('T'), topic('B')], undefined, 'C2'));
  return registry;
}

test('topics by cluster lists the topics with a queue on one of its broker groups', () => {
  const registry = twoClusters();
  assert.deepEqual(registry.topicsByCluster('C1').sort(), ['A', 'T']);
  assert.deepEqual(registry.topicsByCluster('C2').sort(), ['B', 'T']);
  assert.deepEqual(registry.topicsByCluster('Nope'), []);
});

test('deleting a topic removes it everywhere, or only from the named cluster', () => {
  const registry = twoClusters();
  registry.deleteTopic('T', 'C1');
  assert.deepEqual(registry.topicRoute('T')?.queueDatas.map((q) => q.brokerName), ['broker-b']);
  registry.deleteTopic('T', 'C2');
  assert.equal(registry.topicRoute('T'), undefined);
  registry.deleteTopic('B');
  assert.deepEqual(registry.allTopics(), ['A']);
});

test('wiping write permission clears the write bit per topic; adding it sets read and write', () => {
  const registry = twoClusters();
  assert.equal(registry.wipeWritePermOfBroker('broker-a'), 2);
  assert.equal(registry.topicRoute('A')?.queueDatas[0]?.perm, 4);
  assert.deepEqual(registry.topicRoute('T')?.queueDatas.map((q) => [q.brokerName, q.perm]).sort(), [
    ['broker-a', 4],
    ['broker-b', 6],
  ]);
  assert.equal(registry.addWritePermOfBroker('broker-a'), 2);
  assert.equal(registry.topicRoute('A')?.queueDatas[0]?.perm, 6);
  assert.equal(registry.wipeWritePermOfBroker('no-such-broker'), 0);
});
