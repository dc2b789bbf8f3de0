import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import type { Message } from '../../../src/client/api.js';
import { compressedZlibSysFlag, encodeMessage } from '../../../src/client/producer/message-encoding.js';

const settings = { compressBodyOverBytes: 4096, compressLevel: 5, messageSizeMaxBytes: 4 * 1024 * 1024 };
const ids = new UniqueIdGenerator('10.1.2.3');
const encode = (m: Message, compress = true) => encodeMessage(m, ids, settings, compress);

test('bodies of 4 KiB and more are zlib-compressed with sysFlag COMPRESSED | ZLIB type = 0x301', () => {
  assert.equal(compressedZlibSysFlag, 0x301);
  const big = Buffer.alloc(4096, 'abcdefgh');
  const encoded = encode({ topic: 'T', body: big });
  assert.equal(encoded.sysFlag, 0x301);
  assert.equal(encoded.body[0], 0x78, 'zlib stream with header, as java.util.zip.Deflater writes');
  assert.ok(encoded.body.length < big.length);
  assert.deepEqual(inflateSync(encoded.body), big);

  const small = encode({ topic: 'T', body: Buffer.alloc(4095, 1) });
  assert.equal(small.sysFlag, 0);
  assert.equal(small.body.length, 4095);
  const batchMember = encode({ topic: 'T', body: big }, false);
  assert.equal(batchMember.sysFlag, 0, 'batch members are never compressed');
  assert.deepEqual(batchMember.body, big);
});

test('tags, space-joined keys, delay, user properties, WAIT and UNIQ_KEY travel as properties', () => {
  const encoded = encode({
    topic: 'T',
    body: 'hello',
    tags: 'TagA',
    keys: ['k1', 'k2'],
    delayLevel: 3,
    properties: { color: 'red' },
    flag: 7,
  });
  const props = decodeProperties(encoded.properties);
  assert.equal(props.get('TAGS'), 'TagA');
  assert.equal(props.get('KEYS'), 'k1 k2');
  assert.equal(props.get('DELAY'), '3');
  assert.equal(props.get('color'), 'red');
  assert.equal(props.get('WAIT'), 'true');
  assert.equal(props.get('UNIQ_KEY'), encoded.msgId);
  assert.equal(encoded.flag, 7);
  assert.equal(encoded.body.toString(), 'hello');

  const plain = decodeProperties(encode({ topic: 'T', body: new Uint8Array([1, 2]), keys: 'one', waitStoreMsgOk: false, properties: new Map([['a', 'b']]) }).properties);
  assert.equal(plain.get('KEYS'), 'one');
  assert.equal(plain.get('WAIT'), 'false');
  assert.equal(plain.get('a'), 'b');
  assert.equal(plain.has('DELAY'), false);
  assert.equal(plain.has('TAGS'), false);
});

test('every message gets its own UNIQ_KEY', () => {
  const a = encode({ topic: 'T', body: 'x' });
  const b = encode({ topic: 'T', body: 'x' });
  assert.notEqual(a.msgId, b.msgId);
});

test('bad messages are refused before sending', () => {
  const refused: Array<[string, Message]> = [
    ['reserved property', { topic: 'T', body: 'x', properties: { UNIQ_KEY: 'mine' } }],
    ['reserved property KEYS', { topic: 'T', body: 'x', properties: { KEYS: 'k' } }],
    ['blank property value', { topic: 'T', body: 'x', properties: { a: ' ' } }],
    ['separator in property', { topic: 'T', body: 'x', properties: { a: 'b\u0001c' } }],
    ['empty body', { topic: 'T', body: '' }],
    ['body over maxMessageSize', { topic: 'T', body: Buffer.alloc(4 * 1024 * 1024 + 1) }],
    ['blank topic', { topic: ' ', body: 'x' }],
    ['illegal characters', { topic: 'a/b', body: 'x' }],
    ['topic too long', { topic: 'x'.repeat(128), body: 'x' }],
    ['system topic', { topic: 'SCHEDULE_TOPIC_XXXX', body: 'x' }],
    ['negative delay', { topic: 'T', body: 'x', delayLevel: -1 }],
    ['fractional delay', { topic: 'T', body: 'x', delayLevel: 1.5 }],
    ['empty tag', { topic: 'T', body: 'x', tags: '' }],
    ['flag beyond int32', { topic: 'T', body: 'x', flag: 2 ** 31 }],
  ];
  for (const [why, message] of refused) assert.throws(() => encode(message), InvalidArgumentError, why);
  assert.doesNotThrow(() => encode({ topic: '%RETRY%G|x_y-1', body: Buffer.alloc(4 * 1024 * 1024) }));
});
