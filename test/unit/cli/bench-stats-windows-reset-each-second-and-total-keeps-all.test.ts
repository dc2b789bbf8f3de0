// BenchStats on a hand-driven clock: each window has its own TPS (over its real length),
// latencies and failures; the total keeps every window; the summary ends at the stop request or
// at the last operation that completed after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BenchStats } from '../../../src/cli/bench/bench-stats.js';

function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test('a window counts its own messages, operations and failures, with TPS over its real length', () => {
  const clock = manualClock();
  const stats = new BenchStats(clock.now);
  stats.record(1_000);
  stats.record(3_000, 4); // a batch of 4
  stats.fail(2);
  clock.advance(1_000);
  const first = stats.takeWindow();
  assert.deepEqual(
    { ...first },
    { elapsedMs: 1_000, messages: 5, failures: 2, operations: 2, tps: 5, avgUs: 2_000, maxUs: 3_000, p99Us: 3_000 },
  );

  stats.record(500);
  clock.advance(2_000); // a late tick: TPS over 2 s
  const second = stats.takeWindow();
  assert.equal(second.messages, 1);
  assert.equal(second.tps, 0.5);
  assert.equal(second.maxUs, 500, 'the first window\'s max does not leak');
  assert.equal(second.failures, 0);

  clock.advance(1_000);
  const empty = stats.takeWindow();
  assert.deepEqual([empty.messages, empty.tps, empty.avgUs, empty.p99Us], [0, 0, 0, 0]);
});

test('the summary covers every window and the open one', () => {
  const clock = manualClock();
  const stats = new BenchStats(clock.now);
  for (let i = 1; i <= 99; i++) stats.record(i);
  clock.advance(1_000);
  stats.takeWindow();
  stats.record(10_000);
  stats.fail();
  clock.advance(1_000);
  const s = stats.summary();
  assert.equal(s.messages, 100);
  assert.equal(s.failures, 1);
  assert.equal(s.operations, 100);
  assert.equal(s.elapsedMs, 2_000);
  assert.equal(s.tps, 50);
  assert.equal(s.minUs, 1);
  assert.equal(s.p50Us, 50);
  assert.equal(s.p90Us, 90);
  assert.equal(s.p99Us, 99);
  assert.equal(s.maxUs, 10_000);
  assert.equal(stats.messages, 100);
});

test('the summary ends at the stop request, or at the last operation completed after it', () => {
  const clock = manualClock();
  const stats = new BenchStats(clock.now);
  stats.record(100);
  clock.advance(2_000);
  const stoppedAt = clock.now();
  clock.advance(5_000); // the clients shut down: not part of the run
  assert.equal(stats.summary(stoppedAt).elapsedMs, 2_000);

  const draining = new BenchStats(clock.now);
  clock.advance(2_000);
  const stopAt = clock.now();
  clock.advance(300);
  draining.record(2_300_000); // a send in flight at the stop, answered 300 ms later
  clock.advance(5_000);
  assert.equal(draining.summary(stopAt).elapsedMs, 2_300);
});
