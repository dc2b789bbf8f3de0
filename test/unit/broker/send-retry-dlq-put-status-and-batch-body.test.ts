// Pure parts of the send path: the %RETRY% -> %DLQ% rule, the put status -> code table, batch
// body decoding (total: a seeded fuzz of mangled bodies gives BatchBodyError or entries, never
// another error; each entry stored with its own properties then the batch's, with the dispatch
// hints a Map decode of those gives), offset message ids and the properties a message is stored with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOffsetMsgId } from '../../../src/common/message/message-id.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { BatchBodyError, decodeBatchMessages, type BatchShared } from '../../../src/broker/processors/send/batch-body.js';
import { scanBatchEntryHints } from '../../../src/broker/processors/send/batch-properties-scan.js';
import {
  BornHosts,
  decodeSendProperties,
  isTransactionHalf,
  OffsetMsgIds,
  storedProperties,
} from '../../../src/broker/processors/send/message-parts.js';
import { sendOutcomeOf } from '../../../src/broker/processors/send/put-status.js';
import { deadLetterTopicFor, groupOfRetryTopic, maxReconsumeTimesOf } from '../../../src/broker/processors/send/retry-dlq.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

test('retry sends reach the DLQ once reconsumeTimes reaches the limit (header l from version 121, else the group\'s)', () => {
  assert.equal(groupOfRetryTopic('%RETRY%G1'), 'G1');
  assert.equal(groupOfRetryTopic('T'), undefined);
  assert.equal(maxReconsumeTimesOf(409, 3, 16), 3);
  assert.equal(maxReconsumeTimesOf(120, 3, 16), 16, 'older clients: the group\'s retryMaxTimes');
  assert.equal(maxReconsumeTimesOf(409, undefined, 16), 16);
  assert.equal(deadLetterTopicFor('G1', 2, 3), undefined);
  assert.equal(deadLetterTopicFor('G1', 3, 3), '%DLQ%G1');
  assert.equal(deadLetterTopicFor('G1', 17, 16), '%DLQ%G1');
});

test('put statuses map to send codes; only stored ones fill the header', () => {
  const placed = { physicalOffset: 0, physicalOffsets: [0], queueOffset: 0, storeTimestamp: 0, messageCount: 1, wroteBytes: 100 };
  assert.deepEqual(sendOutcomeOf({ status: 'PUT_OK', ...placed }, 4), { code: ResponseCode.SUCCESS, remark: undefined, stored: true });
  assert.deepEqual(sendOutcomeOf({ status: 'FLUSH_DISK_TIMEOUT', ...placed }, 4), { code: ResponseCode.FLUSH_DISK_TIMEOUT, remark: undefined, stored: true });
  const illegal = sendOutcomeOf({ status: 'PROPERTIES_SIZE_EXCEEDED', reason: 'too long' }, 4096);
  assert.deepEqual([illegal.code, illegal.stored], [ResponseCode.MESSAGE_ILLEGAL, false]);
  assert.match(illegal.remark!, /msg body length limit 4096B, msg properties length limit 32KB\. \(too long\)$/);
  assert.equal(sendOutcomeOf({ status: 'MESSAGE_ILLEGAL', reason: 'x' }, 4).code, ResponseCode.MESSAGE_ILLEGAL);
  assert.equal(sendOutcomeOf({ status: 'SERVICE_NOT_AVAILABLE', reason: 'disk full' }, 4).code, ResponseCode.SERVICE_NOT_AVAILABLE);
  assert.equal(sendOutcomeOf({ status: 'UNKNOWN_ERROR', reason: 'x', cause: undefined }, 4).code, ResponseCode.SYSTEM_ERROR);
});

function entry(body: string, props: string, flag = 0): Buffer {
  const b = Buffer.from(body);
  const p = Buffer.from(props);
  const out = Buffer.alloc(22 + b.length + p.length);
  out.writeInt32BE(out.length, 0);
  out.writeInt32BE(flag, 12);
  out.writeInt32BE(b.length, 16);
  b.copy(out, 20);
  out.writeInt16BE(p.length, 20 + b.length);
  p.copy(out, 22 + b.length);
  return out;
}

