import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import type { PutResult } from '../../../src/store/api.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const t0 = 1_700_000_000_000;

function ok(r: PutResult) {
  assert.ok(r.status === 'PUT_OK', `put: ${r.status}`);
  return r;
}

test('puts get consecutive queue offsets per queue and read back byte for byte', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.put(testMessage('T', i % 3, `body-${i}`, { properties: { TAGS: `tag${i % 2}` } }))));
  for (const [i, r] of results.entries()) assert.equal(ok(r).queueOffset, Math.floor(i / 3));
  const got = store.get('g', 'T', 1, 0, 32, 1 << 20);
  assert.equal(got.status, 'FOUND');
  assert.equal(got.messages.length, 10);
  assert.equal(got.nextBeginOffset, 10);
  const bodies = got.messages.map((m) => decodeStoredMessage(m).body.toString());
  assert.deepEqual(bodies, Array.from({ length: 10 }, (_, k) => `body-${k * 3 + 1}`));
  assert.equal(store.maxOffsetInQueue('T', 1), 10);
  assert.equal(store.minOffsetInQueue('T', 1), 0);
  await store.shutdown();
});

test('a message is visible to get() once its put settles, and the arrival event follows', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  const arrived: number[] = [];
  store.onMessageArrived((a) => arrived.push(a.queueOffset));
  const r = ok(await store.put(testMessage('T', 0, 'x')));
  assert.equal(store.get('g', 'T', 0, r.queueOffset, 1, 1 << 20).status, 'FOUND');
  await Promise.resolve();
  assert.deepEqual(arrived, [0]);
  await store.shutdown();
});

test('a batch takes consecutive offsets and one placement per record', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  ok(await store.put(testMessage('B', 0, 'first')));
  const r = ok(await store.putBatch([testMessage('B', 0, 'a'), testMessage('B', 0, 'b'), testMessage('B', 0, 'c')]));
  assert.equal(r.queueOffset, 1);
  assert.equal(r.messageCount, 3);
  assert.equal(r.physicalOffsets.length, 3);
  assert.equal(store.maxOffsetInQueue('B', 0), 4);
  const mixed = await store.putBatch([testMessage('B', 0, 'a'), testMessage('B', 1, 'b')]);
  assert.equal(mixed.status, 'MESSAGE_ILLEGAL');
  await store.shutdown();
});

test('an oversized body is MESSAGE_ILLEGAL and takes no queue offset', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io, { maxMessageSize: 1024 });
  assert.equal((await store.put(testMessage('T', 0, Buffer.alloc(2000)))).status, 'MESSAGE_ILLEGAL');
  assert.equal(ok(await store.put(testMessage('T', 0, 'small'))).queueOffset, 0);
  await store.shutdown();
});

test('transaction half and rollback records take no queue offset', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  const half = ok(await store.put(testMessage('T', 0, 'half', { sysFlag: 0x4 })));
  assert.equal(half.queueOffset, 0);
  assert.equal(ok(await store.put(testMessage('T', 0, 'normal'))).queueOffset, 0);
  assert.equal(store.maxOffsetInQueue('T', 0), 1);
  assert.ok(store.readMessage(half.physicalOffset));
  await store.shutdown();
});

test('after a clean restart queues, offsets, index and reads are as before', async () => {
  const clock = new ManualClock(t0);
  const io = new MemoryFileIO(clock);
  let store = await openTestStore(io);
  for (let i = 0; i < 200; i++) {
    clock.advance(10);
    ok(await store.put(testMessage('R', i % 2, Buffer.alloc(2000, i), { properties: { KEYS: `k${i}`, UNIQ_KEY: `U${i}` } })));
  }
  const before = store.get('g', 'R', 0, 0, 32, 1 << 20);
  await store.shutdown();
  store = await openTestStore(io);
  assert.equal(store.recoveryReport?.droppedEntries, 0);
  assert.equal(store.recoveryReport?.rebuiltRecords, 0);
  assert.equal(store.maxOffsetInQueue('R', 0), 100);
  const after = store.get('g', 'R', 0, 0, 32, 1 << 20);
  assert.deepEqual(after.messages, before.messages);
  assert.equal(ok(await store.put(testMessage('R', 0, 'next'))).queueOffset, 100);
  const q = store.queryMessage('R', 'k7', 32, 0, Number.MAX_SAFE_INTEGER);
  assert.equal(q.messages.length, 1);
  assert.equal(decodeStoredMessage(q.messages[0]!).body[0], 7);
  assert.equal(store.queryMessage('R', 'U8', 32, 0, Number.MAX_SAFE_INTEGER).messages.length, 1);
  await store.shutdown();
});

test('offsets by time, earliest times and store time of an offset', async () => {
  const clock = new ManualClock(t0);
  const io = new MemoryFileIO(clock);
  const store = await openTestStore(io);
  for (let i = 0; i < 10; i++) {
    clock.set(t0 + i * 1000);
    ok(await store.put(testMessage('S', 0, `m${i}`)));
  }
  assert.equal(store.offsetInQueueByTime('S', 0, t0 + 3500), 4);
  assert.equal(store.offsetInQueueByTime('S', 0, t0 + 3000), 3);
  assert.equal(store.offsetInQueueByTime('S', 0, 0), 0);
  assert.equal(store.offsetInQueueByTime('S', 0, t0 + 99_000), 10);
  assert.equal(store.earliestMessageTime('S', 0), t0);
  assert.equal(store.messageStoreTime('S', 0, 6), t0 + 6000);
  assert.equal(store.messageStoreTime('S', 0, 60), -1);
  assert.equal(store.earliestMessageTimeInStore(), t0);
  await store.shutdown();
});

test('puts are refused after shutdown', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  await store.shutdown();
  assert.deepEqual(await store.put(testMessage('T', 0, 'late')), { status: 'SERVICE_NOT_AVAILABLE', reason: 'not running' });
});

test('deleteTopics removes the topic queues; the abort file exists only while running', async () => {
  const io = new MemoryFileIO(new ManualClock(t0));
  const store = await openTestStore(io);
  assert.equal(io.exists('/store/abort'), true);
  ok(await store.put(testMessage('Gone', 0, 'a')));
  ok(await store.put(testMessage('Kept', 0, 'b')));
  await store.flushConsumeQueues();
  assert.ok(io.exists('/store/consumequeue/Gone/0'));
  store.deleteTopics(['Gone']);
  assert.equal(io.exists('/store/consumequeue/Gone'), false);
  assert.equal(store.get('g', 'Gone', 0, 0, 1, 1 << 20).status, 'NO_MATCHED_LOGIC_QUEUE');
  assert.equal(store.maxOffsetInQueue('Kept', 0), 1);
  const info = store.runtimeInfo();
  assert.equal(info.putMessageTimesTotal, 2);
  assert.equal(info.commitLogMaxOffset, store.commitLogMaxOffset());
  assert.equal(info.diskFull, false);
  await store.shutdown();
  assert.equal(io.exists('/store/abort'), false);
});
