// Where a send may go: broker role and perm, topic name, reserved topics, topic found or
// auto-created (TBW102, retry topics), topic perm, queue id range; each refusal with RocketMQ's
// code and remark, checked in that order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { resolveBrokerConfig, type BrokerConfig } from '../../../src/broker/broker-config.js';
import { newTopicConfig, TopicConfigManager } from '../../../src/broker/managers/topic-config-manager.js';
import { checkSendTarget, isRefusal, type SendAddress } from '../../../src/broker/processors/send/checks.js';

const logger = createLogger('test', 'silent');

function setup(overrides: Partial<BrokerConfig> = {}) {
  const config = resolveBrokerConfig({ brokerIP1: '10.0.0.1', brokerName: 'b', ...overrides });
  const topics = new TopicConfigManager({ config, logger });
  topics.updateTopicConfig(newTopicConfig('Existing', 4, 6));
  topics.updateTopicConfig({ ...newTopicConfig('ReadOnly', 4, 4) });
  topics.updateTopicConfig({ ...newTopicConfig('Shrunk', 2, 6), readQueueNums: 8 });
  return { ctx: { config, topics }, topics };
}

const send = (topic: string, queueId = 0, defaultTopic = 'TBW102'): SendAddress => ({ topic, queueId, defaultTopic, defaultTopicQueueNums: 4 });

function refusal(r: ReturnType<typeof checkSendTarget>): [number, string] | undefined {
  return isRefusal(r) ? [r.code, r.remark] : undefined;
}

test('broker role and permission come first', () => {
  const slave = setup({ brokerRole: 'SLAVE', brokerId: 1 });
  assert.equal(refusal(checkSendTarget(slave.ctx, send('Existing'), 'p'))?.[0], ResponseCode.SERVICE_NOT_AVAILABLE);
  const readOnly = setup({ brokerPermission: 4 });
  assert.deepEqual(refusal(checkSendTarget(readOnly.ctx, send('bad name!'), 'p')), [ResponseCode.NO_PERMISSION, 'the broker[10.0.0.1] sending message is forbidden']);
});

test('invalid and reserved topic names are refused', () => {
  const { ctx } = setup();
  assert.deepEqual(refusal(checkSendTarget(ctx, send('bad name!'), 'p')), [
    ResponseCode.SYSTEM_ERROR,
    'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
  ]);
  assert.equal(refusal(checkSendTarget(ctx, send('x'.repeat(128)), 'p'))?.[0], ResponseCode.SYSTEM_ERROR);
  assert.equal(refusal(checkSendTarget(ctx, send(''), 'p'))?.[1], 'The specified topic is blank.');
  for (const reserved of ['SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', 'TRANS_CHECK_MAX_TIME_TOPIC', 'SELF_TEST_TOPIC', 'OFFSET_MOVED_EVENT']) {
    assert.deepEqual(refusal(checkSendTarget(ctx, send(reserved), 'p')), [ResponseCode.NO_PERMISSION, `Sending message to topic[${reserved}] is forbidden.`]);
  }
});

test('unknown topics are created from an inheritable default topic, retry topics always; others do not exist', () => {
  const { ctx, topics } = setup();
  const created = checkSendTarget(ctx, send('NewTopic', 3), 'p');
  assert.ok(!isRefusal(created));
  assert.deepEqual([created.queueId, topics.select('NewTopic')?.writeQueueNums, topics.select('NewTopic')?.perm], [3, 4, 6]);
  assert.deepEqual(refusal(checkSendTarget(ctx, send('Other', 0, 'Existing'), 'p')), [ResponseCode.TOPIC_NOT_EXIST, 'topic[Other] not exist, apply first please!']);
  const retry = checkSendTarget(ctx, send('%RETRY%G1', 0, 'Existing'), 'p');
  assert.ok(!isRefusal(retry));
  assert.deepEqual([retry.topicConfig.writeQueueNums, retry.topicConfig.perm], [1, 6]);

  const off = setup({ autoCreateTopicEnable: false });
  assert.equal(refusal(checkSendTarget(off.ctx, send('NewTopic'), 'p'))?.[0], ResponseCode.TOPIC_NOT_EXIST);
  assert.equal(off.topics.select('NewTopic'), undefined);
});

test('topic perm and queue id range are checked; a negative queue id picks a write queue', () => {
  const { ctx } = setup();
  assert.deepEqual(refusal(checkSendTarget(ctx, send('ReadOnly'), 'p')), [ResponseCode.NO_PERMISSION, 'the topic[ReadOnly] sending message is forbidden']);
  const outOfRange = refusal(checkSendTarget(ctx, send('Existing', 4), '1.2.3.4:5'));
  assert.equal(outOfRange?.[0], ResponseCode.SYSTEM_ERROR);
  assert.match(outOfRange?.[1] ?? '', /^request queueId\[4\] is illegal, .*Producer: 1\.2\.3\.4:5$/);
  const readQueue = checkSendTarget(ctx, send('Shrunk', 7), 'p');
  assert.ok(!isRefusal(readQueue), 'ids below max(write, read) are accepted while queues drain');
  const picked = checkSendTarget(ctx, send('Shrunk', -1), 'p', () => 0.99);
  assert.ok(!isRefusal(picked));
  assert.equal(picked.queueId, 1, 'random picks among the 2 write queues');
});
