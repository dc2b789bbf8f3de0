// poll()'s wait on the lite pull consumer's batch cache: a waiter is woken by the next batch, by
// its own deadline (not by an earlier waiter's or a later one's), by an abort of its signal (only
// the waiters of that signal) and by close(); a signal already aborted or a zero timeout does
// not wait at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { BatchCache, LiteQueue } from '../../../src/client/consumer/lite/lite-queue.js';

const queue = { topic: 'T', brokerName: 'b', queueId: 0 };

/** Resolves with the ms the promise took, or 'pending' if it has not settled after `withinMs`. */
async function settledWithin(promise: Promise<void>, withinMs: number): Promise<number | 'pending'> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), withinMs);
  });
  const outcome = await Promise.race([promise.then(() => performance.now() - started), pending]);
  clearTimeout(timer);
  return outcome;
}

test('a batch wakes every waiter at once', async () => {
  const cache = new BatchCache();
  const waits = [cache.wait(10_000, undefined), cache.wait(10_000, undefined)];
  cache.push({ entry: new LiteQueue(queue, 0), messages: [] });
  for (const w of waits) assert.notEqual(await settledWithin(w, 1_000), 'pending');
  cache.close();
});

test('each waiter ends at its own deadline', async () => {
  const cache = new BatchCache();
  const long = cache.wait(1_000, undefined);
  const short = cache.wait(20, undefined);
  const shortMs = await settledWithin(short, 2_000);
  assert.ok(typeof shortMs === 'number' && shortMs >= 15, `the short wait ended after ${shortMs} ms`);
  assert.equal(await settledWithin(long, 50), 'pending', 'the long wait outlives the short one');
  const later = cache.wait(10_000, undefined);
  const longMs = await settledWithin(long, 3_000);
  assert.ok(typeof longMs === 'number', 'the long wait ends at its deadline');
  assert.equal(await settledWithin(later, 50), 'pending', 'a wait with a later deadline is not woken by an earlier one');
  cache.close();
  assert.notEqual(await settledWithin(later, 1_000), 'pending', 'close() wakes it');
});

test('an abort wakes only the waiters of that signal, and aborted signals do not wait', async () => {
  const cache = new BatchCache();
  const a = new AbortController();
  const b = new AbortController();
  const waitA = cache.wait(10_000, a.signal);
  const waitB = cache.wait(10_000, b.signal);
  const waitA2 = cache.wait(10_000, a.signal);
  a.abort();
  assert.notEqual(await settledWithin(waitA, 1_000), 'pending');
  assert.notEqual(await settledWithin(waitA2, 1_000), 'pending');
  assert.equal(await settledWithin(waitB, 50), 'pending');
  assert.notEqual(await settledWithin(cache.wait(10_000, a.signal), 100), 'pending', 'an aborted signal returns at once');
  assert.notEqual(await settledWithin(cache.wait(0, undefined), 100), 'pending', 'a zero timeout returns at once');
  cache.close();
  assert.notEqual(await settledWithin(waitB, 1_000), 'pending');
});
