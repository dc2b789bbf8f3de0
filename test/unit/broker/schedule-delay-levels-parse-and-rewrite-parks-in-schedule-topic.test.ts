import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/errors.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { MessageSysFlag } from '../../../src/common/message/stored-message-layout.js';
import { DelayLevels } from '../../../src/broker/schedule/delay-levels.js';
import { rewriteForDelay } from '../../../src/broker/schedule/schedule-rewrite.js';
import type { PutMessage } from '../../../src/store/api.js';
import { defaultMessageDelayLevel } from '../../../src/store/store-config.js';
import { testMessage } from '../../../src/testing/store-messages.js';

test('the default messageDelayLevel has 18 levels from 1 s to 2 h', () => {
  const levels = DelayLevels.parse(defaultMessageDelayLevel);
  assert.equal(levels.maxLevel, 18);
  assert.equal(levels.delayMs(1), 1_000);
  assert.equal(levels.delayMs(2), 5_000);
  assert.equal(levels.delayMs(3), 10_000);
  assert.equal(levels.delayMs(5), 60_000);
  assert.equal(levels.delayMs(17), 3_600_000);
  assert.equal(levels.delayMs(18), 7_200_000);
  assert.deepEqual(levels.levels(), Array.from({ length: 18 }, (_, i) => i + 1));
});

test('units s, m, h and d are understood', () => {
  const levels = DelayLevels.parse(' 2s  3m 4h 1d ');
  assert.deepEqual([1, 2, 3, 4].map((l) => levels.delayMs(l)), [2_000, 180_000, 14_400_000, 86_400_000]);
  assert.throws(() => levels.delayMs(5), RangeError);
  assert.throws(() => levels.delayMs(0), RangeError);
});

test('bad messageDelayLevel text is refused with a ConfigError naming the key', () => {
  for (const text of ['', '   ', '1s 5x', '1.5s', 's', '10', '-1s']) {
    assert.throws(
      () => DelayLevels.parse(text),
      (err: unknown) => err instanceof ConfigError && err.key === 'messageDelayLevel' && /messageDelayLevel/.test(err.message),
      JSON.stringify(text),
    );
  }
});

test('levels are clamped to the max; 0 or below means no delay', () => {
  const levels = DelayLevels.parse('1s 2s 3s');
  assert.equal(levels.clamp(0), 0);
  assert.equal(levels.clamp(-4), 0);
  assert.equal(levels.clamp(Number.NaN), 0);
  assert.equal(levels.clamp(2), 2);
  assert.equal(levels.clamp(3), 3);
  assert.equal(levels.clamp(99), 3);
  assert.equal(DelayLevels.queueIdOf(1), 0);
  assert.equal(DelayLevels.levelOf(0), 1);
});

function delayed(delay: string | undefined, sysFlag = 0): PutMessage {
  const properties: Record<string, string> = { TAGS: 'TagA', KEYS: 'k1' };
  if (delay !== undefined) properties.DELAY = delay;
  return {
    ...testMessage('OrderTopic', 3, 'body', { properties, sysFlag }),
    dispatch: { tags: 'TagA', keys: 'k1', uniqKey: undefined, delayLevel: Number(delay ?? 0) },
  };
}

test('a message with DELAY = n is parked in SCHEDULE_TOPIC_XXXX queue n - 1 with REAL_TOPIC and REAL_QID', () => {
  const levels = DelayLevels.parse(defaultMessageDelayLevel);
  const original = delayed('3');
  const parked = rewriteForDelay(original, levels);
  assert.equal(parked.topic, 'SCHEDULE_TOPIC_XXXX');
  assert.equal(parked.queueId, 2);
  const props = decodeProperties(parked.properties as string);
  assert.equal(props.get('REAL_TOPIC'), 'OrderTopic');
  assert.equal(props.get('REAL_QID'), '3');
  assert.equal(props.get('DELAY'), '3');
  assert.equal(props.get('TAGS'), 'TagA');
  assert.equal(parked.dispatch?.delayLevel, 3);
  assert.equal(parked.body, original.body);
  assert.equal(original.topic, 'OrderTopic', 'the input is not modified');
});

test('a level above the max is parked at the max level and DELAY says so', () => {
  const parked = rewriteForDelay(delayed('40'), DelayLevels.parse('1s 2s'));
  assert.equal(parked.queueId, 1);
  assert.equal(decodeProperties(parked.properties as string).get('DELAY'), '2');
  assert.equal(parked.dispatch?.delayLevel, 2);
});

test('no delay, a non-positive or non-numeric DELAY, and half or rollback records are left as they are', () => {
  const levels = DelayLevels.parse(defaultMessageDelayLevel);
  for (const message of [delayed(undefined), delayed('0'), delayed('-2'), delayed('abc')]) {
    assert.equal(rewriteForDelay(message, levels), message);
  }
  const half = delayed('2', MessageSysFlag.TRANSACTION_PREPARED_TYPE);
  assert.equal(rewriteForDelay(half, levels), half);
  const rollback = delayed('2', MessageSysFlag.TRANSACTION_ROLLBACK_TYPE);
  assert.equal(rewriteForDelay(rollback, levels), rollback);
  const commit = delayed('2', MessageSysFlag.TRANSACTION_COMMIT_TYPE);
  assert.equal(rewriteForDelay(commit, levels).topic, 'SCHEDULE_TOPIC_XXXX');
});

test('properties given as UTF-8 bytes or already decoded are read the same way', () => {
  const levels = DelayLevels.parse(defaultMessageDelayLevel);
  const asText = delayed('2');
  const asBytes: PutMessage = { ...asText, properties: Buffer.from(asText.properties as string) };
  assert.equal(rewriteForDelay(asBytes, levels).queueId, 1);
  const decoded = decodeProperties(asText.properties as string);
  const parked = rewriteForDelay(asText, levels, decoded);
  assert.equal(parked.queueId, 1);
  assert.equal(decoded.has('REAL_TOPIC'), false, 'given properties are not modified');
});
