import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { CommitLog, type CommitLogMessage } from '../../../src/store/commitlog/commit-log.js';
import { CommitLogFlusher } from '../../../src/store/flush/commit-log-flusher.js';
import type { SyncPoint } from '../../../src/store/commitlog/commit-log.js';

const storeHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };
const dir = '/store/commitlog';
const turn = () => new Promise((r) => setImmediate(r));

function msg(i: number): CommitLogMessage {
  return {
    topic: 'T',
    queueId: 0,
    flag: 0,
    body: Buffer.alloc(200, i & 0xff),
    properties: '',
    sysFlag: 0,
    bornTimestamp: i,
    bornHost: storeHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    dispatch: { tags: undefined, keys: undefined, uniqKey: undefined, delayLevel: 0 },
  };
}

function setup(io: MemoryFileIO): CommitLog {
  const log = new CommitLog(io, { dir, segmentSizeBytes: 256 * 1024, maxMessageSizeBytes: 8 * 1024, storeHost });
  log.openAt(0, false);
  return log;
}

test('SYNC_FLUSH: 256 puts of one turn share one fdatasync and are durable when they resolve', async () => {
  const io = new MemoryFileIO();
  const log = setup(io);
  const flusher = new CommitLogFlusher(log, { flushDiskType: 'SYNC_FLUSH' });
  const waits = Array.from({ length: 256 }, (_, i) => {
    const r = log.append(msg(i), i);
    return flusher.waitFor(r.physicalOffset + r.size);
  });
  assert.deepEqual(new Set(await Promise.all(waits)), new Set(['PUT_OK']));
  assert.equal(flusher.stats.syncs, 1);
  const durable = io.durableBytes(`${dir}/00000000000000000000`)!;
  assert.deepEqual(durable.subarray(0, log.maxOffset()), log.read(0, log.maxOffset()));
  assert.equal(flusher.flushedOffset(), log.maxOffset());
  await flusher.close();
});

test('SYNC_FLUSH: puts arriving while a sync runs wait for the next one, which covers them all', async () => {
  const io = new MemoryFileIO();
  const log = setup(io);
  const flusher = new CommitLogFlusher(log, { flushDiskType: 'SYNC_FLUSH' });
  io.holdSyncs();
  const settled: string[] = [];
  const put = (i: number) => {
    const r = log.append(msg(i), i);
    void flusher.waitFor(r.physicalOffset + r.size).then((s) => settled.push(`${i}:${s}`));
  };
  put(0);
  await turn(); // written; the first sync starts and is held
  put(1);
  put(2);
  await turn();
  put(3);
  await turn();
  assert.deepEqual(settled, []);
  io.releaseSyncs();
  io.holdSyncs();
  await turn();
  await turn();
  assert.deepEqual(settled, ['0:PUT_OK'], 'the first sync covered only what was written before it');
  io.releaseSyncs();
  await flusher.flushAll();
  await turn();
  assert.deepEqual(settled, ['0:PUT_OK', '1:PUT_OK', '2:PUT_OK', '3:PUT_OK']);
  assert.equal(flusher.stats.syncs, 2, 'puts 1..3 shared one sync');
  await flusher.close();
});

test('SYNC_FLUSH: a sync that does not finish in time gives FLUSH_DISK_TIMEOUT, and the record stays stored', async () => {
  const io = new MemoryFileIO();
  const log = setup(io);
  const flusher = new CommitLogFlusher(log, { flushDiskType: 'SYNC_FLUSH', syncFlushTimeoutMs: 30 });
  io.holdSyncs();
  const r = log.append(msg(1), 0);
  assert.equal(await flusher.waitFor(r.physicalOffset + r.size), 'FLUSH_DISK_TIMEOUT');
  assert.equal(flusher.stats.timeouts, 1);
  assert.ok(log.readRecord(r.physicalOffset));
  io.releaseSyncs();
  assert.equal(await flusher.close(), 'PUT_OK');
});

test('ASYNC_FLUSH: the interval flushes what was written and reports the sync point', async () => {
  const io = new MemoryFileIO();
  const log = setup(io);
  let resolveFlushed!: (p: SyncPoint) => void;
  const flushed = new Promise<SyncPoint>((r) => (resolveFlushed = r));
  const flusher = new CommitLogFlusher(log, { flushDiskType: 'ASYNC_FLUSH', flushIntervalMs: 5, onFlushed: (p) => resolveFlushed(p) });
  for (let i = 0; i < 10; i++) log.append(msg(i), i);
  const keepAlive = setInterval(() => {}, 1000); // the flush interval is unref'd by design
  const point = await flushed;
  clearInterval(keepAlive);
  assert.equal(point.offset, log.maxOffset());
  assert.equal(point.storeTimestamp, log.lastAppendedStoreTimestamp());
  assert.equal(flusher.flushedStoreTimestamp(), point.storeTimestamp);
  assert.deepEqual(io.durableBytes(`${dir}/00000000000000000000`)!.subarray(0, log.maxOffset()), log.read(0, log.maxOffset()));
  await flusher.close();
});

test('waiting for an offset already flushed settles at once', async () => {
  const log = setup(new MemoryFileIO());
  const flusher = new CommitLogFlusher(log, { flushDiskType: 'ASYNC_FLUSH' });
  assert.equal(await flusher.waitFor(0), 'PUT_OK');
  const r = log.append(msg(0), 0);
  assert.equal(await flusher.close(), 'PUT_OK');
  assert.equal(flusher.flushedOffset(), r.physicalOffset + r.size);
});
