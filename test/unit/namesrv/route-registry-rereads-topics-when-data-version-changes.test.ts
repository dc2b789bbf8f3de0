import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouteRegistry } from '../../../src/namesrv/route-registry.js';
import { registration, topic } from './route-registry-fixtures.js';

test('a master re-registering with the same DataVersion keeps the queue data it registered first', () => {
  const registry = new RouteRegistry();
  const version = { timestamp: 100, counter: 1 };
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T', 4)], version));
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T', 16), topic('New')], { ...version }));
  assert.equal(registry.topicRoute('T')?.queueDatas[0]?.writeQueueNums, 4);
  assert.equal(registry.topicRoute('New'), undefined);
});

test('a master re-registering with another DataVersion replaces its queue data', () => {
  const registry = new RouteRegistry();
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T', 4)], { timestamp: 100, counter: 1 }));
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [topic('T', 16), topic('New')], { timestamp: 100, counter: 2 }));
  assert.equal(registry.topicRoute('T')?.queueDatas[0]?.writeQueueNums, 16);
  assert.ok(registry.topicRoute('New'));
});

test('the data version query says changed for an unknown broker or another version', () => {
  const registry = new RouteRegistry();
  const version = { timestamp: 100, counter: 7, stateVersion: 0 };
  assert.equal(registry.isBrokerTopicConfigChanged('10.0.0.1:10911', version), true);
  registry.registerBroker(registration('broker-a', 0, '10.0.0.1:10911', [], { timestamp: 100, counter: 7 }));
  assert.equal(registry.isBrokerTopicConfigChanged('10.0.0.1:10911', version), false, 'missing stateVersion counts as 0');
  assert.equal(registry.isBrokerTopicConfigChanged('10.0.0.1:10911', { timestamp: 100, counter: 8 }), true);
  assert.deepEqual(registry.brokerDataVersion('10.0.0.1:10911'), { timestamp: 100, counter: 7 });
});
