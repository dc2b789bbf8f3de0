// A commit log write that fails (EIO, disk gone) fails the puts waiting for it at once with
// UNKNOWN_ERROR, later puts are refused the same way, and what was written before stays readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import type { FileHandle, FileIO } from '../../../src/store/io/file-io.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { smallStoreConfig } from '../../../src/testing/store-harness.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

/** MemoryFileIO whose commit log writes throw once `failing` is set. */
class FailingCommitLogIO extends MemoryFileIO {
  failing = false;

  override open(path: string): FileHandle {
    return this.guard(super.open(path));
  }

  override openExisting(path: string): FileHandle | undefined {
    const handle = super.openExisting(path);
    return handle && this.guard(handle);
  }

  private guard(handle: FileHandle): FileHandle {
    if (!handle.path.includes('/commitlog/')) return handle;
    const write = (data: Uint8Array, position: number): void => {
      if (this.failing) throw new Error('EIO: simulated write failure');
      handle.write(data, position);
    };
    return Object.assign(Object.create(handle) as FileHandle, { write });
  }
}

test('puts waiting for a failed commit log write answer UNKNOWN_ERROR; later puts too; earlier ones stay readable', async () => {
  const io: FileIO & FailingCommitLogIO = new FailingCommitLogIO(new ManualClock(1_700_000_000_000));
  const store = new MessageStore({ io, clock: io.clock, storeHost: testStoreHost, config: { ...smallStoreConfig }, logger: undefined });
  await store.start();
  try {
    const kept = await store.put(testMessage('T', 0, 'kept'));
    assert.equal(kept.status, 'PUT_OK');

    io.failing = true;
    const waiting = await Promise.all([store.put(testMessage('T', 0, 'a')), store.put(testMessage('T', 1, 'b')), store.putBatch([testMessage('T', 2, 'c')])]);
    for (const r of waiting) {
      assert.equal(r.status, 'UNKNOWN_ERROR');
      if (r.status === 'UNKNOWN_ERROR') assert.match(r.reason, /commit log write at \d+ failed/);
    }
    const later = await store.put(testMessage('T', 0, 'later'));
    assert.equal(later.status, 'UNKNOWN_ERROR');

    const got = store.get('g', 'T', 0, 0, 32, 1 << 20);
    assert.equal(got.status, 'FOUND');
    assert.deepEqual(got.messages.map((m) => decodeStoredMessage(m).body.toString()), ['kept'], 'only what was written is served');
  } finally {
    store.abandon();
  }
});
