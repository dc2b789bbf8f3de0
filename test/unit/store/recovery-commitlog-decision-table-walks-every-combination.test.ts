import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRecord, recordDecisionTable, rowMatches, type RecordInputs } from '../../../src/store/recovery/commitlog-record-decision.js';
import { recoverCommitLog } from '../../../src/store/recovery/commitlog-recovery.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { CommitLog, type CommitLogMessage } from '../../../src/store/commitlog/commit-log.js';
import { segmentName } from '../../../src/store/segments/segment-name.js';

function* everyCombination(): Generator<RecordInputs> {
  for (let bits = 0; bits < 32; bits++) {
    yield { blankMarker: !!(bits & 1), magicOk: !!(bits & 2), sizeInBounds: !!(bits & 4), fitsInSegment: !!(bits & 8), crcOk: !!(bits & 16) };
  }
}

/** The rules in words, written apart from the table. */
function expected(i: RecordInputs): string {
  if (i.blankMarker) return i.sizeInBounds ? 'nextSegment' : 'truncate';
  if (i.magicOk && i.sizeInBounds && i.fitsInSegment && i.crcOk) return 'accept';
  return 'truncate';
}

test('every combination of the five inputs matches exactly one row, with the expected decision', () => {
  const used = new Set<number>();
  for (const inputs of everyCombination()) {
    const matching = recordDecisionTable.filter((row) => rowMatches(row, inputs));
    assert.equal(matching.length, 1, JSON.stringify(inputs));
    assert.equal(decideRecord(inputs).decision, expected(inputs), JSON.stringify(inputs));
    used.add(recordDecisionTable.indexOf(matching[0]!));
  }
  assert.equal(used.size, recordDecisionTable.length, 'no row is dead');
});

// Each row again, on real bytes: a commit log of good records whose tail is made to hit the row.
const storeHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };
const dir = '/store/commitlog';
const segment = 32 * 1024;
const options = { dir, segmentSizeBytes: segment, maxMessageSizeBytes: 4096, storeHost };

function msg(i: number, bodyBytes: number): CommitLogMessage {
  return {
    topic: 'T',
    queueId: 0,
    flag: 0,
    body: Buffer.alloc(bodyBytes, 0x30 + (i % 10)),
    properties: `K\u0001${i}`,
    sysFlag: 0,
    bornTimestamp: 1,
    bornHost: storeHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

interface Built {
  io: MemoryFileIO;
  offsets: number[];
  sizes: number[];
  end: number;
}

/** `count` records of `bodyBytes` each, written and synced, then closed. */
async function build(count: number, bodyBytes = 1000): Promise<Built> {
  const io = new MemoryFileIO();
  const log = new CommitLog(io, options);
  log.openAt(0, false);
  const offsets: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const r = log.append(msg(i, bodyBytes), i);
    offsets.push(r.physicalOffset);
    sizes.push(r.size);
  }
  log.writePending();
  await log.sync();
  log.close();
  return { io, offsets, sizes, end: log.maxOffset() };
}

function poke(io: MemoryFileIO, offset: number, bytes: Buffer): void {
  const start = offset - (offset % segment);
  io.open(`${dir}/${segmentName(start)}`).write(bytes, offset - start);
}

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v | 0);
  return b;
}

async function recover(io: MemoryFileIO) {
  const log = new CommitLog(io, options);
  const report = await recoverCommitLog(log, { crashed: true, checkpoint: undefined });
  return { log, report };
}

test('row "intact record": every record is accepted', async () => {
  const b = await build(10);
  const { report } = await recover(b.io);
  assert.equal(report.end, b.end);
  assert.equal(report.recordsChecked, 10);
  assert.equal(report.stoppedBecause, 'no message magic (zeros or garbage)');
});

test('row "END_FILE blank": the scan jumps to the next segment', async () => {
  const b = await build(60);
  assert.ok(b.offsets.at(-1)! > segment, 'the records span segments');
  const { report } = await recover(b.io);
  assert.equal(report.end, b.end);
  assert.equal(report.recordsChecked, 60);
});

test('row "blank whose size is not the rest of the segment": truncate at the blank', async () => {
  const b = await build(60);
  const blankAt = b.offsets.findIndex((o) => o >= segment) - 1;
  const at = b.offsets[blankAt]! + b.sizes[blankAt]!;
  poke(b.io, at, int32(segment - at - 1));
  const { report, log } = await recover(b.io);
  assert.equal(report.end, at);
  assert.equal(report.stoppedBecause, 'blank marker whose size is not the rest of the segment');
  assert.ok(report.deletedSegments.length >= 1 && report.deletedSegments[0] === segment, 'every later segment is deleted');
  assert.equal(log.segments.segmentCount, 1);
});

test('row "no message magic": garbage after the last record is cut', async () => {
  const b = await build(5);
  poke(b.io, b.end, Buffer.from('this is not a record at all, just some garbage bytes'));
  const { report, log } = await recover(b.io);
  assert.equal(report.end, b.end);
  assert.equal(report.stoppedBecause, 'no message magic (zeros or garbage)');
  assert.deepEqual(log.segments.list()[0]!.handle.size(), segment);
  const after = Buffer.alloc(64);
  log.segments.read(after, 0, 64, b.end);
  assert.deepEqual(after, Buffer.alloc(64), 'the garbage is zeroed');
});

test('row "TOTALSIZE out of bounds": too small and too large sizes cut before the record', async () => {
  for (const size of [0, 90, 4096 + 64 * 1024 + 1, -5]) {
    const b = await build(5);
    poke(b.io, b.offsets[4]!, int32(size));
    const { report } = await recover(b.io);
    assert.equal(report.end, b.offsets[4], `size ${size}`);
    assert.equal(report.stoppedBecause, 'TOTALSIZE out of bounds');
  }
});

test('row "record would overrun its segment": a size reaching past the blank room cuts', async () => {
  const b = await build(60);
  const lastInFirst = b.offsets.findIndex((o) => o >= segment) - 1;
  const at = b.offsets[lastInFirst]!;
  poke(b.io, at, int32(segment - at - 4));
  const { report } = await recover(b.io);
  assert.equal(report.end, at);
  assert.equal(report.stoppedBecause, 'record would overrun its segment');
});

test('row "CRC, lengths or physical offset wrong": each cuts before the record', async () => {
  const body = await build(5);
  poke(body.io, body.offsets[3]! + 100, Buffer.from([0xff]));
  assert.equal((await recover(body.io)).report.end, body.offsets[3]);
  const phys = await build(5);
  poke(phys.io, phys.offsets[3]! + 28, Buffer.alloc(8));
  assert.equal((await recover(phys.io)).report.end, phys.offsets[3]);
  const lengths = await build(5);
  poke(lengths.io, lengths.offsets[3]! + 84, int32(999));
  const { report } = await recover(lengths.io);
  assert.equal(report.end, lengths.offsets[3]);
  assert.equal(report.stoppedBecause, 'CRC, field lengths or physical offset wrong');
});
