import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { createOffsetMsgId } from '../../../src/common/message/message-id.js';
import {
  maxReconsumeTimesOf,
  offsetMsgIdOf,
  sendBackMessage,
  sendBackTarget,
  type SendBackDecisionInput,
} from '../../../src/broker/processors/send-back.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

const base: SendBackDecisionInput = { group: 'G', reconsumeTimes: 0, maxReconsumeTimes: 16, delayLevel: 0, retryQueueNums: 1, random: () => 0.5 };

test('delay level 0 retries at level 3 + reconsumeTimes in %RETRY%group', () => {
  for (let times = 0; times < 16; times++) {
    assert.deepEqual(sendBackTarget({ ...base, reconsumeTimes: times }), { kind: 'retry', topic: '%RETRY%G', queueId: 0, delayLevel: 3 + times });
  }
});

test('a delay level asked for is kept', () => {
  assert.deepEqual(sendBackTarget({ ...base, delayLevel: 7 }), { kind: 'retry', topic: '%RETRY%G', queueId: 0, delayLevel: 7 });
});

test('reconsumeTimes at or above the max, or a negative delay level, goes to %DLQ%group', () => {
  assert.deepEqual(sendBackTarget({ ...base, reconsumeTimes: 16 }), { kind: 'dlq', topic: '%DLQ%G', queueId: 0 });
  assert.deepEqual(sendBackTarget({ ...base, reconsumeTimes: 20 }), { kind: 'dlq', topic: '%DLQ%G', queueId: 0 });
  assert.deepEqual(sendBackTarget({ ...base, maxReconsumeTimes: 0 }), { kind: 'dlq', topic: '%DLQ%G', queueId: 0 });
  assert.deepEqual(sendBackTarget({ ...base, delayLevel: -1 }), { kind: 'dlq', topic: '%DLQ%G', queueId: 0 });
  assert.equal(sendBackTarget({ ...base, reconsumeTimes: 15 }).kind, 'retry');
});

test('the retry queue is random % retryQueueNums', () => {
  const queues = [0, 0.249, 0.25, 0.5, 0.99].map((r) => sendBackTarget({ ...base, retryQueueNums: 4, random: () => r }).queueId);
  assert.deepEqual(queues, [0, 0, 1, 2, 3]);
});

test('maxReconsumeTimes comes from the header from version 121 on, else from the group', () => {
  assert.equal(maxReconsumeTimesOf(121, 3, 16), 3);
  assert.equal(maxReconsumeTimesOf(409, 3, 16), 3);
  assert.equal(maxReconsumeTimesOf(120, 3, 16), 16);
  assert.equal(maxReconsumeTimesOf(409, undefined, 16), 16);
});

function stored(properties: Record<string, string>, reconsumeTimes = 2) {
  const input = testMessage('OrderTopic', 3, 'payload', { properties, sysFlag: 0x1, bornTimestamp: 4321 });
  input.flag = 9;
  input.reconsumeTimes = reconsumeTimes;
  return decodeStoredMessage(encodeStoredMessage(input, { queueOffset: 7, physicalOffset: 4096, storeTimestamp: 5000, storeHost: testStoreHost }));
}

test('the offsetMsgId of a record is its store host, port and commit log offset', () => {
  assert.equal(offsetMsgIdOf(stored({})), createOffsetMsgId({ host: '127.0.0.1', port: testStoreHost.port }, 4096n));
});

test('the retry copy counts one more reconsume, names the first topic and message id, and carries the delay', () => {
  const original = stored({ TAGS: 'A', KEYS: 'k', WAIT: 'true' });
  const copy = sendBackMessage(original, { kind: 'retry', topic: '%RETRY%G', queueId: 0, delayLevel: 5 });
  assert.equal(copy.topic, '%RETRY%G');
  assert.equal(copy.queueId, 0);
  assert.equal(copy.reconsumeTimes, 3);
  assert.equal(copy.flag, 9);
  assert.equal(copy.sysFlag, 0x1);
  assert.equal(copy.bornTimestamp, 4321);
  assert.equal(Buffer.from(copy.body).toString(), 'payload');
  const props = decodeProperties(copy.properties as string);
  assert.equal(props.get('RETRY_TOPIC'), 'OrderTopic');
  assert.equal(props.get('ORIGIN_MESSAGE_ID'), offsetMsgIdOf(original));
  assert.equal(props.get('DELAY'), '5');
  assert.equal(props.get('WAIT'), 'false');
  assert.equal(props.get('TAGS'), 'A');
});

test('a message already retried keeps its first topic and first message id; a DLQ copy has no delay', () => {
  const original = stored({ RETRY_TOPIC: 'FirstTopic', ORIGIN_MESSAGE_ID: 'FIRSTID', DELAY: '4' }, 16);
  const copy = sendBackMessage(original, { kind: 'dlq', topic: '%DLQ%G', queueId: 0 });
  const props = decodeProperties(copy.properties as string);
  assert.equal(props.get('RETRY_TOPIC'), 'FirstTopic');
  assert.equal(props.get('ORIGIN_MESSAGE_ID'), 'FIRSTID');
  assert.equal(props.has('DELAY'), false);
  assert.equal(copy.reconsumeTimes, 17);
});
