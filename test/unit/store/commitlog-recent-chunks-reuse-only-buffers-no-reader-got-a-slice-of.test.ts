import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentChunks, type Chunk } from '../../../src/store/commitlog/recent-chunks.js';

const bufferBytes = 1024;
const cacheBytes = 2048;

/** Opens a chunk at `base`, fills `size` bytes of it with `fill` and seals it. */
function writeChunk(chunks: RecentChunks, base: number, size: number, fill: number): Chunk {
  const chunk = chunks.open(base, size);
  chunk.buffer.fill(fill, 0, size);
  chunk.length = size;
  chunk.written = size;
  chunks.seal(chunk);
  return chunk;
}

test('write buffers whose chunks left the cache unread are reused instead of allocated', () => {
  const chunks = new RecentChunks(bufferBytes, cacheBytes);
  const seen = new Set<ArrayBufferLike>();
  let reusedBuffer = false;
  for (let i = 0; i < 40; i++) {
    const chunk = writeChunk(chunks, i * bufferBytes, bufferBytes, i);
    if (seen.has(chunk.buffer.buffer)) reusedBuffer = true;
    seen.add(chunk.buffer.buffer);
  }
  assert.ok(reusedBuffer, 'a later chunk lives in the memory of an evicted one');
  // Two buffers cached, the current one, and at most two spares: never one per chunk.
  assert.ok(chunks.stats.allocated <= 5, `allocated ${chunks.stats.allocated} buffers for 40 chunks`);
  assert.equal(chunks.stats.allocated + chunks.stats.reused, 40);
});

test('a write buffer a reader got a slice of is never written again', () => {
  const chunks = new RecentChunks(bufferBytes, cacheBytes);
  const held: { slice: Buffer; fill: number }[] = [];
  const lentMemory = new Set<ArrayBufferLike>();
  for (let i = 0; i < 60; i++) {
    const fill = i % 251;
    const chunk = writeChunk(chunks, i * bufferBytes, bufferBytes, fill);
    assert.ok(!lentMemory.has(chunk.buffer.buffer), `chunk ${i} was placed in memory a reader holds`);
    if (i % 3 === 0) {
      const slice = chunks.slice(i * bufferBytes + 10, 100);
      assert.ok(slice !== undefined, `chunk ${i} is cached right after its write`);
      held.push({ slice, fill });
      lentMemory.add(slice.buffer);
    }
  }
  for (const { slice, fill } of held) assert.ok(slice.every((b) => b === fill), 'a held slice keeps its bytes');
  assert.ok(chunks.stats.reused > 0, 'buffers nobody read from were still reused');
});

test('slices only cover whole cached ranges, and an open chunk is readable before its seal', () => {
  const chunks = new RecentChunks(bufferBytes, cacheBytes);
  writeChunk(chunks, 0, 600, 1);
  const open = chunks.open(600, 300);
  open.buffer.fill(2, 0, 300);
  open.length = 300;
  assert.deepEqual(chunks.slice(600, 300), Buffer.alloc(300, 2));
  assert.equal(chunks.slice(590, 20), undefined, 'a range across two chunks is not one slice');
  assert.equal(chunks.slice(800, 200), undefined, 'a range past the appended bytes is not cached');
});