const sharedText = 'WAIT\u0001true\u0002CLUSTER\u0001C1';
const shared: BatchShared = {
  topic: 'T',
  queueId: 3,
  sysFlag: 0,
  bornTimestamp: 42,
  bornHost: { address: new Uint8Array([10, 0, 0, 1]), port: 7 },
  suffix: Buffer.from(sharedText),
  separatorAndSuffix: Buffer.from('\u0002' + sharedText),
  hints: { tags: undefined, keys: undefined, uniqKey: undefined, delayLevel: 0 },
};
const decodeBatchBody = (body: Buffer) => decodeBatchMessages(body, shared);
/** The properties a decoded message is stored with: its own bytes, then the shared suffix. */
const storedText = (m: { properties: string | Uint8Array; propertiesSuffix?: Uint8Array }): string =>
  Buffer.concat([Buffer.from(m.properties), m.propertiesSuffix ?? Buffer.alloc(0)]).toString();

test('a batch body decodes into its entries; lengths that do not add up are refused', () => {
  const body = Buffer.concat([entry('one', 'TAGS\u0001A', 1), entry('', ''), entry('three', 'K\u0001é')]);
  const entries = decodeBatchBody(body);
  assert.deepEqual(
    entries.map((e) => [Buffer.from(e.body).toString(), Buffer.from(e.properties).toString(), e.flag, e.topic, e.queueId, e.bornTimestamp]),
    [['one', 'TAGS\u0001A', 1, 'T', 3, 42], ['', '', 0, 'T', 3, 42], ['three', 'K\u0001é', 0, 'T', 3, 42]],
  );
  assert.deepEqual(decodeBatchBody(Buffer.alloc(0)), []);
  const short = entry('x', 'y');
  short.writeInt32BE(short.length + 1, 0);
  assert.throws(() => decodeBatchBody(short), BatchBodyError);
  const badBody = entry('abc', 'p');
  badBody.writeInt32BE(100, 16);
  assert.throws(() => decodeBatchBody(badBody), BatchBodyError);
  const badProps = entry('abc', 'pp');
  badProps.writeInt16BE(1, 23);
  assert.throws(() => decodeBatchBody(badProps), /does not end at TOTALSIZE/);
  assert.throws(() => decodeBatchBody(Buffer.concat([entry('a', 'b'), Buffer.alloc(5)])), /5 bytes left/);
});

test('mangled batch bodies give entries or BatchBodyError, nothing else (seeded)', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  const random = new SeededRandom(seed);
  const good = Buffer.concat([entry('alpha', 'TAGS\u0001A'), entry('beta', 'KEYS\u0001k1 k2'), entry('', '')]);
  for (let round = 0; round < 2000; round++) {
    const body = Buffer.from(good.subarray(0, random.int(good.length + 1)));
    for (let flips = random.int(4); flips > 0 && body.length > 0; flips--) body[random.int(body.length)] = random.int(256);
    try {
      for (const e of decodeBatchBody(body)) assert.ok(e.body.length <= body.length);
    } catch (err) {
      assert.ok(err instanceof BatchBodyError, `seed ${seed}, round ${round}: ${String(err)}`);
    }
  }
});

