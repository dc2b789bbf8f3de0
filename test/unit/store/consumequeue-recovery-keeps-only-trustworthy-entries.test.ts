// Walks the rows of store-consume-queue-recovery.ts's table: which entries a crashed queue keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { storedMessageMagicV1, StoredMessagePosition as P, writeInt64 } from '../../../src/common/message/stored-message-layout.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ConsumeQueue } from '../../../src/store/consumequeue/consume-queue.js';
import { cqEntrySizeBytes, writeCqEntry } from '../../../src/store/consumequeue/cq-entry.js';
import { recoverConsumeQueue, type RecordHeaderReader } from '../../../src/store/recovery/store-consume-queue-recovery.js';

const log = createLogger('test');
const size = 100;
const queueId = 2;
const dir = '/cq';

/** A commit log of records 0..n-1 of this queue, record i at i × 100 with queue offset i. */
function commitLog(n: number, minOffset = 0): RecordHeaderReader {
  const bytes = Buffer.alloc(n * size);
  for (let i = 0; i < n; i++) {
    bytes.writeInt32BE(size, i * size + P.totalSize);
    bytes.writeInt32BE(storedMessageMagicV1, i * size + P.magic);
    bytes.writeInt32BE(queueId, i * size + P.queueId);
    writeInt64(bytes, i, i * size + P.queueOffset);
  }
  return { minOffset: () => minOffset, read: (o, s) => (o + s <= bytes.length ? bytes.subarray(o, o + s) : undefined) };
}

/** A queue whose files hold `entries` written raw (as a crash left them), reopened. */
function crashedQueue(entries: Buffer): { cq: ConsumeQueue; io: MemoryFileIO } {
  const io = new MemoryFileIO();
  const h = io.open(`${dir}/T/${queueId}/00000000000000000000`);
  h.truncate(64 * cqEntrySizeBytes);
  h.write(entries, 0);
  return { cq: new ConsumeQueue(io, dir, 'T', queueId, 64 * cqEntrySizeBytes, log), io };
}

function entries(n: number, tweak?: (buf: Buffer) => void): Buffer {
  const buf = Buffer.alloc(n * cqEntrySizeBytes);
  for (let i = 0; i < n; i++) writeCqEntry(buf, i * cqEntrySizeBytes, i * size, size, 0);
  tweak?.(buf);
  return buf;
}

test('entries wholly below the safe offset that match their records are kept', () => {
  const { cq } = crashedQueue(entries(10));
  const r = recoverConsumeQueue(cq, 10 * size, commitLog(10));
  assert.deepEqual(r, { dropped: 0, end: 10 });
  assert.equal(cq.maxOffset(), 10);
  assert.equal(cq.maxPhysicOffset(), 1000);
});

test('entries past the safe offset are dropped (rebuilt later from the commit log)', () => {
  const { cq } = crashedQueue(entries(10));
  assert.deepEqual(recoverConsumeQueue(cq, 6 * size + 50, commitLog(10)), { dropped: 4, end: 6 });
  assert.equal(cq.maxOffset(), 6);
});

test('a torn last entry is dropped', () => {
  const { cq } = crashedQueue(entries(8).subarray(0, 7 * cqEntrySizeBytes + 9));
  assert.deepEqual(recoverConsumeQueue(cq, 8 * size, commitLog(8)), { dropped: 1, end: 7 });
});

test('an entry whose offset tore low is caught by the commit log check', () => {
  // Entry 7's offset lost its low bytes: 700 (0x2bc) reads as 0x200 = 512, below the safe offset.
  const { cq } = crashedQueue(entries(8, (b) => b.writeUInt32BE(0x200, 7 * cqEntrySizeBytes + 4)));
  assert.deepEqual(recoverConsumeQueue(cq, 8 * size, commitLog(8)), { dropped: 1, end: 7 });
});

test('an entry pointing at a record of another queue offset or size is dropped', () => {
  const { cq } = crashedQueue(entries(5, (b) => b.writeInt32BE(size - 1, 4 * cqEntrySizeBytes + 8)));
  assert.deepEqual(recoverConsumeQueue(cq, 10 * size, commitLog(10)), { dropped: 1, end: 4 });
});

test('entries below the commit log start are kept without a read', () => {
  const { cq } = crashedQueue(entries(5));
  assert.deepEqual(recoverConsumeQueue(cq, 10 * size, { minOffset: () => 5000, read: () => undefined }), { dropped: 0, end: 5 });
});

test('blank head entries mark where a queue starts', () => {
  const head = Buffer.alloc(3 * cqEntrySizeBytes);
  for (let i = 0; i < 3; i++) writeCqEntry(head, i * cqEntrySizeBytes, 0, 0x7fff_ffff, 0);
  const { cq } = crashedQueue(head);
  assert.deepEqual(recoverConsumeQueue(cq, 0, commitLog(0)), { dropped: 0, end: 3 });
});

test('an empty segment a crash left past the end is removed', () => {
  const { cq, io } = crashedQueue(entries(4));
  io.open(`${dir}/T/${queueId}/00000000000000001280`).truncate(64 * cqEntrySizeBytes);
  const reopened = new ConsumeQueue(io, dir, 'T', queueId, 64 * cqEntrySizeBytes, log);
  cq.close();
  recoverConsumeQueue(reopened, 4 * size, commitLog(4));
  assert.deepEqual(io.list(`${dir}/T/${queueId}`), ['00000000000000000000']);
});
