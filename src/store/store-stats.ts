// Counters behind GET_BROKER_RUNTIME_INFO (RocketMQ's StoreStatsService): totals, and rates over
// the last 10 s, 1 min and 10 min from one sample per second kept in a ring.
const sampleIntervalMs = 1000;
const windowsS = [10, 60, 600] as const;
const ringSize = 601;

export type Rates = [number, number, number];

interface Sample {
  at: number;
  puts: number;
  getFound: number;
  getMiss: number;
  transferred: number;
}

export class StoreStats {
  readonly bootTimestamp: number;
  putTimesTotal = 0;
  putSizeTotal = 0;
  getFoundTotal = 0;
  getMissTotal = 0;
  transferredTotal = 0;
  private readonly ring: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number) {
    this.bootTimestamp = now();
    this.sample();
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), sampleIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private current(): Sample {
    return { at: this.now(), puts: this.putTimesTotal, getFound: this.getFoundTotal, getMiss: this.getMissTotal, transferred: this.transferredTotal };
  }

  private sample(): void {
    this.ring.push(this.current());
    if (this.ring.length > ringSize) this.ring.shift();
  }

  /** Per-second rate of a counter over each window (shorter history: what there is). */
  rates(pick: (s: Sample) => number): Rates {
    const now = this.current();
    const out: number[] = windowsS.map((w) => {
      const from = this.ring[Math.max(0, this.ring.length - w)]!;
      const seconds = (now.at - from.at) / 1000;
      return seconds > 0 ? (pick(now) - pick(from)) / seconds : 0;
    });
    return out as Rates;
  }
}
