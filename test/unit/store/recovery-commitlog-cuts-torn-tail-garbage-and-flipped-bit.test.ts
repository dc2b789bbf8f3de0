import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { CommitLog, type CommitLogMessage } from '../../../src/store/commitlog/commit-log.js';
import { recoverCommitLog } from '../../../src/store/recovery/commitlog-recovery.js';
import { segmentName } from '../../../src/store/segments/segment-name.js';
import { scanCommitLog } from '../../../src/store/commitlog/commit-log-scan.js';

const storeHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };
const dir = '/store/commitlog';
const segment = 32 * 1024;
const options = { dir, segmentSizeBytes: segment, maxMessageSizeBytes: 4096, storeHost };

function msg(i: number): CommitLogMessage {
  return {
    topic: 'T',
    queueId: 1,
    flag: 0,
    body: Buffer.alloc(300 + (i % 7) * 50, i & 0xff),
    properties: `UNIQ_KEY\u0001U${i}`,
    sysFlag: 0,
    bornTimestamp: i,
    bornHost: storeHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

interface Written {
  io: MemoryFileIO;
  offsets: number[];
  records: Buffer[];
}

async function write(io: MemoryFileIO, log: CommitLog, from: number, count: number, into: Written): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const r = log.append(msg(i), i);
    into.offsets.push(r.physicalOffset);
    into.records.push(Buffer.from(log.read(r.physicalOffset, r.size)!));
  }
  log.writePending();
  await log.sync();
}

async function fresh(count: number): Promise<Written> {
  const io = new MemoryFileIO();
  const log = new CommitLog(io, options);
  log.openAt(0, false);
  const w: Written = { io, offsets: [], records: [] };
  await write(io, log, 0, count, w);
  log.close();
  return w;
}

function poke(io: MemoryFileIO, offset: number, bytes: Buffer): void {
  const start = offset - (offset % segment);
  io.open(`${dir}/${segmentName(start)}`).write(bytes, offset - start);
}

/** Recovers, checks records [0, keep) are intact and alone, appends more, restarts cleanly, checks all. */
async function recoversTo(w: Written, keep: number): Promise<void> {
  const log = new CommitLog(w.io, options);
  const report = await recoverCommitLog(log, { crashed: true, checkpoint: undefined });
  const end = keep === w.offsets.length ? log.maxOffset() : w.offsets[keep]!;
  assert.equal(report.end, end);
  for (let i = 0; i < keep; i++) assert.deepEqual(log.readRecord(w.offsets[i]!), w.records[i], `record ${i}`);
  const more: Written = { io: w.io, offsets: [], records: [] };
  await write(w.io, log, keep, 20, more);
  assert.equal(more.offsets[0], end, 'appends resume at the cut');
  log.close();
  const again = new CommitLog(w.io, options);
  const second = await recoverCommitLog(again, { crashed: false, checkpoint: undefined });
  assert.equal(second.end, again.maxOffset());
  assert.equal(second.recordsChecked, keep + 20, 'no stale bytes after the new records');
  const offsets: number[] = [];
  scanCommitLog(again, 0, (r) => offsets.push(...r.physicalOffsets.slice(0, r.count)));
  assert.deepEqual(offsets, [...w.offsets.slice(0, keep), ...more.offsets]);
  for (const [i, off] of more.offsets.entries()) assert.deepEqual(again.readRecord(off), more.records[i]);
}

test('a torn tail (the last record half written) is cut back to the last good record', async () => {
  const w = await fresh(40);
  const last = w.offsets.at(-1)!;
  poke(w.io, last + Math.floor(w.records.at(-1)!.length / 2), Buffer.alloc(w.records.at(-1)!.length));
  await recoversTo(w, 39);
});

test('garbage after the last record is cut and zeroed', async () => {
  const w = await fresh(40);
  const end = w.offsets.at(-1)! + w.records.at(-1)!.length;
  const garbage = Buffer.alloc(3000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
  poke(w.io, end, garbage);
  await recoversTo(w, 40);
});

test('a flipped bit in a body cuts the log before that record', async () => {
  const w = await fresh(40);
  poke(w.io, w.offsets[25]! + 150, Buffer.from([w.records[25]![150]! ^ 0x04]));
  await recoversTo(w, 25);
});

test('a stale but valid-looking record from an old run is not taken for a new one', async () => {
  const w = await fresh(40);
  // Copy record 30 to where record 20 starts: intact CRC, wrong PHYSICALOFFSET.
  poke(w.io, w.offsets[20]!, w.records[30]!);
  await recoversTo(w, 20);
});

test('a clean restart from a checkpoint at the end checks nothing; a crash re-verifies that segment', async () => {
  const w = await fresh(200);
  const end = w.offsets.at(-1)! + w.records.at(-1)!.length;
  const checkpoint = { physicMsgTimestamp: 0, logicsMsgTimestamp: 0, indexMsgTimestamp: 0, physicFlushedOffset: end };
  const clean = await recoverCommitLog(new CommitLog(w.io, options), { crashed: false, checkpoint });
  assert.equal(clean.scanFrom, end);
  assert.equal(clean.recordsChecked, 0);
  assert.equal(clean.end, end);
  const crashed = await recoverCommitLog(new CommitLog(w.io, options), { crashed: true, checkpoint });
  assert.equal(crashed.scanFrom, end - (end % segment));
  assert.equal(crashed.end, end);
  assert.equal(crashed.recordsChecked, w.offsets.filter((o) => o >= crashed.scanFrom).length);
  const beyond = await recoverCommitLog(new CommitLog(w.io, options), { crashed: true, checkpoint: { ...checkpoint, physicFlushedOffset: 10 * segment } });
  assert.equal(beyond.scanFrom, 0, 'a checkpoint outside the segments is ignored');
  assert.equal(beyond.end, end);
});
