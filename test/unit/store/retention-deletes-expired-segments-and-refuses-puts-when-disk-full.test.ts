import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const segment = 64 * 1024;
const config = { mappedFileSizeCommitLog: segment, mappedFileSizeConsumeQueue: 8 * 20, maxMessageSize: 8 * 1024, maxHashSlotNum: 16, maxIndexNum: 20 };
const hourMs = 3_600_000;
/** 02:00 local time on some day: not the default deleteWhen hour (04). */
const at2am = new Date(2024, 0, 10, 2, 0, 0).getTime();

async function filled(clock: ManualClock, io: MemoryFileIO, count = 100): Promise<MessageStore> {
  const store = await openTestStore(io, config, clock);
  for (let i = 0; i < count; i++) {
    const r = await store.put(testMessage('T', 0, Buffer.alloc(4000, i), { properties: { UNIQ_KEY: `U${i}` } }));
    assert.equal(r.status, 'PUT_OK');
  }
  return store;
}

/** Sets the in-memory disk's size so that the store uses `ratio` of it. */
function useRatio(io: MemoryFileIO, ratio: number): void {
  const used = io.diskUsage('/').totalBytes - io.diskUsage('/').freeBytes;
  io.capacityBytes = Math.ceil(used / ratio);
}

test('expired segments go at the deleteWhen hour, not before; queues and index follow the new minimum', async () => {
  const clock = new ManualClock(at2am);
  const io = new MemoryFileIO(clock);
  const store = await filled(clock, io);
  const segmentsBefore = io.list('/store/commitlog').length;
  assert.ok(segmentsBefore >= 6);
  clock.advance(73 * hourMs); // 03:00, three days later: expired, but not the hour
  assert.deepEqual(store.runRetention().deletedSegments, []);
  clock.advance(hourMs); // 04:00
  const pass = store.runRetention();
  assert.ok(pass.deletedSegments.length > 0);
  assert.equal(io.list('/store/commitlog').length, segmentsBefore - pass.deletedSegments.length);
  const clMin = store.commitLogMinOffset();
  assert.equal(clMin, pass.deletedSegments.at(-1)! + segment);
  assert.ok(pass.deletedQueueSegments > 0);
  const min = store.minOffsetInQueue('T', 0);
  assert.ok(min > 0);
  const tooSmall = store.get('g', 'T', 0, 0, 32, 1 << 20);
  assert.deepEqual([tooSmall.status, tooSmall.nextBeginOffset], ['OFFSET_TOO_SMALL', min]);
  const first = store.get('g', 'T', 0, min, 1, 1 << 20);
  assert.equal(first.status, 'FOUND');
  assert.ok(first.messages[0]!.readInt32BE(28) * 2 ** 32 + first.messages[0]!.readUInt32BE(32) >= clMin);
  assert.equal(store.queryMessage('T', 'U0', 4, 0, Number.MAX_SAFE_INTEGER).messages.length, 0);
  await store.shutdown();
  const reopened = await openTestStore(io, config, clock);
  assert.equal(reopened.minOffsetInQueue('T', 0), min, 'the minimum survives a restart');
  assert.equal(reopened.maxOffsetInQueue('T', 0), 100);
  await reopened.shutdown();
});

test('the segment taking appends is never deleted', async () => {
  const clock = new ManualClock(at2am);
  const io = new MemoryFileIO(clock);
  const store = await filled(clock, io, 5);
  clock.advance(1000 * hourMs);
  store.runRetention(true);
  assert.equal(io.list('/store/commitlog').length, 1);
  assert.equal((await store.put(testMessage('T', 0, 'still here'))).status, 'PUT_OK');
  await store.shutdown();
});

test('over diskMaxUsedSpaceRatio expired segments go at any hour', async () => {
  const clock = new ManualClock(at2am);
  const io = new MemoryFileIO(clock);
  const store = await filled(clock, io);
  useRatio(io, 0.8);
  assert.deepEqual(store.runRetention().deletedSegments, [], 'not expired');
  clock.advance(73 * hourMs);
  const expired = store.runRetention();
  assert.ok(expired.deletedSegments.length > 0, 'expired and over 75 %: deleted at 03:00');
  await store.shutdown();
});

test('over diskSpaceCleanForciblyRatio even unexpired segments go', async () => {
  const clock = new ManualClock(at2am);
  const io = new MemoryFileIO(clock);
  const store = await filled(clock, io);
  useRatio(io, 0.87);
  const forced = store.runRetention();
  assert.ok(forced.deletedSegments.length > 0, 'over 85 %: deleted though written a moment ago');
  await store.shutdown();
});

test('at the warning ratio puts are refused until usage drops', async () => {
  const clock = new ManualClock(at2am);
  const io = new MemoryFileIO(clock);
  const store = await openTestStore(io, { ...config, cleanFileForciblyEnable: false }, clock);
  assert.equal((await store.put(testMessage('T', 0, 'a'))).status, 'PUT_OK');
  useRatio(io, 0.95);
  const pass = store.runRetention();
  assert.equal(pass.diskFull, true);
  assert.deepEqual(await store.put(testMessage('T', 0, 'b')), { status: 'SERVICE_NOT_AVAILABLE', reason: 'disk full' });
  assert.equal(store.runtimeInfo().diskFull, true);
  io.capacityBytes *= 10;
  store.runRetention();
  assert.equal((await store.put(testMessage('T', 0, 'c'))).status, 'PUT_OK');
  await store.shutdown();
});
