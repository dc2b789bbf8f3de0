// The auto-batch body pool: bodies of exactly the size asked for, pooled memory handed back out,
// bodies too big for it left to the GC, and a bounded number kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchBodyPool, pooledBodiesKeptMax, pooledBodyBytes } from '../../../../src/client/producer/batch-body-pool.js';

test('a body comes back out of the pool once given back, at the size asked for', () => {
  const pool = new BatchBodyPool();
  const first = pool.take(100);
  assert.equal(first.length, 100);
  pool.give(first);
  const second = pool.take(pooledBodyBytes);
  assert.equal(second.buffer, first.buffer);
  assert.equal(second.length, pooledBodyBytes);
  assert.notEqual(pool.take(10).buffer, first.buffer, 'taken again, not free');
});

test('a body bigger than a pooled one is its own buffer and is not kept', () => {
  const pool = new BatchBodyPool();
  const big = pool.take(pooledBodyBytes + 1);
  assert.equal(big.length, pooledBodyBytes + 1);
  pool.give(big);
  assert.notEqual(pool.take(10).buffer, big.buffer);
});

test('at most pooledBodiesKeptMax free bodies are kept', () => {
  const pool = new BatchBodyPool();
  const taken = Array.from({ length: pooledBodiesKeptMax + 1 }, () => pool.take(10));
  for (const body of taken) pool.give(body);
  const again = Array.from({ length: pooledBodiesKeptMax + 1 }, () => pool.take(10).buffer);
  const reused = again.filter((memory) => taken.some((body) => body.buffer === memory));
  assert.equal(reused.length, pooledBodiesKeptMax);
});
