import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dlqTopic,
  isNotAllowedSendTopic,
  isRetryTopic,
  isSystemTopic,
  replyTopic,
  retryTopic,
  topicNameProblem,
} from '../../../src/broker/managers/topic-names.js';

test('topic names: letters, digits, % | - _ and at most 127 characters', () => {
  for (const ok of ['TopicTest', '%RETRY%G1', 'a|b', 'x-y_z', '0', 'T'.repeat(127)]) assert.equal(topicNameProblem(ok), undefined, ok);
  assert.match(topicNameProblem('') ?? '', /blank/);
  assert.match(topicNameProblem('   ') ?? '', /blank/);
  assert.match(topicNameProblem('a b') ?? '', /illegal characters/);
  assert.match(topicNameProblem('a.b') ?? '', /illegal characters/);
  assert.match(topicNameProblem('a@b') ?? '', /illegal characters/);
  assert.match(topicNameProblem('ü') ?? '', /illegal characters/);
  assert.match(topicNameProblem('T'.repeat(128)) ?? '', /longer than topic max length/);
});

test('reserved topics: system ones, and those clients may not send to', () => {
  for (const t of ['TBW102', 'SCHEDULE_TOPIC_XXXX', 'BenchmarkTest', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'rmq_sys_wheel_timer']) {
    assert.equal(isSystemTopic(t), true, t);
  }
  assert.equal(isSystemTopic('TopicTest'), false);
  for (const t of ['SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC', 'TRANS_CHECK_MAX_TIME_TOPIC', 'SELF_TEST_TOPIC', 'OFFSET_MOVED_EVENT']) {
    assert.equal(isNotAllowedSendTopic(t), true, t);
  }
  assert.equal(isNotAllowedSendTopic('TBW102'), false);
  assert.equal(isNotAllowedSendTopic('%RETRY%G1'), false);
});

test('retry, DLQ and reply topic names', () => {
  assert.equal(retryTopic('G1'), '%RETRY%G1');
  assert.equal(dlqTopic('G1'), '%DLQ%G1');
  assert.equal(isRetryTopic('%RETRY%G1'), true);
  assert.equal(isRetryTopic('%DLQ%G1'), false);
  assert.equal(replyTopic('DefaultCluster'), 'DefaultCluster_REPLY_TOPIC');
});
