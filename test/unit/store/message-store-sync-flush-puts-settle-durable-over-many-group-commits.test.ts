// SYNC_FLUSH puts settle after the group commit that covers them. With puts always in flight the
// store's queue of puts waiting for a flush never empties, so it is cut as it goes: thousands of
// puts over many group commits must each settle once, in order per queue, and be durable (a
// crash right after loses none of them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const putters = 64;
const putsPerPutter = 80;
const queues = 4;

test('thousands of SYNC_FLUSH puts in flight all settle once, in queue order, and survive a crash', async () => {
  const io = new MemoryFileIO(new ManualClock(1_700_000_000_000));
  const config = { flushDiskType: 'SYNC_FLUSH' as const, mappedFileSizeCommitLog: 1024 * 1024 };
  const store = await openTestStore(io, config);
  const acked = new Map<string, string>();
  const lastOffset = new Map<number, number>();
  const putter = async (p: number): Promise<void> => {
    for (let i = 0; i < putsPerPutter; i++) {
      // Putters out of step: their puts land in different turns and so in different groups.
      for (let wait = 0; wait < (p + i) % 3; wait++) await new Promise(setImmediate);
      const queueId = (p + i) % queues;
      const body = `p${p}-${i}`;
      const r = await store.put(testMessage('Sync', queueId, body));
      assert.equal(r.status, 'PUT_OK');
      if (r.status !== 'PUT_OK') return;
      const key = `${queueId}/${r.queueOffset}`;
      assert.ok(!acked.has(key), `${key} settled twice`);
      acked.set(key, body);
      lastOffset.set(queueId, Math.max(lastOffset.get(queueId) ?? -1, r.queueOffset));
    }
  };
  // A slow device: each sync completes only at the next 1 ms tick, so puts keep joining the
  // next group while one is in flight and the queue of puts waiting for a flush never empties.
  io.holdSyncs();
  const device = setInterval(() => {
    io.releaseSyncs();
    io.holdSyncs();
  }, 1);
  try {
    await Promise.all(Array.from({ length: putters }, (_, p) => putter(p)));
  } finally {
    clearInterval(device);
    io.releaseSyncs();
  }
  assert.equal(acked.size, putters * putsPerPutter);

  const after = io.crash(7);
  store.abandon();
  const reopened = await openTestStore(after, config);
  try {
    for (const [key, body] of acked) {
      const [queueId, queueOffset] = key.split('/').map(Number) as [number, number];
      const got = reopened.get('g', 'Sync', queueId, queueOffset, 1, 1 << 20);
      assert.equal(got.status, 'FOUND', `${key} after the crash`);
      assert.equal(decodeStoredMessage(got.messages[0]!).body.toString(), body, `${key} intact`);
    }
    for (const [queueId, last] of lastOffset) assert.equal(reopened.maxOffsetInQueue('Sync', queueId), last + 1);
  } finally {
    await reopened.shutdown();
  }
});
