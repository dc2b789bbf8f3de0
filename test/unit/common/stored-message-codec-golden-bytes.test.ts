import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { encodeStoredMessage, StoredMessageEncoder } from '../../../src/common/message/stored-message-encoder.js';
import { decodeStoredMessage, decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { MessageIllegalError, StoredMessageFormatError } from '../../../src/common/message/stored-message-errors.js';
import { MessageSysFlag } from '../../../src/common/message/stored-message-layout.js';
import type { StoredMessageInput } from '../../../src/common/message/stored-message-types.js';

const v4 = (a: number, b: number, c: number, d: number, port: number) => ({ address: Uint8Array.from([a, b, c, d]), port });
const v6Addr = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function message(over: Partial<StoredMessageInput> = {}): StoredMessageInput {
  return {
    topic: 'TopicA',
    queueId: 3,
    flag: 7,
    body: Buffer.from('hello'),
    properties: 'TAGS\u0001TagA\u0002KEYS\u0001k1 k2',
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_123,
    bornHost: v4(10, 0, 0, 1, 50000),
    reconsumeTimes: 2,
    preparedTransactionOffset: 0,
    ...over,
  };
}

const assigned = { queueOffset: 42, physicalOffset: 0x1_0000_0010, storeTimestamp: 1_700_000_000_456, storeHost: v4(10, 0, 0, 5, 10911) };

test('an IPv4 record matches the reference layout byte for byte', () => {
  const m = message();
  const props = Buffer.from(m.properties as string);
  const rec = encodeStoredMessage(m, assigned);
  const expected = Buffer.alloc(91 + 5 + 6 + props.length);
  let p = 0;
  const i32 = (v: number) => ((p = expected.writeInt32BE(v, p)), undefined);
  const i64 = (v: bigint) => ((p = expected.writeBigInt64BE(v, p)), undefined);
  i32(expected.length);
  i32(0xdaa320a7 | 0);
  i32(crc32(Buffer.from('hello')) & 0x7fffffff);
  i32(3);
  i32(7);
  i64(42n);
  i64(0x1_0000_0010n);
  i32(0);
  i64(1_700_000_000_123n);
  p += Buffer.from([10, 0, 0, 1]).copy(expected, p);
  i32(50000);
  i64(1_700_000_000_456n);
  p += Buffer.from([10, 0, 0, 5]).copy(expected, p);
  i32(10911);
  i32(2);
  i64(0n);
  i32(5);
  p += Buffer.from('hello').copy(expected, p);
  p = expected.writeInt8(6, p);
  p += Buffer.from('TopicA').copy(expected, p);
  p = expected.writeInt16BE(props.length, p);
  p += props.copy(expected, p);
  assert.equal(p, expected.length);
  assert.deepEqual(rec, expected);
  assert.equal(rec.readInt32BE(28) * 2 ** 32 + rec.readUInt32BE(32), assigned.physicalOffset, 'PHYSICALOFFSET at 28');
});

test('IPv6 hosts set the 0x10 and 0x20 flags and take 20 bytes each', () => {
  const m = message({ bornHost: { address: v6Addr, port: 1 }, sysFlag: MessageSysFlag.COMPRESSED });
  const rec = encodeStoredMessage(m, { ...assigned, storeHost: { address: v6Addr, port: 2 } });
  assert.equal(rec.length, 91 + 24 + 5 + 6 + Buffer.byteLength(m.properties as string));
  const d = decodeStoredMessage(rec);
  assert.equal(d.sysFlag, MessageSysFlag.COMPRESSED | MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
  assert.deepEqual(Uint8Array.from(d.bornHost.address), v6Addr);
  assert.equal(d.bornHost.port, 1);
  assert.equal(d.storeHost.port, 2);
  const back = encodeStoredMessage({ ...m, bornHost: v4(1, 2, 3, 4, 5), sysFlag: d.sysFlag }, assigned);
  assert.equal(decodeStoredMessage(back).sysFlag, MessageSysFlag.COMPRESSED, 'v6 bits follow the addresses, not the input flag');
});

test('decode returns every field, with UTF-8 strings and properties given as bytes', () => {
  const m = message({ topic: 'Tópico', properties: Buffer.from('KEYS\u0001ключ'), body: Buffer.alloc(0) });
  const d = decodeStoredMessage(encodeStoredMessage(m, assigned));
  assert.equal(d.topic, 'Tópico');
  assert.equal(d.properties, 'KEYS\u0001ключ');
  assert.equal(d.body.length, 0);
  assert.equal(d.bodyCrc, 0);
  assert.equal(d.queueId, 3);
  assert.equal(d.flag, 7);
  assert.equal(d.queueOffset, 42);
  assert.equal(d.physicalOffset, assigned.physicalOffset);
  assert.equal(d.bornTimestamp, m.bornTimestamp);
  assert.equal(d.storeTimestamp, assigned.storeTimestamp);
  assert.equal(d.reconsumeTimes, 2);
  assert.equal(d.preparedTransactionOffset, 0);
  assert.equal(d.magic, 0xdaa320a7 | 0);
});

test('a concatenation of records decodes back to back', () => {
  const recs = [message(), message({ topic: 'B', body: Buffer.alloc(300, 1) }), message({ properties: '' })].map((m, i) =>
    encodeStoredMessage(m, { ...assigned, queueOffset: i }),
  );
  const all = decodeStoredMessages(Buffer.concat(recs));
  assert.deepEqual(
    all.map((d) => [d.topic, d.queueOffset, d.body.length]),
    [
      ['TopicA', 0, 5],
      ['B', 1, 300],
      ['TopicA', 2, 5],
    ],
  );
});

test('every truncation and inconsistent length is a typed error, never a half decode', () => {
  const rec = encodeStoredMessage(message(), assigned);
  for (let n = 0; n < rec.length; n++) assert.throws(() => decodeStoredMessage(rec.subarray(0, n)), StoredMessageFormatError, `prefix ${n}`);
  const badBody = Buffer.from(rec);
  badBody.writeInt32BE(1000, 84);
  assert.throws(() => decodeStoredMessage(badBody), StoredMessageFormatError);
  const blank = Buffer.alloc(rec.length);
  blank.writeInt32BE(rec.length, 0);
  blank.writeInt32BE(0xcbd43194 | 0, 4);
  assert.throws(() => decodeStoredMessage(blank), StoredMessageFormatError);
  const badTotal = Buffer.from(rec);
  badTotal.writeInt32BE(rec.length - 1, 0);
  assert.throws(() => decodeStoredMessage(badTotal), StoredMessageFormatError);
});

test('topic and properties over their format bounds are refused as MESSAGE_ILLEGAL', () => {
  const encoder = new StoredMessageEncoder(assigned.storeHost);
  assert.throws(() => encoder.measure(message({ topic: 'x'.repeat(128) })), MessageIllegalError);
  assert.throws(() => encoder.measure(message({ topic: '' })), MessageIllegalError);
  assert.throws(() => encoder.measure(message({ properties: 'p'.repeat(32768) })), MessageIllegalError);
  assert.throws(() => encoder.measure(message({ bornHost: { address: new Uint8Array(5), port: 1 } })), MessageIllegalError);
  assert.throws(() => encoder.measure(message({ topic: 'a\u0000b' })), MessageIllegalError, 'a NUL in the topic');
  assert.throws(() => encoder.measure(message({ properties: 'K\u0001v\u0000' })), MessageIllegalError, 'properties ending in NUL (recovery reads that as torn)');
  assert.throws(() => encoder.measure(message({ properties: Buffer.from([0x4b, 1, 0]) })), MessageIllegalError);
  assert.equal(encoder.measure(message({ topic: 'x'.repeat(127), properties: 'p'.repeat(32767) })) > 0, true);
});
