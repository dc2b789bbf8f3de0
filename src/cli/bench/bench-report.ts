// The lines `rmq bench` prints: one live line per second and a summary at the end. The shapes
// are fixed so that scripts (and the e2e test) can read them:
//   [   3s] Send TPS: 12,345 | Avg RT: 1.234 ms | Max RT: 9.871 ms | p99 RT: 4.102 ms | Failed: 0
//   [   3s] Consume TPS: 12,345 | Avg B2C: 1.234 ms | Max B2C: 9.871 ms | p99 B2C: 4.102 ms
//   === produce summary: topic BenchmarkTest, sync, 64 in flight, 128 B bodies ===
//   Messages: 24,690 sent, 0 failed, in 2.003 s
//   TPS: 12,326
//   RT (ms): avg 1.234 | min 0.210 | p50 1.100 | p90 2.000 | p99 4.102 | p99.9 7.000 | max 9.871
// Consume reports the end-to-end latency from each message's born timestamp (B2C), which has
// the producer's millisecond resolution.
import type { RunSummary, StatsSnapshot } from './bench-stats.js';

export type BenchKind = 'produce' | 'consume';

const usPerMs = 1000;

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatMs(us: number): string {
  return (us / usPerMs).toFixed(3);
}

export function liveLine(kind: BenchKind, elapsedSec: number, w: StatsSnapshot): string {
  const at = `[${String(Math.round(elapsedSec)).padStart(4)}s]`;
  if (kind === 'produce') {
    return `${at} Send TPS: ${formatCount(w.tps)} | Avg RT: ${formatMs(w.avgUs)} ms | Max RT: ${formatMs(w.maxUs)} ms | p99 RT: ${formatMs(w.p99Us)} ms | Failed: ${formatCount(w.failures)}`;
  }
  return `${at} Consume TPS: ${formatCount(w.tps)} | Avg B2C: ${formatMs(w.avgUs)} ms | Max B2C: ${formatMs(w.maxUs)} ms | p99 B2C: ${formatMs(w.p99Us)} ms`;
}

/** `title` describes the run (topic, mode, concurrency). */
export function summaryLines(kind: BenchKind, title: string, s: RunSummary): string[] {
  const secs = (s.elapsedMs / 1000).toFixed(3);
  const latency = `avg ${formatMs(s.avgUs)} | min ${formatMs(s.minUs)} | p50 ${formatMs(s.p50Us)} | p90 ${formatMs(s.p90Us)} | p99 ${formatMs(s.p99Us)} | p99.9 ${formatMs(s.p999Us)} | max ${formatMs(s.maxUs)}`;
  if (kind === 'produce') {
    return [
      `=== produce summary: ${title} ===`,
      `Messages: ${formatCount(s.messages)} sent, ${formatCount(s.failures)} failed, in ${secs} s`,
      `TPS: ${formatCount(s.tps)}`,
      `RT (ms): ${latency}`,
    ];
  }
  return [
    `=== consume summary: ${title} ===`,
    `Messages: ${formatCount(s.messages)} consumed, ${formatCount(s.failures)} failures, in ${secs} s`,
    `TPS: ${formatCount(s.tps)}`,
    `B2C latency (ms): ${latency}`,
  ];
}
