import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { resolveBrokerConfig, type BrokerConfig } from '../../../src/broker/broker-config.js';
import { TopicConfigManager, type TopicChange } from '../../../src/broker/managers/topic-config-manager.js';

const logger = createLogger('test');

function manager(overrides: Partial<BrokerConfig> = {}): TopicConfigManager {
  const config = resolveBrokerConfig({ brokerClusterName: 'C1', brokerName: 'b1', ...overrides });
  let clock = 1_000;
  return new TopicConfigManager({ config, logger, now: () => clock++ });
}

const shape = (m: TopicConfigManager, topic: string) => {
  const t = m.select(topic);
  return t && [t.readQueueNums, t.writeQueueNums, t.perm];
};

test('built-in topics of behaviours.md §1', () => {
  const m = manager();
  assert.deepEqual(shape(m, 'SELF_TEST_TOPIC'), [1, 1, 6]);
  assert.deepEqual(shape(m, 'TBW102'), [8, 8, 7]);
  assert.deepEqual(shape(m, 'BenchmarkTest'), [1024, 1024, 6]);
  assert.deepEqual(shape(m, 'C1'), [16, 16, 7]);
  assert.deepEqual(shape(m, 'b1'), [1, 1, 7]);
  assert.deepEqual(shape(m, 'OFFSET_MOVED_EVENT'), [1, 1, 6]);
  assert.deepEqual(shape(m, 'SCHEDULE_TOPIC_XXXX'), [18, 18, 6]);
  assert.deepEqual(shape(m, 'C1_REPLY_TOPIC'), [1, 1, 6]);
  assert.equal(m.select('RMQ_SYS_TRACE_TOPIC'), undefined);
});

test('switches shape the built-ins: no TBW102 without auto-creation, cluster/broker topics inherit only', () => {
  const m = manager({ autoCreateTopicEnable: false, clusterTopicEnable: false, brokerTopicEnable: false, traceTopicEnable: true, defaultTopicQueueNums: 4 });
  assert.equal(m.select('TBW102'), undefined);
  assert.deepEqual(shape(m, 'C1'), [16, 16, 1]);
  assert.deepEqual(shape(m, 'b1'), [1, 1, 1]);
  assert.deepEqual(shape(m, 'RMQ_SYS_TRACE_TOPIC'), [1, 1, 6]);
  assert.deepEqual(shape(manager({ defaultTopicQueueNums: 4 }), 'TBW102'), [4, 4, 7]);
});

test('a send to an unknown topic creates it from TBW102: min(client queues, template), perm without inherit', () => {
  const m = manager();
  const changes: TopicChange[] = [];
  m.onChange((c) => changes.push(c));
  const before = m.dataVersion;
  const created = m.createTopicInSendMessageMethod('NewTopic', 'TBW102', 4);
  assert.deepEqual(created && [created.readQueueNums, created.writeQueueNums, created.perm, created.topicFilterType], [4, 4, 6, 'SINGLE_TAG']);
  assert.deepEqual(changes, [{ kind: 'created', topic: 'NewTopic' }]);
  assert.equal(m.dataVersion.counter, before.counter + 1);
  assert.ok(m.dataVersion.timestamp > before.timestamp);

  assert.deepEqual(shape(m, 'Wide'), undefined);
  assert.equal(m.createTopicInSendMessageMethod('Wide', 'TBW102', 64)?.writeQueueNums, 8, 'capped by the template');
  assert.equal(m.createTopicInSendMessageMethod('NewTopic', 'TBW102', 2)?.writeQueueNums, 4, 'an existing topic is returned as is');
  assert.equal(changes.length, 2);
});

test('no creation from a missing or non-inheritable template, nor from TBW102 when auto-creation is off', () => {
  const m = manager();
  assert.equal(m.createTopicInSendMessageMethod('T1', 'NoSuchTemplate', 4), undefined);
  assert.equal(m.createTopicInSendMessageMethod('T1', 'SELF_TEST_TOPIC', 4), undefined, 'perm 6 is not inheritable');
  const off = manager({ autoCreateTopicEnable: false });
  off.updateTopicConfig({ topicName: 'TBW102', readQueueNums: 8, writeQueueNums: 8, perm: 7, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
  assert.equal(off.createTopicInSendMessageMethod('T1', 'TBW102', 4), undefined, 'TBW102 counts as perm 6');
  assert.equal(off.select('T1'), undefined);
});

test('retry topics are created with the given queues and perm whatever the template', () => {
  const m = manager({ autoCreateTopicEnable: false });
  const retry = m.createTopicInSendMessageBackMethod('%RETRY%G1', 1, 6, 0);
  assert.deepEqual([retry.readQueueNums, retry.writeQueueNums, retry.perm], [1, 1, 6]);
  const version = m.dataVersion.counter;
  assert.equal(m.createTopicInSendMessageBackMethod('%RETRY%G1', 3, 2), retry, 'existing topic kept');
  assert.equal(m.dataVersion.counter, version);
});

test('update and delete bump the version and tell the listeners', () => {
  const m = manager();
  const changes: TopicChange[] = [];
  const stop = m.onChange((c) => changes.push(c));
  m.updateTopicConfig({ topicName: 'A', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
  m.updateTopicConfig({ topicName: 'A', readQueueNums: 3, writeQueueNums: 3, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: true });
  assert.equal(m.deleteTopicConfig('A'), true);
  assert.equal(m.deleteTopicConfig('A'), false);
  stop();
  m.updateTopicConfig({ topicName: 'B', readQueueNums: 1, writeQueueNums: 1, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
  assert.deepEqual(changes, [
    { kind: 'created', topic: 'A' },
    { kind: 'updated', topic: 'A' },
    { kind: 'deleted', topic: 'A' },
  ]);
  assert.equal(m.dataVersion.counter, 4);
});
