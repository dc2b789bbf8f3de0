import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { SegmentedFile } from '../../../src/store/segments/segmented-file.js';
import { parseSegmentName, segmentName } from '../../../src/store/segments/segment-name.js';
import { SegmentLayoutError } from '../../../src/store/segments/segment-errors.js';

const dir = '/store/commitlog';
const size = 1024;

test('segment names are 20-digit start offsets', () => {
  assert.equal(segmentName(0), '00000000000000000000');
  assert.equal(segmentName(1073741824), '00000000001073741824');
  assert.equal(parseSegmentName('00000000001073741824'), 1073741824);
  assert.equal(parseSegmentName('0000000000107374182'), undefined);
  assert.equal(parseSegmentName('00000000001073741824.tmp'), undefined);
});

test('segments are created preallocated, in order, and reads cross their boundaries', () => {
  const io = new MemoryFileIO();
  const log = new SegmentedFile(io, dir, size);
  assert.equal(log.segmentCount, 0);
  const data = Buffer.alloc(3 * size);
  for (let i = 0; i < data.length; i++) data[i] = i % 251;
  for (let at = 0; at < data.length; at += 256) log.write(data.subarray(at, at + 256), at);
  assert.deepEqual(io.list(dir), [segmentName(0), segmentName(size), segmentName(2 * size)]);
  assert.equal(io.openExisting(`${dir}/${segmentName(size)}`)?.size(), size);
  const out = Buffer.alloc(600);
  assert.equal(log.read(out, 0, 600, size - 300), 600);
  assert.deepEqual(out, data.subarray(size - 300, size + 300));
  assert.equal(log.read(out, 0, 600, 3 * size - 100), 100, 'a read stops where segments end');
  assert.equal(log.find(size + 5)?.start, size);
  assert.equal(log.find(3 * size), undefined);
  assert.equal(log.minOffset(), 0);
  assert.equal(log.capacityEnd(), 3 * size);
});

test('a write may not cross a segment boundary', () => {
  const log = new SegmentedFile(new MemoryFileIO(), dir, size);
  assert.throws(() => log.write(Buffer.alloc(10), size - 5));
  assert.throws(() => log.writev([Buffer.alloc(5), Buffer.alloc(5)], size - 5));
});

test('segments reload from their folder; short ones are extended', async () => {
  const io = new MemoryFileIO();
  const log = new SegmentedFile(io, dir, size);
  log.writev([Buffer.from('abc'), Buffer.from('def')], size * 2 - 6);
  log.write(Buffer.from('x'), size * 2);
  await log.sync();
  io.open(`${dir}/${segmentName(size * 2)}`).truncate(10);
  io.open(`${dir}/notes.txt`);
  const again = new SegmentedFile(io, dir, size);
  assert.deepEqual(again.list().map((s) => s.start), [size, size * 2], 'the first segment starts where the first write was');
  assert.equal(again.last()?.handle.size(), size);
  const out = Buffer.alloc(7);
  again.read(out, 0, 7, size * 2 - 6);
  assert.equal(out.toString(), 'abcdefx');
});

test('sync makes written bytes and new segment names durable', async () => {
  const io = new MemoryFileIO();
  const log = new SegmentedFile(io, dir, size);
  log.write(Buffer.from('durable'), size + 1);
  await log.sync();
  log.write(Buffer.from('maybe lost'), 2 * size);
  for (let seed = 0; seed < 20; seed++) {
    const after = io.crash(seed);
    const reloaded = new SegmentedFile(after, dir, size);
    const out = Buffer.alloc(7);
    reloaded.read(out, 0, 7, size + 1);
    assert.equal(out.toString(), 'durable', after.crashReport);
  }
});

test('deleteBefore removes whole segments only; truncate removes later ones and zeroes the tail', () => {
  const io = new MemoryFileIO();
  const log = new SegmentedFile(io, dir, size);
  for (let s = 0; s < 4; s++) log.write(Buffer.alloc(size, 0xee), s * size);
  assert.deepEqual(log.deleteBefore(size + 10), [0]);
  assert.equal(log.minOffset(), size);
  assert.deepEqual(log.truncate(2 * size + 100, true), [3 * size]);
  const out = Buffer.alloc(size);
  log.read(out, 0, size, 2 * size);
  assert.deepEqual(out.subarray(0, 100), Buffer.alloc(100, 0xee));
  assert.deepEqual(out.subarray(100), Buffer.alloc(size - 100), 'bytes after the cut are zero');
  assert.deepEqual(log.truncate(2 * size, false), [2 * size], 'a cut on a boundary removes that segment');
  assert.deepEqual(io.list(dir), [segmentName(size)]);
  log.write(Buffer.from('n'), 2 * size);
  assert.equal(log.segmentCount, 2);
});

test('segments after a gap are detached and deleted by the next truncate; stale files are never reused', () => {
  const io = new MemoryFileIO();
  io.open(`${dir}/${segmentName(0)}`).write(Buffer.from('kept'), 0);
  io.open(`${dir}/${segmentName(2 * size)}`).write(Buffer.from('stale'), 0);
  io.open(`${dir}/${segmentName(3 * size)}`);
  const log = new SegmentedFile(io, dir, size);
  assert.deepEqual(log.list().map((s) => s.start), [0]);
  assert.deepEqual(log.detachedStarts(), [2 * size, 3 * size]);
  assert.deepEqual(log.truncate(10, true), [2 * size, 3 * size]);
  assert.deepEqual(io.list(dir), [segmentName(0)]);
  const io2 = new MemoryFileIO();
  io2.open(`${dir}/${segmentName(0)}`);
  io2.open(`${dir}/${segmentName(2 * size)}`).write(Buffer.from('old bytes'), 0);
  const again = new SegmentedFile(io2, dir, size);
  again.write(Buffer.from('y'), size);
  again.write(Buffer.from('x'), 2 * size);
  const out = Buffer.alloc(9);
  again.read(out, 0, 9, 2 * size);
  assert.deepEqual(out, Buffer.from('x\0\0\0\0\0\0\0\0'), 'a segment created over a stale file starts zeroed');
  assert.deepEqual(again.detachedStarts(), []);
});

test('a folder with a misaligned or oversized segment is refused', () => {
  const io2 = new MemoryFileIO();
  io2.open(`${dir}/${segmentName(100)}`);
  assert.throws(() => new SegmentedFile(io2, dir, size), SegmentLayoutError);
  const io3 = new MemoryFileIO();
  io3.open(`${dir}/${segmentName(0)}`).truncate(size + 1);
  assert.throws(() => new SegmentedFile(io3, dir, size), SegmentLayoutError);
});
