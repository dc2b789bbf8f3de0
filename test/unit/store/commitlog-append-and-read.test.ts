import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import type { Clock } from '../../../src/store/io/file-io.js';
import { CommitLog, type CommitLogMessage } from '../../../src/store/commitlog/commit-log.js';
import type { AppendedRecords } from '../../../src/store/commitlog/appended-records.js';
import { scanCommitLog } from '../../../src/store/commitlog/commit-log-scan.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { MessageTooLargeError } from '../../../src/common/message/stored-message-errors.js';

const storeHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };
const dir = '/store/commitlog';
const turn = () => new Promise((r) => setImmediate(r));

function msg(i: number, bodyBytes = 100, topic = 'T'): CommitLogMessage {
  return {
    topic,
    queueId: i % 4,
    flag: 0,
    body: Buffer.alloc(bodyBytes, i & 0xff),
    properties: `TAGS\u0001tag${i % 3}\u0002KEYS\u0001k${i} kk${i}\u0002UNIQ_KEY\u0001U${i}\u0002DELAY\u00013`,
    sysFlag: 0,
    bornTimestamp: 1000 + i,
    bornHost: { address: Uint8Array.from([10, 0, 0, 2]), port: 4000 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

function open(io = new MemoryFileIO(), segmentSizeBytes = 64 * 1024, clock: Clock = new ManualClock(5000)): CommitLog {
  const log = new CommitLog(io, { dir, segmentSizeBytes, maxMessageSizeBytes: 16 * 1024, storeHost, clock, writeBufferSizeBytes: 32 * 1024, readCacheBytes: 64 * 1024 });
  log.openAt(0, false);
  return log;
}

test('appends in one turn become one write call and read back as the encoded bytes', async () => {
  const io = new MemoryFileIO();
  const log = open(io);
  const results = Array.from({ length: 20 }, (_, i) => log.append(msg(i), i));
  assert.equal(io.stats.writes, 0, 'nothing written before the turn ends');
  await turn();
  assert.equal(io.stats.writes, 1);
  let expectOffset = 0;
  for (const [i, r] of results.entries()) {
    assert.equal(r.physicalOffset, expectOffset, 'physical offsets are continuous');
    expectOffset += r.size;
    const expected = encodeStoredMessage(msg(i), { queueOffset: i, physicalOffset: r.physicalOffset, storeTimestamp: 5000, storeHost });
    assert.deepEqual(log.readRecord(r.physicalOffset), expected);
  }
  assert.equal(log.maxOffset(), expectOffset);
  assert.equal(log.writtenOffset(), expectOffset);
});

test('reads come from the files once the cache has moved on, and after a reopen', async () => {
  const io = new MemoryFileIO();
  const log = open(io);
  const results = Array.from({ length: 600 }, (_, i) => log.append(msg(i), i));
  await turn();
  const first = log.readRecord(0)!;
  assert.equal(decodeStoredMessage(first).queueOffset, 0);
  log.close();
  const again = new CommitLog(io, { dir, segmentSizeBytes: 64 * 1024, maxMessageSizeBytes: 16 * 1024, storeHost });
  again.openAt(log.maxOffset(), false);
  for (const [i, r] of results.entries()) {
    const rec = again.readRecord(r.physicalOffset);
    assert.ok(rec, `record ${i}`);
    assert.equal(decodeStoredMessage(rec).queueOffset, i);
  }
});

function fixed(i: number, bodyBytes: number): CommitLogMessage {
  return { ...msg(i, bodyBytes), properties: 'TAGS\u0001x' };
}

test('a record that does not fit with 8 spare bytes goes to the next segment after an END_FILE blank', async () => {
  const io = new MemoryFileIO();
  const segment = 64 * 1024;
  const log = open(io, segment);
  let i = 0;
  while (log.maxOffset() + 3 * 1100 < segment) log.append(fixed(i, 1000), i++);
  const left = segment - log.maxOffset();
  const overhead = log.append(fixed(i, 0), i++).size;
  const tooBig = left - overhead - overhead + 1 - 8;
  const blankAt = log.maxOffset();
  const moved = log.append(fixed(i, tooBig), i++);
  assert.equal(moved.physicalOffset, segment, 'record + 8 > what is left: the record opens the next segment');
  await turn();
  const blank = log.read(blankAt, 8)!;
  assert.equal(blank.readInt32BE(0), segment - blankAt, 'the blank claims the rest of the segment');
  assert.equal(blank.readInt32BE(4), 0xcbd43194 | 0);
  assert.equal(log.readRecord(blankAt), undefined);
  assert.equal(decodeStoredMessage(log.readRecord(segment)!).queueOffset, i - 1);
  assert.equal(io.list(dir).length, 2);
});

test('exactly record + 8 bytes left still takes the record', async () => {
  const segment = 64 * 1024;
  const log = open(new MemoryFileIO(), segment);
  let i = 0;
  while (log.maxOffset() + 3 * 1100 < segment) log.append(fixed(i, 1000), i++);
  const overhead = log.append(fixed(i, 0), i++).size;
  const left = segment - log.maxOffset();
  const fits = log.append(fixed(i, left - 8 - overhead), i++);
  assert.equal(fits.physicalOffset + fits.size, segment - 8);
  const next = log.append(fixed(i, 0), i);
  assert.equal(next.physicalOffset, segment);
  await turn();
  assert.equal(log.read(segment - 8, 8)!.readInt32BE(0), 8, 'the blank is exactly 8 bytes');
});

test('a batch gets consecutive queue offsets and one store timestamp; a too large member refuses the whole batch', async () => {
  let ms = 5000;
  const tickingClock = { now: () => ms++ };
  const log = open(new MemoryFileIO(), 64 * 1024, tickingClock);
  const placed = log.appendBatch([msg(0), msg(1), msg(2)], 10);
  const stored = placed.physicalOffsets.map((offset) => decodeStoredMessage(log.readRecord(offset)!));
  assert.deepEqual(stored.map((m) => m.queueOffset), [10, 11, 12]);
  assert.deepEqual(stored.map((m) => m.storeTimestamp), [placed.storeTimestamp, placed.storeTimestamp, placed.storeTimestamp]);
  assert.equal(placed.end, log.maxOffset());
  assert.equal(placed.bytes, placed.end - placed.physicalOffsets[0]!);
  const before = log.maxOffset();
  assert.throws(() => log.appendBatch([msg(3), msg(4, 16 * 1024 + 1)], 13), MessageTooLargeError);
  assert.equal(log.maxOffset(), before);
  assert.throws(() => log.append(msg(5, 16 * 1024 + 1), 13), (e: unknown) => e instanceof MessageTooLargeError && e.field === 'body');
  await turn();
});

test('listeners hear each written batch with dispatch facts; a scan of stored bytes yields the same', async () => {
  const log = open();
  const seen: string[] = [];
  const facts = (r: AppendedRecords, i: number) =>
    [r.physicalOffsets[i], r.sizes[i], r.topics[i], r.queueIds[i], r.queueOffsets[i], r.storeTimestamps[i], r.sysFlags[i], r.tags[i], r.keys[i], r.uniqKeys[i], r.delayLevels[i]].join('|');
  log.onAppended((r) => {
    for (let i = 0; i < r.count; i++) seen.push(facts(r, i));
  });
  for (let i = 0; i < 700; i++) log.append(msg(i, 50 + (i % 200), i % 2 ? 'Odd' : 'Even'), i);
  await turn();
  assert.equal(seen.length, 700);
  assert.match(seen[1]!, /\|Odd\|1\|1\|5000\|0\|tag1\|k1 kk1\|U1\|3$/);
  const scanned: string[] = [];
  const end = scanCommitLog(log, 0, (r) => {
    for (let i = 0; i < r.count; i++) scanned.push(facts(r, i));
  });
  assert.equal(end, log.maxOffset());
  assert.deepEqual(scanned, seen);
});

test('hints given by the caller are used as they are', async () => {
  const log = open();
  let tags: string | undefined = 'unset';
  log.onAppended((r) => (tags = r.tags[0]));
  log.append({ ...msg(0), dispatch: { tags: 'given', keys: undefined, uniqKey: undefined, delayLevel: 0 } }, 0);
  await turn();
  assert.equal(tags, 'given');
});

test('reads outside the log or at a blank give undefined; deleting old segments moves the min offset', async () => {
  const log = open(new MemoryFileIO(), 64 * 1024);
  let last = log.append(msg(0, 1000), 0);
  for (let i = 1; i < 200; i++) last = log.append(msg(i, 1000), i);
  await turn();
  assert.equal(log.readRecord(log.maxOffset()), undefined);
  assert.equal(log.read(log.maxOffset() - 10, 20), undefined);
  assert.equal(log.minOffset(), 0);
  assert.deepEqual(log.deleteSegmentsBefore(64 * 1024 + 1), [0]);
  assert.equal(log.minOffset(), 64 * 1024);
  assert.equal(log.readRecord(0), undefined);
  log.deleteSegmentsBefore(Number.MAX_SAFE_INTEGER);
  assert.equal(log.segments.segmentCount, 1, 'the active segment is never deleted');
  assert.equal(decodeStoredMessage(log.readRecord(last.physicalOffset)!).queueOffset, 199);
});
