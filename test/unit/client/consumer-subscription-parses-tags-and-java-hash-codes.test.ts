// Subscriptions as FilterAPI.buildSubscriptionData builds them: "*" / "" take everything;
// "TagA || TagB" lists trimmed tags with their Java String.hashCode codes; the client keeps only
// messages whose TAGS is listed (a hash collision must not let a foreign tag through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSubscriptionData, isRetryTopic, retryTopicOf, tagsMatch } from '../../../src/client/consumer/subscription.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';

/** Java's String.hashCode computed independently, with BigInt and explicit 32-bit wrapping. */
function javaHash(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = BigInt.asIntN(32, h * 31n + BigInt(s.charCodeAt(i)));
  return Number(h);
}

test('"*", empty and absent expressions subscribe to everything', () => {
  for (const expression of ['*', '', '  ', undefined]) {
    const data = buildSubscriptionData('T', expression, 1_700_000_000_000);
    assert.deepEqual(data, {
      classFilterMode: false,
      topic: 'T',
      subString: '*',
      tagsSet: [],
      codeSet: [],
      subVersion: 1_700_000_000_000,
      expressionType: 'TAG',
    });
    assert.equal(tagsMatch(data, undefined), true);
    assert.equal(tagsMatch(data, 'Anything'), true);
  }
});

test('tags are split on ||, trimmed, deduplicated, with Java hash codes', () => {
  const data = buildSubscriptionData('T', ' TagA ||TagB||  || TagA || 中文标签 || TagLongName', 1);
  assert.equal(data.subString, ' TagA ||TagB||  || TagA || 中文标签 || TagLongName', 'the expression is kept as written');
  assert.deepEqual(data.tagsSet, ['TagA', 'TagB', '中文标签', 'TagLongName']);
  assert.deepEqual(data.codeSet, [2598919, 2598920, 622041809, -1701205823], 'the values Java gives');
  assert.deepEqual(data.codeSet, data.tagsSet.map(javaHash));
});

test('the client-side check keeps only listed tags', () => {
  const data = buildSubscriptionData('T', 'Aa || C');
  assert.equal(javaHash('Aa'), javaHash('BB'), 'Aa and BB collide in Java');
  assert.equal(tagsMatch(data, 'Aa'), true);
  assert.equal(tagsMatch(data, 'BB'), false, 'same code, other tag: dropped');
  assert.equal(tagsMatch(data, undefined), false, 'no tag at all: dropped');
});

test('expressions naming no tag and bad topics are refused', () => {
  assert.throws(() => buildSubscriptionData('T', '||'), InvalidArgumentError);
  assert.throws(() => buildSubscriptionData('T', ' || '), InvalidArgumentError);
  assert.throws(() => buildSubscriptionData('bad topic', '*'), InvalidArgumentError);
});

test('retry topic names', () => {
  assert.equal(retryTopicOf('G1'), '%RETRY%G1');
  assert.equal(isRetryTopic('%RETRY%G1'), true);
  assert.equal(isRetryTopic('T'), false);
});
