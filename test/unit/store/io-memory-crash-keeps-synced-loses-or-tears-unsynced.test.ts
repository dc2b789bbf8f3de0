import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';

const path = '/s/f';

function bytes(n: number, fill: number): Buffer {
  return Buffer.alloc(n, fill);
}

test('bytes synced before a crash survive every crash seed', async () => {
  for (let seed = 1; seed <= 200; seed++) {
    const io = new MemoryFileIO();
    const h = io.open(path);
    h.write(bytes(100, 1), 0);
    await h.sync();
    await io.syncDir('/s');
    h.write(bytes(50, 2), 100);
    h.write(bytes(50, 3), 150);
    const after = io.crash(seed);
    const got = after.readFile(path);
    assert.ok(got, `seed ${seed}: ${after.crashReport}`);
    assert.deepEqual(got.subarray(0, 100), bytes(100, 1), `seed ${seed}: ${after.crashReport}`);
    // Unsynced bytes: a prefix of the issued writes survives, in order, nothing else.
    const expected = Buffer.concat([bytes(100, 1), bytes(50, 2), bytes(50, 3)]);
    assert.deepEqual(got, expected.subarray(0, got.length), `seed ${seed}: ${after.crashReport}`);
  }
});

test('crashes cover losing, keeping and tearing unsynced writes', () => {
  const lengths = new Set<number>();
  for (let seed = 1; seed <= 300; seed++) {
    const io = new MemoryFileIO();
    const h = io.open(path);
    h.write(bytes(64, 7), 0);
    const got = io.crash(seed).readFile(path);
    lengths.add(got?.length ?? -1);
  }
  assert.ok(lengths.has(-1), 'a file whose folder entry was never synced can vanish');
  assert.ok(lengths.has(0), 'an unsynced write can be lost entirely');
  assert.ok(lengths.has(64), 'an unsynced write can survive whole');
  assert.ok([...lengths].some((n) => n > 0 && n < 64), 'an unsynced write can be torn');
});

test('the same seed gives the same crash', () => {
  const run = (seed: number): string => {
    const io = new MemoryFileIO();
    const h = io.open(path);
    for (let i = 0; i < 10; i++) h.write(bytes(10, i), i * 10);
    const after = io.crash(seed, { flipBitIn: 'unsynced' });
    return `${after.crashReport}|${after.readFile(path)?.toString('hex')}`;
  };
  for (let seed = 0; seed < 20; seed++) assert.equal(run(seed), run(seed));
});

test('a flipped bit changes exactly one bit of the kept bytes', async () => {
  let flipped = 0;
  for (let seed = 1; seed <= 50; seed++) {
    const io = new MemoryFileIO();
    const h = io.open(path);
    h.write(bytes(256, 0x55), 0);
    await h.sync();
    await io.syncDir('/s');
    const got = io.crash(seed, { flipBitIn: 'durable' }).readFile(path)!;
    let diffBits = 0;
    for (const b of got) diffBits += popcount(b ^ 0x55);
    assert.equal(diffBits, 1, `seed ${seed}`);
    flipped++;
  }
  assert.equal(flipped, 50);
});

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

test('a crashed instance is dead: writes are ignored and syncs never complete', async () => {
  const io = new MemoryFileIO();
  const h = io.open(path);
  h.write(bytes(8, 1), 0);
  await h.sync();
  await io.syncDir('/s');
  const after = io.crash(1);
  h.write(bytes(8, 9), 0);
  let completed = false;
  void h.sync().then(() => (completed = true));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(completed, false);
  assert.deepEqual(after.readFile(path), bytes(8, 1));
});

test('a sync covers only writes issued before it', async () => {
  const io = new MemoryFileIO();
  const h = io.open(path);
  await io.syncDir('/s');
  h.write(bytes(4, 1), 0);
  const synced = h.sync();
  h.write(bytes(4, 2), 4);
  await synced;
  assert.deepEqual(io.durableBytes(path), bytes(4, 1));
  assert.deepEqual(io.readFile(path), Buffer.concat([bytes(4, 1), bytes(4, 2)]));
});

test('preallocation by truncate reads as zeros and listing shows files and folders', () => {
  const clock = new ManualClock(1000);
  const io = new MemoryFileIO(clock, 1 << 20);
  const h = io.open('/mem/a/00000000000000000000');
  h.truncate(1 << 16);
  io.mkdirs('/mem/b');
  assert.equal(h.size(), 1 << 16);
  const out = Buffer.alloc(16, 9);
  assert.equal(h.read(out, 0, 16, 100), 16);
  assert.deepEqual(out, Buffer.alloc(16));
  assert.deepEqual(io.list('/mem'), ['a', 'b']);
  assert.deepEqual(io.list('/mem/a'), ['00000000000000000000']);
  assert.equal(io.modifiedAt('/mem/a/00000000000000000000'), 1000);
  assert.equal(io.diskUsage('/mem').freeBytes, (1 << 20) - (1 << 16));
  io.remove('/mem/a');
  assert.deepEqual(io.list('/mem'), ['b']);
});
