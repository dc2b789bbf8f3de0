import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ConsumeQueue } from '../../../src/store/consumequeue/consume-queue.js';
import { getMessages, GetScratch, type RecordReader } from '../../../src/store/get/get-messages.js';
import type { MessageFilter } from '../../../src/store/api.js';
import { storedMessageMagicV1 } from '../../../src/common/message/stored-message-layout.js';

const log = createLogger('test');
const recordSize = 100;
const entriesPerSegment = 1000;

/** A commit log of fixed-size records: record i at i × 100: size, magic, then i. */
function fakeLog(count: number, minOffset = 0): RecordReader {
  const bytes = Buffer.alloc(count * recordSize);
  for (let i = 0; i < count; i++) {
    bytes.writeInt32BE(recordSize, i * recordSize);
    bytes.writeInt32BE(storedMessageMagicV1, i * recordSize + 4);
    bytes.writeInt32BE(i, i * recordSize + 8);
  }
  return {
    minOffset: () => minOffset,
    read: (offset, size) => (offset >= minOffset && offset + size <= bytes.length ? bytes.subarray(offset, offset + size) : undefined),
    nextSegmentStart: (offset) => offset - (offset % 1000) + 1000,
    propertiesOf: (record) => new Map([['n', String(record.readInt32BE(8))]]),
  };
}

function queueOf(count: number, tagsCode: (i: number) => number = () => 0): ConsumeQueue {
  const cq = new ConsumeQueue(new MemoryFileIO(), '/cq', 'T', 0, entriesPerSegment * 20, log);
  for (let i = 0; i < count; i++) cq.append(i, i * recordSize, recordSize, tagsCode(i));
  return cq;
}

const scratch = new GetScratch();
const get = (cq: ConsumeQueue | undefined, reader: RecordReader, offset: number, maxCount = 32, maxBytes = 1 << 20, filter?: MessageFilter) =>
  getMessages(cq, reader, { offset, maxCount, maxBytes, filter }, scratch);
const numbers = (messages: Buffer[]) => messages.map((m) => m.readInt32BE(8));

test('the queue bounds decide the status before any read', () => {
  const reader = fakeLog(10);
  assert.deepEqual(get(undefined, reader, 5), { status: 'NO_MATCHED_LOGIC_QUEUE', nextBeginOffset: 0, minOffset: 0, maxOffset: 0, messages: [], queueOffsets: [], bufferTotalSize: 0 });
  const empty = queueOf(0);
  assert.equal(get(empty, reader, 3).status, 'NO_MESSAGE_IN_QUEUE');
  assert.equal(get(empty, reader, 3).nextBeginOffset, 0);
  const cq = queueOf(10);
  cq.setMinOffset(4);
  assert.deepEqual([get(cq, reader, 2).status, get(cq, reader, 2).nextBeginOffset], ['OFFSET_TOO_SMALL', 4]);
  assert.deepEqual([get(cq, reader, 10).status, get(cq, reader, 10).nextBeginOffset], ['OFFSET_OVERFLOW_ONE', 10]);
  assert.deepEqual([get(cq, reader, 17).status, get(cq, reader, 17).nextBeginOffset], ['OFFSET_OVERFLOW_BADLY', 10]);
  const r = get(cq, reader, 4);
  assert.deepEqual([r.minOffset, r.maxOffset], [4, 10]);
});

test('FOUND returns stored bytes in queue order, stops at maxCount, and moves next past what it scanned', () => {
  const cq = queueOf(50);
  const reader = fakeLog(50);
  const r = get(cq, reader, 10, 5);
  assert.equal(r.status, 'FOUND');
  assert.deepEqual(numbers(r.messages), [10, 11, 12, 13, 14]);
  assert.deepEqual(r.queueOffsets, [10, 11, 12, 13, 14]);
  assert.equal(r.nextBeginOffset, 15);
  assert.equal(r.bufferTotalSize, 500);
  assert.ok(r.messages.every((m) => m.length === recordSize));
});

