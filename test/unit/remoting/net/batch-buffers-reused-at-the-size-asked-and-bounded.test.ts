// The process's shared batch buffers: one given back is handed out again when it is big enough,
// a bigger one is made when it is not, and only a bounded number of free ones is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchBytesInitial, freeBatchBuffersMax, giveBatchBuffer, takeBatchBuffer } from '../../../../src/remoting/net/batch-buffers.js';

test('a buffer given back is taken again when it has room for what is asked', () => {
  const first = takeBatchBuffer();
  assert.equal(first.length, batchBytesInitial);
  giveBatchBuffer(first);
  assert.equal(takeBatchBuffer(100), first);
});

test('asking for more than the free buffer holds makes a buffer of that size and leaves the free one', () => {
  const small = takeBatchBuffer();
  giveBatchBuffer(small);
  const big = takeBatchBuffer(batchBytesInitial + 1);
  assert.equal(big.length, batchBytesInitial + 1);
  assert.notEqual(big.buffer, small.buffer);
  assert.equal(takeBatchBuffer(), small);
});

test('at most freeBatchBuffersMax free buffers are kept', () => {
  const taken = Array.from({ length: freeBatchBuffersMax + 1 }, () => takeBatchBuffer());
  for (const buffer of taken) giveBatchBuffer(buffer);
  const again = Array.from({ length: freeBatchBuffersMax + 1 }, () => takeBatchBuffer());
  assert.equal(again.filter((buffer) => taken.includes(buffer)).length, freeBatchBuffersMax);
});
