// What `rmq bench` counts: per operation (one send, one batch, one consumed message) its latency
// and how many messages it carried, in the current one-second window and in the whole run.
// takeWindow() closes the window for the live line and opens the next; the whole run stays in
// `total` for the summary. Time comes from an injected clock, so tests drive it by hand.
import { LatencyHistogram } from './latency-histogram.js';

export type Clock = () => number;

/** One closed window, or the whole run. Latencies in microseconds. */
export interface StatsSnapshot {
  /** Length of the window, ms. */
  elapsedMs: number;
  /** Messages done (sent and acknowledged, or consumed). */
  messages: number;
  /** Produce: messages whose send failed. Consume: background failures (pulls, offset commits). */
  failures: number;
  /** Operations measured (sends, batches, consumed messages). */
  operations: number;
  /** Messages per second over the window. */
  tps: number;
  avgUs: number;
  maxUs: number;
  p99Us: number;
}

/** The whole run: a snapshot plus the percentiles the summary prints. */
export interface RunSummary extends StatsSnapshot {
  minUs: number;
  p50Us: number;
  p90Us: number;
  p999Us: number;
}

export class BenchStats {
  readonly total = new LatencyHistogram();
  private readonly window = new LatencyHistogram();
  private readonly startedAtMs: number;
  private windowStartMs: number;
  private lastActivityMs: number;
  private windowMessages = 0;
  private windowFailed = 0;
  private totalMessages = 0;
  private totalFailed = 0;

  constructor(private readonly clock: Clock) {
    this.startedAtMs = clock();
    this.windowStartMs = this.startedAtMs;
    this.lastActivityMs = this.startedAtMs;
  }

  /** An operation that carried `messages` messages took `latencyUs`. */
  record(latencyUs: number, messages = 1): void {
    this.window.record(latencyUs);
    this.windowMessages += messages;
    this.lastActivityMs = this.clock();
  }

  /** Produce: a send carrying `count` messages failed. Consume: `count` background failures. */
  fail(count = 1): void {
    this.windowFailed += count;
    this.lastActivityMs = this.clock();
  }

  get messages(): number {
    return this.totalMessages + this.windowMessages;
  }

  get failures(): number {
    return this.totalFailed + this.windowFailed;
  }

  /** How long the open window has run, ms. */
  windowElapsedMs(): number {
    return this.clock() - this.windowStartMs;
  }

  /** Closes the current window: its figures, and the next window starts now. */
  takeWindow(): StatsSnapshot {
    const now = this.clock();
    const snapshot = snapshotOf(this.window, now - this.windowStartMs, this.windowMessages, this.windowFailed);
    this.total.add(this.window);
    this.totalMessages += this.windowMessages;
    this.totalFailed += this.windowFailed;
    this.window.reset();
    this.windowMessages = 0;
    this.windowFailed = 0;
    this.windowStartMs = now;
    return snapshot;
  }

  /**
   * The whole run, the open window included. Given the time the stop was asked for, the run ends
   * then or at the last operation that completed after it (sends in flight drain), not when the
   * clients have finished shutting down.
   */
  summary(stoppedAtMs?: number): RunSummary {
    const endMs = stoppedAtMs === undefined ? this.clock() : Math.max(stoppedAtMs, this.lastActivityMs);
    const all = new LatencyHistogram();
    all.add(this.total);
    all.add(this.window);
    return {
      ...snapshotOf(all, endMs - this.startedAtMs, this.messages, this.failures),
      minUs: all.minUs,
      p50Us: all.percentileUs(50),
      p90Us: all.percentileUs(90),
      p999Us: all.percentileUs(99.9),
    };
  }
}

function snapshotOf(h: LatencyHistogram, elapsedMs: number, messages: number, failures: number): StatsSnapshot {
  return {
    elapsedMs,
    messages,
    failures,
    operations: h.count,
    tps: elapsedMs > 0 ? (messages * 1000) / elapsedMs : 0,
    avgUs: h.meanUs,
    maxUs: h.maxUs,
    p99Us: h.percentileUs(99),
  };
}
