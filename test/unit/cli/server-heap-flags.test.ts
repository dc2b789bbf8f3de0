// The V8 heap growth the server commands set (server-heap.ts): set by default, and left to the
// user when their node options name one, in either spelling V8 accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverHeapFlags, serverHeapGrowingPercent } from '../../../src/cli/server-heap.js';

test('without node options of their own, the server commands set the heap growth', () => {
  assert.deepEqual(serverHeapFlags([]), [`--heap-growing-percent=${serverHeapGrowingPercent}`]);
  assert.deepEqual(serverHeapFlags(['--enable-source-maps', '--max-old-space-size=4096']), [`--heap-growing-percent=${serverHeapGrowingPercent}`]);
});

test('a growth the user chose is kept', () => {
  for (const own of ['--heap-growing-percent=50', '--heap_growing_percent=50', '--heap-growing-percent']) {
    assert.deepEqual(serverHeapFlags(['--enable-source-maps', own]), [], own);
  }
});

test('a flag that only starts like the growth is not taken for it', () => {
  assert.deepEqual(serverHeapFlags(['--heap-growing-percentage=50']), [`--heap-growing-percent=${serverHeapGrowingPercent}`]);
});
