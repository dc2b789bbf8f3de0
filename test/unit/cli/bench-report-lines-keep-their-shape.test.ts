// The live lines and the summary of `rmq bench` keep the shapes scripts read (bench-report.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveLine, summaryLines } from '../../../src/cli/bench/bench-report.js';
import type { RunSummary, StatsSnapshot } from '../../../src/cli/bench/bench-stats.js';

const window: StatsSnapshot = { elapsedMs: 1_000, messages: 12_345, failures: 2, operations: 12_345, tps: 12_345.4, avgUs: 1_234.4, maxUs: 9_871, p99Us: 4_102 };
const summary: RunSummary = { ...window, elapsedMs: 2_003, tps: 6_163.3, minUs: 210, p50Us: 1_100, p90Us: 2_000, p999Us: 7_000 };

test('live lines: elapsed seconds, TPS with separators, latencies in ms with 3 decimals', () => {
  assert.equal(liveLine('produce', 3.02, window), '[   3s] Send TPS: 12,345 | Avg RT: 1.234 ms | Max RT: 9.871 ms | p99 RT: 4.102 ms | Failed: 2');
  assert.equal(liveLine('consume', 12, window), '[  12s] Consume TPS: 12,345 | Avg B2C: 1.234 ms | Max B2C: 9.871 ms | p99 B2C: 4.102 ms');
});

test('summaries: title, totals with failures, TPS, latency percentiles', () => {
  assert.deepEqual(summaryLines('produce', 'topic T, sync', summary), [
    '=== produce summary: topic T, sync ===',
    'Messages: 12,345 sent, 2 failed, in 2.003 s',
    'TPS: 6,163',
    'RT (ms): avg 1.234 | min 0.210 | p50 1.100 | p90 2.000 | p99 4.102 | p99.9 7.000 | max 9.871',
  ]);
  assert.deepEqual(summaryLines('consume', 'topic T, group G', summary), [
    '=== consume summary: topic T, group G ===',
    'Messages: 12,345 consumed, 2 failures, in 2.003 s',
    'TPS: 6,163',
    'B2C latency (ms): avg 1.234 | min 0.210 | p50 1.100 | p90 2.000 | p99 4.102 | p99.9 7.000 | max 9.871',
  ]);
});
