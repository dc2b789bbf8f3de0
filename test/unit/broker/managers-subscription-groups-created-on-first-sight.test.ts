import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { SubscriptionGroupManager } from '../../../src/broker/managers/subscription-group-manager.js';

const logger = createLogger('test');

test('an unknown group is created with the defaults when auto-creation is on', () => {
  const m = new SubscriptionGroupManager({ autoCreateSubscriptionGroup: true, logger });
  const g = m.findSubscriptionGroupConfig('G1');
  assert.deepEqual(g && [g.retryQueueNums, g.retryMaxTimes, g.consumeEnable, g.notifyConsumerIdsChangedEnable], [1, 16, true, true]);
  assert.equal(m.findSubscriptionGroupConfig('G1'), g);
  assert.equal(m.dataVersion.counter, 1);
});

test('without auto-creation an unknown group is not found, except internal CID_RMQ_SYS_ groups', () => {
  const m = new SubscriptionGroupManager({ autoCreateSubscriptionGroup: false, logger });
  assert.equal(m.findSubscriptionGroupConfig('G1'), undefined);
  assert.equal(m.groups.has('G1'), false);
  assert.equal(m.findSubscriptionGroupConfig('CID_RMQ_SYS_TRANS')?.groupName, 'CID_RMQ_SYS_TRANS');
  assert.equal(m.findSubscriptionGroupConfig('TOOLS_CONSUMER')?.groupName, 'TOOLS_CONSUMER', 'built-in');
});

test('update and delete', () => {
  const m = new SubscriptionGroupManager({ autoCreateSubscriptionGroup: false, logger });
  m.updateSubscriptionGroupConfig({ ...m.findSubscriptionGroupConfig('TOOLS_CONSUMER')!, groupName: 'G2', retryMaxTimes: 3 });
  assert.equal(m.findSubscriptionGroupConfig('G2')?.retryMaxTimes, 3);
  assert.equal(m.deleteSubscriptionGroupConfig('G2'), true);
  assert.equal(m.deleteSubscriptionGroupConfig('G2'), false);
  assert.equal(m.findSubscriptionGroupConfig('G2'), undefined);
  assert.equal(m.dataVersion.counter, 2);
});
