// TAG expressions parse as FilterAPI does; the filter passes consume queue entries by Java
// String.hashCode and then keeps only records whose TAGS really is subscribed ("Aa" and "BB"
// share a hash code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { RecordTagsReader, tagsInProperties } from '../../../src/broker/filter/record-tags.js';
import { parseTagExpression, SubscriptionParseError, tagSubscriptionOfHeartbeat } from '../../../src/broker/filter/tag-expression.js';
import { TagFilter } from '../../../src/broker/filter/tag-filter.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

function record(properties: Record<string, string>): Buffer {
  const msg = testMessage('T', 0, 'body', { properties });
  return encodeStoredMessage(msg, { queueOffset: 0, physicalOffset: 0, storeTimestamp: 1, storeHost: testStoreHost });
}

test('expressions: "*" and empty take all, "||" separates trimmed tags, a tagless expression does not parse', () => {
  assert.equal(parseTagExpression('*').all, true);
  assert.equal(parseTagExpression('').all, true);
  assert.equal(parseTagExpression(undefined).all, true);
  const two = parseTagExpression(' TagA ||TagB|| ');
  assert.deepEqual([two.all, [...two.tags]], [false, ['TagA', 'TagB']]);
  assert.deepEqual([...two.codes], [javaStringHash('TagA'), javaStringHash('TagB')]);
  assert.deepEqual([...parseTagExpression('Tag A').tags], ['Tag A'], 'inner spaces stay');
  for (const bad of ['||', ' ', ' || ']) assert.throws(() => parseTagExpression(bad), SubscriptionParseError, JSON.stringify(bad));
});

test('heartbeat subscriptions use their tag set, recomputing codes, or their expression', () => {
  assert.equal(tagSubscriptionOfHeartbeat({ subString: '*', tagsSet: [] }).all, true);
  const fromSet = tagSubscriptionOfHeartbeat({ subString: 'TagA || TagB', tagsSet: ['TagA'] });
  assert.deepEqual([...fromSet.codes], [javaStringHash('TagA')]);
  assert.deepEqual([...tagSubscriptionOfHeartbeat({ subString: 'X || Y', tagsSet: [] }).tags], ['X', 'Y']);
});

test('the filter passes tags codes of subscribed tags, the int value of a long code, everything for "*"', () => {
  const filter = new TagFilter(parseTagExpression('TagA'));
  const code = javaStringHash('TagA');
  assert.equal(filter.matchesTagsCode(code), true);
  assert.equal(filter.matchesTagsCode(javaStringHash('TagB')), false);
  assert.equal(filter.matchesTagsCode(0), false, 'a message without tags');
  assert.equal(filter.matchesTagsCode(code + 2 ** 32), true, 'Java compares (int) tagsCode');
  const all = new TagFilter(parseTagExpression('*'));
  assert.equal(all.matchesTagsCode(12345), true);
  assert.equal(all.checksExactly, false);
});

test('the exact check drops a record whose different tag has the same hash', () => {
  assert.equal(javaStringHash('Aa'), javaStringHash('BB'));
  const filter = new TagFilter(parseTagExpression('Aa'));
  const aa = record({ TAGS: 'Aa', KEYS: 'k' });
  const bb = record({ KEYS: 'k', TAGS: 'BB' });
  const none = record({ KEYS: 'k' });
  assert.equal(filter.matchesTagsCode(javaStringHash('BB')), true, 'the hash alone lets BB through');
  assert.deepEqual(filter.exactMatches([aa, bb, none, aa]), [aa, aa]);
  const all = [aa, bb];
  assert.equal(new TagFilter(parseTagExpression('*')).exactMatches(all), all, '"*" keeps the array as it is');
});

test('TAGS is found in encoded properties wherever it lies; empty values and look-alike names do not count', () => {
  const tags = (props: string): string | undefined => {
    const buf = Buffer.from(`xx${props}yy`, 'utf8');
    return tagsInProperties(buf, 2, buf.length - 2);
  };
  assert.equal(tags(encodeProperties(new Map([['TAGS', 'A']]))), 'A');
  assert.equal(tags(encodeProperties(new Map([['KEYS', 'k'], ['TAGS', 'Tä g'], ['UNIQ_KEY', 'U']]))), 'Tä g');
  assert.equal(tags(encodeProperties(new Map([['XTAGS', 'A'], ['TAGSX', 'B']]))), undefined);
  assert.equal(tags('TAGS\u0001\u0002KEYS\u0001k'), undefined, 'empty value');
  assert.equal(tags('TAGS\u0001first\u0002TAGS\u0001second'), 'second', 'the last one wins, as in a map');
  assert.equal(tags(''), undefined);
  assert.equal(new RecordTagsReader().tagsOf(Buffer.from('not a record at all, not at all, not at all, not at all, not at all, not at all, not at all')), undefined);
  assert.equal(new RecordTagsReader().tagsOf(record({ TAGS: 'T1' })), 'T1');
});