test('maxBytes ends the batch, but the first message always goes', () => {
  const cq = queueOf(50);
  const reader = fakeLog(50);
  const r = get(cq, reader, 0, 32, 250);
  assert.deepEqual(numbers(r.messages), [0, 1]);
  assert.equal(r.nextBeginOffset, 2);
  const one = get(cq, reader, 0, 32, 10);
  assert.deepEqual(numbers(one.messages), [0]);
  assert.equal(one.nextBeginOffset, 1);
});

test('filtered entries are skipped; all filtered is NO_MATCHED_MESSAGE with next past the scan', () => {
  const cq = queueOf(900, (i) => (i % 3 === 0 ? 7 : 8));
  const reader = fakeLog(900);
  const sevens: MessageFilter = { matchesTagsCode: (code) => code === 7 };
  const r = get(cq, reader, 1, 3, 1 << 20, sevens);
  assert.deepEqual(numbers(r.messages), [3, 6, 9]);
  assert.equal(r.nextBeginOffset, 10);
  const none: MessageFilter = { matchesTagsCode: () => false };
  const miss = get(cq, reader, 0, 32, 1 << 20, none);
  assert.equal(miss.status, 'NO_MATCHED_MESSAGE');
  assert.equal(miss.nextBeginOffset, 800, 'one call scans max(16000 bytes, 32 × 20) of queue: 800 entries');
  const wide = get(cq, reader, 0, 850, 1 << 20, none);
  assert.equal(wide.nextBeginOffset, 850, 'or maxCount entries when more');
});

test('a property filter sees the stored properties and counts only what it accepts', () => {
  const cq = queueOf(20);
  const reader = fakeLog(20);
  const evens: MessageFilter = { matchesTagsCode: () => true, matchesProperties: (p) => Number(p.get('n')) % 2 === 0 };
  const r = get(cq, reader, 0, 3, 1 << 20, evens);
  assert.deepEqual(numbers(r.messages), [0, 2, 4]);
  assert.deepEqual(r.queueOffsets, [0, 2, 4]);
  assert.equal(r.nextBeginOffset, 5);
});

test('entries whose records left the commit log give MESSAGE_WAS_REMOVING, and later ones are still found', () => {
  const cq = queueOf(30);
  const gone = fakeLog(30, 1000);
  const r = get(cq, gone, 0, 32);
  assert.equal(r.status, 'FOUND');
  assert.equal(numbers(r.messages)[0], 10);
  const allGone = fakeLog(30, 5000);
  const none = get(cq, allGone, 0, 32);
  assert.equal(none.status, 'MESSAGE_WAS_REMOVING');
  assert.equal(none.nextBeginOffset, 30);
});

test('an entry that does not point at a record of its size is never served', () => {
  const cq = new ConsumeQueue(new MemoryFileIO(), '/cq', 'T', 0, entriesPerSegment * 20, log);
  cq.append(0, 0, recordSize, 0);
  cq.append(1, 150, recordSize, 0);
  cq.append(2, 300, recordSize, 0);
  const r = get(cq, fakeLog(10), 0, 32);
  assert.deepEqual(numbers(r.messages), [0, 3]);
  assert.deepEqual(r.queueOffsets, [0, 2]);
});

test('a read stops at the end of a consume queue segment', () => {
  const cq = queueOf(1200);
  const reader = fakeLog(1200);
  const r = get(cq, reader, 990, 32);
  assert.deepEqual(r.queueOffsets, [990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
  assert.equal(r.nextBeginOffset, 1000);
});

test('a deleted consume queue segment under a stale minimum gives OFFSET_FOUND_NULL and the next segment start', () => {
  const cq = queueOf(1500);
  cq.drain();
  cq.segments().deleteBefore(1000 * 20);
  const r = get(cq, fakeLog(1500), 200, 32);
  assert.equal(r.status, 'OFFSET_FOUND_NULL');
  assert.equal(r.nextBeginOffset, 1000);
});
