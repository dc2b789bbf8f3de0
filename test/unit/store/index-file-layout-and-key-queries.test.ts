import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { IndexFile, indexKeyHash, indexFileSizeBytes } from '../../../src/store/index/index-file.js';
import { IndexService } from '../../../src/store/index/index-service.js';
import { indexFileName, nextIndexFileName } from '../../../src/store/index/index-file-name.js';

const log = createLogger('test');
const geometry = { slotCount: 4, entryCount: 8 };
const t0 = 1_700_000_000_000;

test('the key hash is abs(String.hashCode of "topic#key"), and abs(MIN_VALUE) is 0', () => {
  assert.equal(indexKeyHash('T', 'k'), Math.abs(javaStringHash('T#k')));
  // This key makes "T#" + key hash to Integer.MIN_VALUE, whose abs Java's IndexFile takes as 0.
  const key = 'k788378\ud7ff\ud5e6';
  assert.equal(javaStringHash(`T#${key}`), -0x8000_0000);
  assert.equal(indexKeyHash('T', key), 0);
});

test('one entry writes the 40-byte header, its slot and a 20-byte entry at the layout offsets', () => {
  const io = new MemoryFileIO();
  const f = IndexFile.create(io.open('/i/f'), 'f', geometry);
  const hash = indexKeyHash('TopicA', 'k1');
  assert.equal(f.put(hash, 100, t0), true);
  f.writeBack();
  const bytes = io.readFile('/i/f')!;
  assert.equal(bytes.length, indexFileSizeBytes(geometry));
  assert.equal(bytes.length, 40 + 4 * 4 + 8 * 20);
  assert.equal(Number(bytes.readBigInt64BE(0)), t0);
  assert.equal(Number(bytes.readBigInt64BE(8)), t0);
  assert.equal(Number(bytes.readBigInt64BE(16)), 100);
  assert.equal(Number(bytes.readBigInt64BE(24)), 100);
  assert.equal(bytes.readInt32BE(32), 1, 'slots in use');
  assert.equal(bytes.readInt32BE(36), 2, 'next entry number (entry 0 unused)');
  assert.equal(bytes.readInt32BE(40 + (hash % 4) * 4), 1);
  const entry = 40 + 16 + 20;
  assert.equal(bytes.readInt32BE(entry), hash);
  assert.equal(Number(bytes.readBigInt64BE(entry + 4)), 100);
  assert.equal(bytes.readInt32BE(entry + 12), 0, 'time diff of the first entry');
  assert.equal(bytes.readInt32BE(entry + 16), 0, 'no previous entry');
});

test('a bucket chains newest first; a query honours the time window and the max count', () => {
  const io = new MemoryFileIO();
  const f = IndexFile.create(io.open('/i/f'), 'f', geometry);
  const hash = indexKeyHash('TopicA', 'k1');
  for (let i = 0; i < 5; i++) f.put(hash, i * 10, t0 + i * 1000);
  const all: number[] = [];
  f.select(hash, t0, t0 + 10_000, 10, all);
  assert.deepEqual(all, [40, 30, 20, 10, 0]);
  const windowed: number[] = [];
  f.select(hash, t0 + 1000, t0 + 3000, 10, windowed);
  assert.deepEqual(windowed, [30, 20, 10]);
  const capped: number[] = [];
  f.select(hash, 0, Number.MAX_SAFE_INTEGER, 2, capped);
  assert.deepEqual(capped, [40, 30]);
  // After sealing, the same answers come from the file.
  f.seal();
  const sealed: number[] = [];
  f.select(hash, t0, t0 + 10_000, 10, sealed);
  assert.deepEqual(sealed, all);
});

test('the service indexes UNIQ_KEY and each KEYS token, rolls to a new file when full, and queries across files', () => {
  const io = new MemoryFileIO();
  const clock = new ManualClock(t0);
  const svc = new IndexService(io, '/store/index', geometry, clock, log);
  svc.load();
  for (let i = 0; i < 10; i++) {
    clock.advance(1000);
    svc.add('TopicA', `order-${i % 2} shared`, `UNIQ${i}`, i * 100, clock.now());
  }
  svc.drain();
  assert.ok(svc.fileCount() >= 4, 'each message uses 3 entries; 7 fit a file');
  assert.deepEqual(svc.query('TopicA', 'UNIQ7', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, [700]);
  assert.deepEqual(svc.query('TopicA', 'order-1', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, [900, 700, 500, 300, 100]);
  assert.equal(svc.query('TopicA', 'shared', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets.length, 10);
  assert.equal(svc.query('TopicA', 'shared', 3, 0, Number.MAX_SAFE_INTEGER).phyOffsets.length, 3);
  assert.deepEqual(svc.query('TopicB', 'UNIQ7', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, []);
  const q = svc.query('TopicA', 'shared', 32, t0 + 3000, t0 + 5000);
  assert.deepEqual(q.phyOffsets, [400, 300, 200]);
  assert.equal(q.lastUpdatePhyOffset, 900);
});

test('index files below the commit log minimum are deleted, the newest kept', () => {
  const io = new MemoryFileIO();
  const clock = new ManualClock(t0);
  const svc = new IndexService(io, '/store/index', geometry, clock, log);
  svc.load();
  for (let i = 0; i < 10; i++) svc.add('T', undefined, `U${i}`, i * 100, clock.now());
  const before = svc.fileCount();
  assert.equal(svc.deleteBelow(800), before - 1);
  assert.equal(svc.deleteBelow(10_000), 0);
  assert.equal(svc.fileCount(), 1);
});

test('a reloaded index answers like before, and crash recovery cuts it back to the safe point', async () => {
  let io = new MemoryFileIO();
  const clock = new ManualClock(t0);
  let svc = new IndexService(io, '/store/index', { slotCount: 16, entryCount: 64 }, clock, log);
  svc.load();
  for (let i = 0; i < 5; i++) svc.add('T', 'k', `U${i}`, i * 100, t0 + i);
  const safe = svc.safePoint();
  await svc.sync();
  for (let i = 5; i < 8; i++) svc.add('T', 'k', `U${i}`, i * 100, t0 + i);
  svc.drain();
  io = io.crash(7);
  svc = new IndexService(io, '/store/index', { slotCount: 16, entryCount: 64 }, clock, log);
  svc.load();
  svc.recover(safe);
  assert.deepEqual(svc.query('T', 'k', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, [400, 300, 200, 100, 0]);
  svc.add('T', 'k', 'U5', 500, t0 + 5);
  assert.deepEqual(svc.query('T', 'k', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, [500, 400, 300, 200, 100, 0]);
  assert.deepEqual(svc.query('T', 'U6', 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets, []);
});

test('index file names are 17-digit local times that always increase', () => {
  const name = indexFileName(t0);
  assert.match(name, /^\d{17}$/);
  assert.equal(nextIndexFileName(name, t0), (BigInt(name) + 1n).toString());
  assert.equal(nextIndexFileName('20231114221320096', t0), '20231114221320097');
  assert.ok(nextIndexFileName(name, t0 + 1000) > name);
});
