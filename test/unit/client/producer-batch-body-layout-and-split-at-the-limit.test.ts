import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import type { Message } from '../../../src/client/api.js';
import { batchEntryBytes, batchEntryOf, batchEntryOverheadBytes, checkBatch, splitBatch, writeBatchBody } from '../../../src/client/producer/batch-encoding.js';
import { encodeMessage, type EncodedMessage } from '../../../src/client/producer/message-encoding.js';

const ids = new UniqueIdGenerator('10.0.0.1');
const settings = { compressBodyOverBytes: 16, compressLevel: 5, messageSizeMaxBytes: 4 * 1024 * 1024 };
const member = (m: Partial<Message> & { body: Message['body'] }): EncodedMessage => encodeMessage({ topic: 'T', ...m }, ids, settings, false);
const encodeBatchEntry = (m: EncodedMessage): Buffer => {
  const entry = batchEntryOf(m);
  return writeBatchBody([entry], batchEntryBytes(entry));
};

test('an entry is TOTALSIZE, MAGIC 0, BODYCRC 0, FLAG, body with int32 length, properties with int16 length', () => {
  const m = member({ body: 'hello', flag: 9, tags: 'A' });
  const entry = encodeBatchEntry(m);
  const props = Buffer.from(m.properties, 'utf8');
  const expected = Buffer.concat([
    int32(batchEntryOverheadBytes + 5 + props.length),
    int32(0),
    int32(0),
    int32(9),
    int32(5),
    Buffer.from('hello'),
    Buffer.from([props.length >> 8, props.length & 0xff]),
    props,
  ]);
  assert.deepEqual(entry, expected);
  assert.equal(batchEntryOverheadBytes, 22);
  assert.ok(m.properties.includes(`UNIQ_KEY\u0001${m.msgId}`), 'each member carries its own UNIQ_KEY');
});

test('batches split into request bodies of at most the limit, in order, filling each', () => {
  const messages = Array.from({ length: 10 }, (_, i) => member({ body: Buffer.alloc(100, i) }));
  const entrySize = encodeBatchEntry(messages[0]!).length;
  const limit = entrySize * 3 + entrySize - 1;
  const parts = splitBatch(messages, limit);
  assert.deepEqual(parts.map((p) => p.messages.length), [3, 3, 3, 1]);
  assert.deepEqual(parts.flatMap((p) => p.messages.map((m) => m.msgId)), messages.map((m) => m.msgId));
  for (const part of parts) {
    assert.ok(part.body.length <= limit);
    assert.equal(part.body.length, part.messages.length * entrySize);
  }
  assert.deepEqual(splitBatch(messages, entrySize * 10).map((p) => p.messages.length), [10]);
  assert.deepEqual(splitBatch(messages, 4 * 1024 * 1024).length, 1);
});

test('a 4 MiB limit splits a 10 MiB batch into three requests', () => {
  const messages = Array.from({ length: 10 }, () => member({ body: Buffer.alloc(1024 * 1024) }));
  const parts = splitBatch(messages, 4 * 1024 * 1024);
  assert.deepEqual(parts.map((p) => p.messages.length), [3, 3, 3, 1]);
  assert.ok(parts.every((p) => p.body.length <= 4 * 1024 * 1024));
  assert.equal(parts.reduce((n, p) => n + p.messages.length, 0), 10);
});

test('a message that alone exceeds the limit is refused', () => {
  assert.throws(() => splitBatch([member({ body: Buffer.alloc(100) })], 100), InvalidArgumentError);
});

test('batch rules: one topic, one WAIT flag, no delay, no retry topic, not empty', () => {
  assert.deepEqual(checkBatch([member({ body: 'a' }), member({ body: 'b' })]), { topic: 'T', waitStoreMsgOk: true });
  assert.throws(() => checkBatch([]), InvalidArgumentError);
  assert.throws(() => checkBatch([member({ body: 'a' }), member({ topic: 'U', body: 'b' })]), InvalidArgumentError);
  assert.throws(() => checkBatch([member({ body: 'a' }), member({ body: 'b', waitStoreMsgOk: false })]), InvalidArgumentError);
  assert.throws(() => checkBatch([member({ body: 'a', delayLevel: 2 })]), InvalidArgumentError);
  assert.throws(() => checkBatch([member({ topic: '%RETRY%G', body: 'a' })]), InvalidArgumentError);
});

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}
