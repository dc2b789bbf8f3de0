import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommitLog, type CommitLogMessage } from '../../../src/store/commitlog/commit-log.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

const turn = () => new Promise((r) => setImmediate(r));

function message(rng: SeededRandom, i: number): CommitLogMessage {
  return {
    topic: 'Cached',
    queueId: i % 3,
    flag: 0,
    body: Buffer.alloc(rng.int(3000), i & 0xff),
    properties: `UNIQ_KEY\u0001U${i}`,
    sysFlag: 0,
    bornTimestamp: 1000 + i,
    bornHost: { address: Uint8Array.from([10, 0, 0, 2]), port: 4000 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    dispatch: { tags: undefined, keys: undefined, uniqKey: `U${i}`, delayLevel: 0 },
  };
}

const storeHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };

interface AppendedRecord {
  offset: number;
  /** What a read of the record must give back. */
  bytes: Buffer;
}

/** Appends message `i` with queue offset `i`. */
function appendMessage(log: CommitLog, rng: SeededRandom, clock: ManualClock, i: number): AppendedRecord {
  const m = message(rng, i);
  const r = log.append(m, i);
  return { offset: r.physicalOffset, bytes: encodeStoredMessage(m, { queueOffset: i, physicalOffset: r.physicalOffset, storeTimestamp: clock.now(), storeHost }) };
}

/** An open commit log with 8 KiB write buffers and a 16 KiB read cache. */
function cachedLog(clock: ManualClock, segmentSizeBytes: number): CommitLog {
  const log = new CommitLog(new MemoryFileIO(), {
    dir: '/cache/commitlog',
    segmentSizeBytes,
    maxMessageSizeBytes: 4 * 1024,
    storeHost,
    clock,
    writeBufferSizeBytes: 8 * 1024,
    readCacheBytes: 16 * 1024,
  });
  log.openAt(0, false);
  return log;
}

test('commit log reads equal the appended records whether they come from the recent-bytes cache or the files', async () => {
  const seed = Date.now() >>> 0;
  const rng = new SeededRandom(seed);
  const clock = new ManualClock(5000);
  const log = cachedLog(clock, 32 * 1024);
  const records: AppendedRecord[] = [];
  for (let round = 0; round < 60; round++) {
    const count = 1 + rng.int(20);
    for (let k = 0; k < count; k++) records.push(appendMessage(log, rng, clock, records.length));
    if (rng.chance(0.7)) await turn();
    for (let probe = 0; probe < 10; probe++) {
      const pick = records[records.length - 1 - rng.int(Math.min(records.length, 40))]!;
      assert.deepEqual(log.read(pick.offset, pick.bytes.length), pick.bytes, `record at ${pick.offset} (seed ${seed})`);
      assert.deepEqual(log.readRecord(pick.offset), pick.bytes, `readRecord at ${pick.offset} (seed ${seed})`);
    }
  }
  await turn();
  for (const r of records) assert.deepEqual(log.read(r.offset, r.bytes.length), r.bytes, `record at ${r.offset} (seed ${seed})`);
});

test('records read from the cache keep their bytes while appends go on far past the cache (write buffers are reused)', async () => {
  const seed = Date.now() >>> 0;
  const rng = new SeededRandom(seed);
  const clock = new ManualClock(5000);
  const log = cachedLog(clock, 64 * 1024);
  const records: AppendedRecord[] = [];
  const held: { index: number; bytes: Buffer }[] = [];
  for (let i = 0; i < 2000; i++) {
    const r = appendMessage(log, rng, clock, i);
    records.push(r);
    // Long stretches without reads let buffers be reused; a read now and then lends one.
    if (i % 250 === 0) held.push({ index: i, bytes: log.read(r.offset, r.bytes.length)! });
    if (i % 16 === 0) await turn();
  }
  await turn();
  for (const { index, bytes } of held) assert.deepEqual(bytes, records[index]!.bytes, `held read of record ${index} (seed ${seed})`);
  for (const r of records) assert.deepEqual(log.read(r.offset, r.bytes.length), r.bytes, `record at ${r.offset} (seed ${seed})`);
  log.close();
});
