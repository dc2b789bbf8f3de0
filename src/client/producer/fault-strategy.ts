// Latency-based fault avoidance (RocketMQ's MQFaultStrategy + LatencyFaultToleranceImpl).
// After each send the broker's latency is recorded; a latency of at least latencyMaxMs[i] makes
// the broker unavailable for notAvailableDurationMs[i] (the largest i that applies). A failed
// send counts as a latency of isolationLatencyMs, i.e. the last step: 600 s with the defaults.
// Queue choice: the next queue in round robin whose broker is available (and, unlike RocketMQ,
// not the broker that just failed while another available one exists); if none is available,
// the least bad broker (available first, then lower latency, then sooner available; rotating
// over the better half); failing that, plain round robin away from the last broker.
import { ConfigError } from '../../common/errors.js';
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { TopicPublishInfo } from '../instance/topic-publish-info.js';

export const latencyMaxMsDefault: readonly number[] = [50, 100, 550, 1_000, 2_000, 3_000, 15_000];
export const notAvailableDurationMsDefault: readonly number[] = [0, 0, 30_000, 60_000, 120_000, 180_000, 600_000];
/** The latency a failed send counts as (RocketMQ: `isolation ? 30000 : currentLatency`). */
export const isolationLatencyMs = 30_000;

interface FaultItem {
  readonly name: string;
  latencyMs: number;
  /** The broker is available again from this time on. */
  availableFrom: number;
}

/** Per-broker latency records (LatencyFaultToleranceImpl). */
export class LatencyFaultTolerance {
  private readonly items = new Map<string, FaultItem>();
  private worstIndex = 0;

  constructor(private readonly now: () => number) {}

  update(name: string, latencyMs: number, notAvailableMs: number): void {
    const availableFrom = this.now() + notAvailableMs;
    const item = this.items.get(name);
    if (item === undefined) this.items.set(name, { name, latencyMs, availableFrom });
    else {
      item.latencyMs = latencyMs;
      item.availableFrom = availableFrom;
    }
  }

  isAvailable(name: string): boolean {
    const item = this.items.get(name);
    return item === undefined || this.now() >= item.availableFrom;
  }

  remove(name: string): void {
    this.items.delete(name);
  }

  /** A broker to try when none is available: rotates over the better half of the recorded ones. */
  pickOneAtLeast(): string | undefined {
    const now = this.now();
    const sorted = [...this.items.values()].sort((a, b) => {
      const aOk = now >= a.availableFrom;
      const bOk = now >= b.availableFrom;
      if (aOk !== bOk) return aOk ? -1 : 1;
      return a.latencyMs - b.latencyMs || a.availableFrom - b.availableFrom;
    });
    if (sorted.length === 0) return undefined;
    const half = Math.floor(sorted.length / 2);
    if (half === 0) return sorted[0]!.name;
    this.worstIndex = (this.worstIndex + 1) & 0x7fffffff;
    return sorted[this.worstIndex % half]!.name;
  }
}

export interface FaultStrategyOptions {
  enabled: boolean;
  latencyMaxMs?: readonly number[];
  notAvailableDurationMs?: readonly number[];
  now?: () => number;
}

export class FaultStrategy {
  readonly enabled: boolean;
  private readonly latencyMaxMs: readonly number[];
  private readonly notAvailableDurationMs: readonly number[];
  private readonly tolerance: LatencyFaultTolerance;

  constructor(options: FaultStrategyOptions) {
    this.enabled = options.enabled;
    this.latencyMaxMs = options.latencyMaxMs ?? latencyMaxMsDefault;
    this.notAvailableDurationMs = options.notAvailableDurationMs ?? notAvailableDurationMsDefault;
    if (this.latencyMaxMs.length !== this.notAvailableDurationMs.length) {
      throw new ConfigError('latencyMaxMs and notAvailableDurationMs must have the same length', 'latencyMaxMs');
    }
    if (this.latencyMaxMs.some((v, i) => i > 0 && v < this.latencyMaxMs[i - 1]!)) {
      throw new ConfigError('latencyMaxMs must be ascending', 'latencyMaxMs');
    }
    this.tolerance = new LatencyFaultTolerance(options.now ?? Date.now);
  }

  /** The queue for the next attempt; `lastBrokerName` is the broker the previous attempt used. */
  selectQueue(info: TopicPublishInfo, lastBrokerName?: string): MessageQueue {
    if (!this.enabled) return info.selectOne(lastBrokerName);
    let fallback: MessageQueue | undefined;
    for (let i = 0; i < info.queues.length; i++) {
      const mq = info.queues[info.nextPosition()]!;
      if (!this.tolerance.isAvailable(mq.brokerName)) continue;
      if (mq.brokerName !== lastBrokerName) return mq;
      fallback ??= mq;
    }
    if (fallback !== undefined) return fallback;
    const notBest = this.tolerance.pickOneAtLeast();
    if (notBest !== undefined) {
      const writeQueueNums = info.writeQueueNumsOf(notBest);
      if (writeQueueNums > 0) return { topic: info.topic, brokerName: notBest, queueId: info.nextPosition() % writeQueueNums };
      this.tolerance.remove(notBest);
    }
    return info.selectOne(lastBrokerName);
  }

  /** Records a send's latency; `failed` counts it as isolationLatencyMs. */
  update(brokerName: string, latencyMs: number, failed: boolean): void {
    if (!this.enabled) return;
    const counted = failed ? isolationLatencyMs : latencyMs;
    this.tolerance.update(brokerName, latencyMs, this.notAvailableMsFor(counted));
  }

  isAvailable(brokerName: string): boolean {
    return this.tolerance.isAvailable(brokerName);
  }

  /** notAvailableDurationMs[i] for the largest i with latencyMs >= latencyMaxMs[i], else 0. */
  notAvailableMsFor(latencyMs: number): number {
    for (let i = this.latencyMaxMs.length - 1; i >= 0; i--) {
      if (latencyMs >= this.latencyMaxMs[i]!) return this.notAvailableDurationMs[i]!;
    }
    return 0;
  }
}