test('each entry is stored with its own properties then the shared ones; hints match a Map decode, shared names win', () => {
  const props = ['TAGS\u0001A\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001U1', 'TAGS\u0001B\u0002', '', 'x\u0002\u0001v\u0002TAGS\u0001\u0002TAGS\u0001C\u0002TAGS\u0001D\u0001E'];
  const messages = decodeBatchBody(Buffer.concat(props.map((p) => entry('b', p))));
  assert.deepEqual(messages.map(storedText), [
    props[0] + '\u0002' + sharedText,
    props[1] + sharedText,
    sharedText,
    props[3] + '\u0002' + sharedText,
  ]);
  for (const m of messages) {
    const map = decodeProperties(storedText(m));
    assert.deepEqual(m.dispatch, { tags: map.get('TAGS'), keys: map.get('KEYS'), uniqKey: map.get('UNIQ_KEY'), delayLevel: 0 });
  }
  const withTags: BatchShared = { ...shared, hints: { ...shared.hints, tags: 'S' } };
  assert.equal(decodeBatchMessages(entry('b', 'TAGS\u0001A'), withTags)[0]!.dispatch!.tags, 'S');
  assert.throws(() => decodeBatchBody(Buffer.concat([entry('a', 'TAGS\u0001A'), entry('b', 'K\u0001v\u0002DELAY\u00013')])), /cannot hold delayed messages/);
  assert.throws(() => decodeBatchBody(entry('a', 'DELAY\u0001')), BatchBodyError);
});

test('the one-pass hint scan agrees with a Map decode on random property texts (seeded)', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  const random = new SeededRandom(seed);
  const pieces = ['TAGS', 'KEYS', 'UNIQ_KEY', 'DELAY', 'WAIT', 'x', 'é', '', '\u0001', '\u0002', '\u0001\u0001', ' '];
  const none = { tags: undefined, keys: undefined, uniqKey: undefined, delayLevel: 0 };
  for (let round = 0; round < 3000; round++) {
    let text = '';
    for (let n = random.int(12); n > 0; n--) text += pieces[random.int(pieces.length)];
    const delayed = text.split('\u0002').some((segment) => segment.startsWith('DELAY\u0001'));
    const map = decodeProperties(text);
    const expected = delayed ? undefined : { tags: map.get('TAGS'), keys: map.get('KEYS'), uniqKey: map.get('UNIQ_KEY'), delayLevel: 0 };
    assert.deepEqual(scanBatchEntryHints(text, none), expected, `seed ${seed}, round ${round}: ${JSON.stringify(text)}`);
  }
});

test('offset message ids match createOffsetMsgId; born hosts come from the connection address', () => {
  const ids = new OffsetMsgIds({ host: '10.0.0.5', port: 10911 });
  for (const offset of [0, 3898, 2 ** 40 + 17, Number.MAX_SAFE_INTEGER]) {
    assert.equal(ids.of(offset), createOffsetMsgId({ host: '10.0.0.5', port: 10911 }, BigInt(offset)));
  }
  assert.equal(new OffsetMsgIds({ host: '::1', port: 9 }).of(1).length, 56);
  const offsets = [0, 3898, 2 ** 40 + 17, Number.MAX_SAFE_INTEGER];
  assert.equal(ids.list(offsets), offsets.map((o) => ids.of(o)).join(','), 'a batch\'s msgId list');
  assert.equal(new OffsetMsgIds({ host: '::1', port: 9 }).list([5, 6]), [5, 6].map((o) => new OffsetMsgIds({ host: '::1', port: 9 }).of(o)).join(','));
  const born = new BornHosts();
  assert.deepEqual(born.of({ remoteAddress: '192.168.1.2:4567' }), { address: Buffer.from([192, 168, 1, 2]), port: 4567 });
  assert.equal(born.of({ remoteAddress: '[::1]:80' }).address.length, 16);
  assert.deepEqual(born.of({ remoteAddress: 'unknown:0' }), { address: new Uint8Array(4), port: 0 });
});

test('stored properties drop WAIT and add CLUSTER; transaction halves are recognised', () => {
  const props = decodeSendProperties('TAGS\u0001A\u0002WAIT\u0001false');
  assert.equal(props.waitStoreMsgOk, false);
  assert.deepEqual([...decodeProperties(storedProperties(props, 'C1'))], [['TAGS', 'A'], ['CLUSTER', 'C1']]);
  assert.equal(decodeSendProperties('TAGS\u0001A').waitStoreMsgOk, true);
  assert.equal(isTransactionHalf(new Map([['TRAN_MSG', 'TRUE']]), 0), true);
  assert.equal(isTransactionHalf(new Map(), 0x4), true);
  assert.equal(isTransactionHalf(new Map(), 0x8), false);
});
