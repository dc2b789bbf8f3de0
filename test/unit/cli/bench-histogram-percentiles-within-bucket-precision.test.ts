// The latency histogram of `rmq bench`: exact below 128 µs, within 1/64 of the true percentile
// above (checked against sorted values of seeded random samples), exact count, mean, min and max,
// clamping of out-of-range values, and merging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram, valueMaxUs } from '../../../src/cli/bench/latency-histogram.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

const relativeErrorMax = 1 / 64;
const percentiles = [0, 1, 10, 50, 90, 99, 99.9, 99.99, 100];

/** The value of rank ceil(p% of n) among the sorted values (at least rank 1). */
function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

test('values below 128 us each get their own bucket: percentiles are exact', () => {
  const h = new LatencyHistogram();
  for (let v = 1; v <= 100; v++) h.record(v);
  assert.equal(h.count, 100);
  assert.equal(h.percentileUs(50), 50);
  assert.equal(h.percentileUs(99), 99);
  assert.equal(h.percentileUs(100), 100);
  assert.equal(h.percentileUs(0), 1);
  assert.equal(h.minUs, 1);
  assert.equal(h.maxUs, 100);
  assert.equal(h.meanUs, 50.5);
});

test('percentiles of seeded random latencies (1 us .. 60 s, log-spread) are within 1/64 of the exact ones', () => {
  for (let round = 0; round < 5; round++) {
    const seed = (Date.now() + round * 7919) % 1_000_000;
    const random = new SeededRandom(seed);
    const h = new LatencyHistogram();
    const values: number[] = [];
    const count = 1 + random.int(20_000);
    for (let i = 0; i < count; i++) {
      const v = Math.floor(Math.exp(random.float() * Math.log(60_000_000)));
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const p of percentiles) {
      const exact = exactPercentile(values, p);
      const got = h.percentileUs(p);
      assert.ok(got >= exact && got <= exact * (1 + relativeErrorMax) + 1, `seed ${seed}, p${p}: got ${got}, exact ${exact}`);
      assert.ok(got <= h.maxUs, `seed ${seed}, p${p} above the max`);
    }
    assert.equal(h.maxUs, values.at(-1), `seed ${seed}`);
    assert.equal(h.minUs, values[0], `seed ${seed}`);
    assert.equal(h.count, count, `seed ${seed}`);
    assert.ok(Math.abs(h.meanUs - values.reduce((a, b) => a + b, 0) / count) < 1e-6 * h.meanUs + 1e-9, `seed ${seed}: exact mean`);
  }
});

test('an empty histogram answers 0 everywhere', () => {
  const h = new LatencyHistogram();
  assert.deepEqual([h.count, h.meanUs, h.minUs, h.maxUs, h.percentileUs(50), h.percentileUs(100)], [0, 0, 0, 0, 0, 0]);
});

test('negative values count as 0, fractions are cut, huge values are clamped to valueMaxUs', () => {
  const h = new LatencyHistogram();
  h.record(-5);
  h.record(7.9);
  h.record(Number.MAX_SAFE_INTEGER);
  assert.equal(h.minUs, 0);
  assert.equal(h.percentileUs(50), 7);
  assert.equal(h.maxUs, valueMaxUs);
  assert.equal(h.percentileUs(100), valueMaxUs);
});

test('add merges counts, sum, min and max; reset empties', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  for (let v = 1; v <= 50; v++) a.record(v);
  for (let v = 51; v <= 100; v++) b.record(v);
  a.add(b);
  assert.equal(a.count, 100);
  assert.equal(a.percentileUs(50), 50);
  assert.equal(a.percentileUs(100), 100);
  assert.equal(a.minUs, 1);
  assert.equal(a.meanUs, 50.5);
  a.add(new LatencyHistogram());
  assert.equal(a.minUs, 1, 'merging an empty histogram keeps the min');
  a.reset();
  assert.deepEqual([a.count, a.maxUs, a.percentileUs(99)], [0, 0, 0]);
});
