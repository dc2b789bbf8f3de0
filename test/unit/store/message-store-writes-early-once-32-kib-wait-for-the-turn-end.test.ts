// Puts issued in one turn are written when 32 KiB of them wait (not only at the end of the
// turn), so the first ones settle while the turn is still going on; the rest settle after the
// end-of-turn write, all in order and readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { eagerWriteBytes } from '../../../src/store/put/store-puts.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

test('puts of one turn past 32 KiB settle before the turn ends; the rest after it', async () => {
  const io = new MemoryFileIO(new ManualClock(1_700_000_000_000));
  const store = await openTestStore(io, { flushDiskType: 'ASYNC_FLUSH' });
  try {
    const body = Buffer.alloc(1024, 7);
    const count = 40;
    const settled: number[] = [];
    const puts = Array.from({ length: count }, (_, i) => store.put(testMessage('T', 0, body)).then((r) => (settled.push(i), r)));
    for (let i = 0; i < 10; i++) await null;
    const early = settled.length;
    assert.ok(early > 0 && early < count, `some puts settle before the end-of-turn write (${early} of ${count})`);
    assert.ok(early * (body.length + 100) >= eagerWriteBytes, 'at least the first 32 KiB of records');
    const results = await Promise.all(puts);
    assert.deepEqual(settled, Array.from({ length: count }, (_, i) => i), 'settled in put order');
    assert.deepEqual(results.map((r) => (r.status === 'PUT_OK' ? r.queueOffset : -1)), Array.from({ length: count }, (_, i) => i));
    // A get returns at most 32 messages (maxTransferCountOnMessageInMemory).
    let read = 0;
    while (read < count) {
      const got = store.get('g', 'T', 0, read, count, 1 << 20);
      assert.equal(got.status, 'FOUND');
      read += got.messages.length;
    }
    assert.equal(read, count);
  } finally {
    store.abandon();
  }
});
