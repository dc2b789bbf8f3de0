import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { decodeDispatchPoint, encodeDispatchPoint, readDispatchPoint, writeDispatchPoint, type DispatchPoint } from '../../../src/store/recovery/store-dispatch-checkpoint.js';
import { dropSegmentsAfterHole } from '../../../src/store/recovery/store-segment-gaps.js';

const point: DispatchPoint = {
  dispatchedOffset: 123_456,
  timestamp: 1_700_000_000_000,
  index: { fileName: '20231114221320000', beginTimestamp: 1, endTimestamp: 2, beginPhyOffset: 0, endPhyOffset: 123_000, indexCount: 42 },
};

test('a dispatch point round-trips through its file', async () => {
  const io = new MemoryFileIO();
  await writeDispatchPoint(io, '/s', point);
  assert.deepEqual(readDispatchPoint(io, '/s'), point);
  assert.deepEqual(decodeDispatchPoint(encodeDispatchPoint({ ...point, index: undefined })), { ...point, index: undefined });
});

test('a missing, cut or altered point reads as missing', () => {
  const bytes = encodeDispatchPoint(point);
  assert.equal(decodeDispatchPoint(undefined), undefined);
  assert.equal(decodeDispatchPoint(bytes.subarray(0, bytes.length - 12)), undefined);
  const altered = Buffer.from(bytes.toString().replace('123456', '123457'));
  assert.equal(decodeDispatchPoint(altered), undefined);
  for (let i = 0; i < bytes.length; i += 7) {
    const flipped = Buffer.from(bytes);
    flipped[i]! ^= 0x10;
    const decoded = decodeDispatchPoint(flipped);
    assert.ok(decoded === undefined || JSON.stringify(decoded) === JSON.stringify(point), `flip at ${i}`);
  }
});

test('segments after a hole left by a crash are deleted, a whole folder is left alone', () => {
  const io = new MemoryFileIO();
  for (const start of [0, 100, 300, 400]) io.open(`/seg/${String(start).padStart(20, '0')}`);
  const log = createLogger('test');
  assert.deepEqual(dropSegmentsAfterHole(io, '/seg', 100, log), ['00000000000000000300', '00000000000000000400']);
  assert.deepEqual(io.list('/seg'), ['00000000000000000000', '00000000000000000100']);
  assert.deepEqual(dropSegmentsAfterHole(io, '/seg', 100, log), []);
});
