// A periodic index sync makes entries durable and leaves the writable file's slot table and
// header in memory (recovery rebuilds them from the entries); they reach the file when the file
// is sealed (and are synced by the next sync) or when a complete sync runs at shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { indexHeaderSizeBytes, indexSlotSizeBytes } from '../../../src/store/index/index-file.js';
import { IndexService } from '../../../src/store/index/index-service.js';

const log = createLogger('test', 'silent');
const t0 = 1_700_000_000_000;
const geometry = { slotCount: 16, entryCount: 12 };
const dir = '/store/index';
const all = (svc: IndexService, key: string) => svc.query('T', key, 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets;

function headerAndSlots(io: MemoryFileIO): Buffer {
  const name = io.list(dir).at(-1)!;
  return io.readFile(`${dir}/${name}`)!.subarray(0, indexHeaderSizeBytes + geometry.slotCount * indexSlotSizeBytes);
}

test('a periodic sync writes entries but not the writable file slot table or header; a complete one writes both', async () => {
  const io = new MemoryFileIO();
  const svc = new IndexService(io, dir, geometry, new ManualClock(t0), log);
  svc.load();
  for (let i = 0; i < 5; i++) svc.add('T', 'k', `U${i}`, i * 100, t0 + i);
  await svc.sync();
  assert.ok(headerAndSlots(io).every((b) => b === 0), 'header and slots still only in memory');
  assert.deepEqual(all(svc, 'k'), [400, 300, 200, 100, 0], 'queries answer from memory');

  await svc.sync(true);
  assert.ok(headerAndSlots(io).some((b) => b !== 0), 'header and slots written');
  svc.close();
  const reopened = new IndexService(io, dir, geometry, new ManualClock(t0), log);
  reopened.load();
  assert.deepEqual(all(reopened, 'k'), [400, 300, 200, 100, 0], 'a clean reopen answers without a rebuild');
  assert.deepEqual(all(reopened, 'U3'), [300]);
});

test('a file sealed after a sync has its slots and header synced by the next sync, before a newer file is named', async () => {
  const io = new MemoryFileIO();
  const clock = new ManualClock(t0);
  const svc = new IndexService(io, dir, geometry, clock, log);
  svc.load();
  // 11 entries fill the first file (entry 0 is never used): 5 messages of UNIQ_KEY + KEYS, one more key.
  for (let i = 0; i < 5; i++) svc.add('T', 'k', `U${i}`, i * 100, t0 + i);
  svc.add('T', undefined, 'U5', 500, t0 + 5);
  await svc.sync();
  clock.advance(1000);
  svc.add('T', 'k', 'U6', 600, t0 + 6); // the first file is full: sealed, the second takes this
  assert.equal(svc.fileCount(), 2);
  const safe = svc.safePoint();
  await svc.sync();
  const crashed = io.crash(3);
  const recovered = new IndexService(crashed, dir, geometry, clock, log);
  recovered.load();
  recovered.recover(safe);
  assert.deepEqual(all(recovered, 'k'), [600, 400, 300, 200, 100, 0], 'the sealed file answers from its synced slots and header');
  assert.deepEqual(all(recovered, 'U5'), [500]);
});
