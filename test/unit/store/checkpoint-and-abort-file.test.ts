import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { CheckpointWriter, checkpointPath, decodeCheckpoint, encodeCheckpoint, readCheckpoint } from '../../../src/store/checkpoint/store-checkpoint.js';
import { AbortFile } from '../../../src/store/checkpoint/abort-file.js';

const root = '/store';
const cp = { physicMsgTimestamp: 1_700_000_000_001, logicsMsgTimestamp: 1_700_000_000_002, indexMsgTimestamp: 3, physicFlushedOffset: 2 ** 40 + 5 };

test('the checkpoint is one 4 KiB page with RocketMQ timestamps at 0, 8 and 16', () => {
  const page = encodeCheckpoint(cp);
  assert.equal(page.length, 4096);
  assert.equal(page.readBigInt64BE(0), 1_700_000_000_001n);
  assert.equal(page.readBigInt64BE(8), 1_700_000_000_002n);
  assert.equal(page.readBigInt64BE(16), 3n);
  assert.equal(page.readBigInt64BE(24), BigInt(2 ** 40 + 5));
  assert.deepEqual(decodeCheckpoint(page), cp);
});

test('a damaged checkpoint reads as none; a RocketMQ checkpoint gives timestamps without an offset', () => {
  const page = encodeCheckpoint(cp);
  for (const at of [0, 20, 27, 2000, 4095]) {
    const bad = Buffer.from(page);
    bad[at]! ^= 0x10;
    assert.equal(decodeCheckpoint(bad), undefined, `flip at ${at}`);
  }
  const badMagic = Buffer.from(page);
  badMagic[33]! ^= 0x10;
  assert.equal(decodeCheckpoint(badMagic)?.physicFlushedOffset, undefined, 'without our magic no offset is trusted');
  assert.equal(decodeCheckpoint(undefined), undefined);
  assert.equal(decodeCheckpoint(page.subarray(0, 10)), undefined);
  const rocketmq = Buffer.alloc(4096);
  rocketmq.writeBigInt64BE(7n, 0);
  rocketmq.writeBigInt64BE(8n, 8);
  rocketmq.writeBigInt64BE(9n, 16);
  assert.deepEqual(decodeCheckpoint(rocketmq), { physicMsgTimestamp: 7, logicsMsgTimestamp: 8, indexMsgTimestamp: 9, physicFlushedOffset: undefined });
});

test('the writer persists the latest values atomically and skips unchanged writes', async () => {
  const io = new MemoryFileIO();
  const writer = new CheckpointWriter(io, root, undefined);
  writer.update({ physicMsgTimestamp: 5, physicFlushedOffset: 100 });
  const first = writer.write();
  writer.update({ physicMsgTimestamp: 6, physicFlushedOffset: 200 });
  const second = writer.write();
  await Promise.all([first, second]);
  assert.deepEqual(readCheckpoint(io, root), { physicMsgTimestamp: 6, logicsMsgTimestamp: 0, indexMsgTimestamp: 0, physicFlushedOffset: 200 });
  const after = io.crash(1);
  assert.equal(readCheckpoint(after, root)?.physicFlushedOffset, 200, 'durable once write() resolved');
  assert.ok(after.exists(checkpointPath(root)));
});

test('the abort file tells a crash from a clean shutdown', async () => {
  const io = new MemoryFileIO();
  const abort = new AbortFile(io, root);
  assert.equal(abort.present(), false);
  await abort.create();
  assert.equal(new AbortFile(io.crash(3), root).present(), true, 'survives a crash once created');
  const io2 = new MemoryFileIO();
  const abort2 = new AbortFile(io2, root);
  await abort2.create();
  await abort2.remove();
  assert.equal(new AbortFile(io2.crash(4), root).present(), false);
});
