import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ConsumeQueue, blankEntrySize } from '../../../src/store/consumequeue/consume-queue.js';
import { cqEntrySizeBytes, readCqEntry, writeCqEntry, isValidCqEntry } from '../../../src/store/consumequeue/cq-entry.js';

const log = createLogger('test');
const entriesPerSegment = 4;

function queue(io = new MemoryFileIO()): ConsumeQueue {
  return new ConsumeQueue(io, '/store/consumequeue', 'TopicA', 3, entriesPerSegment * cqEntrySizeBytes, log);
}

function entriesOf(cq: ConsumeQueue, from: number, n: number) {
  const run = cq.readEntries(from, n, Buffer.alloc(n * cqEntrySizeBytes));
  assert.ok(run);
  return Array.from({ length: run.count }, (_, i) => readCqEntry(run.buf, i * cqEntrySizeBytes));
}

test('an entry is 20 bytes: int64 offset, int32 size, int64 tags code, big-endian', () => {
  const buf = Buffer.alloc(cqEntrySizeBytes);
  writeCqEntry(buf, 0, 2 ** 40 + 5, 300, -2);
  assert.equal(buf.toString('hex'), '0000010000000005' + '0000012c' + 'fffffffffffffffe');
  assert.deepEqual(readCqEntry(buf, 0), { commitLogOffset: 2 ** 40 + 5, size: 300, tagsCode: -2 });
  assert.equal(isValidCqEntry(buf, 0), true);
  assert.equal(isValidCqEntry(Buffer.alloc(cqEntrySizeBytes), 0), false);
});

test('entries read the same before and after they are written, across segments', () => {
  const io = new MemoryFileIO();
  const cq = queue(io);
  for (let i = 0; i < 10; i++) assert.equal(cq.append(i, i * 100, 100, i), true);
  assert.equal(cq.maxOffset(), 10);
  const before = [...entriesOf(cq, 0, 4), ...entriesOf(cq, 4, 4), ...entriesOf(cq, 8, 4)];
  cq.drain();
  const after = [...entriesOf(cq, 0, 4), ...entriesOf(cq, 4, 4), ...entriesOf(cq, 8, 4)];
  assert.deepEqual(after, before);
  assert.equal(before.length, 10);
  assert.deepEqual(before[7], { commitLogOffset: 700, size: 100, tagsCode: 7 });
  assert.deepEqual(io.list('/store/consumequeue/TopicA/3'), ['00000000000000000000', '00000000000000000080', '00000000000000000160']);
});

test('a read stops at the end of the segment holding its first entry', () => {
  const cq = queue();
  for (let i = 0; i < 10; i++) cq.append(i, i * 100, 100, 0);
  cq.drain();
  assert.equal(entriesOf(cq, 2, 10).length, 2);
  cq.append(10, 1000, 100, 0);
  assert.equal(entriesOf(cq, 8, 10).length, 3);
});

test('re-dispatched entries are ignored and a queue starting mid-way gets blank head entries', () => {
  const cq = queue();
  assert.equal(cq.append(6, 600, 50, 1), true);
  assert.equal(cq.minOffset(), 6);
  assert.equal(cq.maxOffset(), 7);
  assert.equal(cq.append(6, 600, 50, 1), false);
  assert.equal(cq.append(7, 650, 50, 1), true);
  const [blank] = entriesOf(cq, 4, 1);
  assert.deepEqual(blank, { commitLogOffset: 0, size: blankEntrySize, tagsCode: 0 });
});

test('segments wholly below the commit log minimum are deleted and the minimum corrected', () => {
  const io = new MemoryFileIO();
  const cq = queue(io);
  for (let i = 0; i < 10; i++) cq.append(i, i * 100, 100, 0);
  assert.equal(cq.deleteBelow(450), 1);
  assert.equal(cq.minOffset(), 5);
  assert.equal(io.list('/store/consumequeue/TopicA/3').length, 2);
  assert.equal(cq.readEntries(0, 1, Buffer.alloc(20)), undefined);
  assert.equal(cq.deleteBelow(5000), 1);
  assert.equal(cq.minOffset(), 10, 'every message gone: the queue reads as empty at its end');
  assert.equal(cq.maxOffset(), 10);
});

test('truncation drops entries, later segments included, and zeroes the cut on disk', () => {
  const io = new MemoryFileIO();
  const cq = queue(io);
  for (let i = 0; i < 10; i++) cq.append(i, i * 100, 100, 0);
  cq.truncateFrom(5, 500);
  assert.equal(cq.maxOffset(), 5);
  assert.deepEqual(io.list('/store/consumequeue/TopicA/3'), ['00000000000000000000', '00000000000000000080']);
  const second = io.readFile('/store/consumequeue/TopicA/3/00000000000000000080')!;
  assert.ok(second.subarray(cqEntrySizeBytes).every((b) => b === 0));
  assert.equal(cq.append(5, 450, 10, 0), false, 'offsets below the newest entry end are refused');
  assert.equal(cq.append(5, 500, 10, 0), true);
});
