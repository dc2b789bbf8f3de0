// RocketMQ's StatsItem: a running total (`value`) and call count (`times`) with three rings of
// snapshots, one per 10 s (7 kept: the last minute), per 10 min (7: the last hour) and per hour
// (25: the last day). A window's figures compare its oldest snapshot with its newest:
//   sum = value difference, tps = sum per second between them, avgpt = sum per call.
// So figures move only when a snapshot is taken, as in RocketMQ, where mqadmin statsAll and the
// dashboard read them. Like RocketMQ, an item takes its first snapshots when it is created, each
// ring starting from a zero snapshot one period back, so the first calls show at once.

/** What one window of an item says (RocketMQ's StatsSnapshot). */
export interface StatsSnapshot {
  sum: number;
  tps: number;
  avgpt: number;
  /** Calls in the window. */
  times: number;
}

interface CallSnapshot {
  at: number;
  times: number;
  value: number;
}

export const statsSecondsPeriodMs = 10_000;
export const statsMinutesPeriodMs = 10 * 60_000;
export const statsHourPeriodMs = 60 * 60_000;

class SnapshotRing {
  private readonly snapshots: CallSnapshot[] = [];

  constructor(
    private readonly periodMs: number,
    private readonly kept: number,
  ) {}

  take(at: number, times: number, value: number): void {
    if (this.snapshots.length === 0) this.snapshots.push({ at: at - this.periodMs, times: 0, value: 0 });
    this.snapshots.push({ at, times, value });
    if (this.snapshots.length > this.kept) this.snapshots.shift();
  }

  figures(): StatsSnapshot {
    const first = this.snapshots[0];
    const last = this.snapshots.at(-1);
    if (first === undefined || last === undefined) return { sum: 0, tps: 0, avgpt: 0, times: 0 };
    const sum = last.value - first.value;
    const times = last.times - first.times;
    const elapsedMs = last.at - first.at;
    return { sum, tps: elapsedMs > 0 ? (sum * 1000) / elapsedMs : 0, avgpt: times > 0 ? sum / times : 0, times };
  }
}

export class StatsItem {
  private value = 0;
  private times = 0;
  private readonly minute = new SnapshotRing(statsSecondsPeriodMs, 7);
  private readonly hour = new SnapshotRing(statsMinutesPeriodMs, 7);
  private readonly day = new SnapshotRing(statsHourPeriodMs, 25);

  add(value: number, times: number): void {
    this.value += value;
    this.times += times;
  }

  /** Takes the first snapshot of every ring (RocketMQ does so when it creates an item). */
  sampleAll(at: number): void {
    this.sampleSeconds(at);
    this.sampleMinutes(at);
    this.sampleHour(at);
  }

  sampleSeconds(at: number): void {
    this.minute.take(at, this.times, this.value);
  }

  sampleMinutes(at: number): void {
    this.hour.take(at, this.times, this.value);
  }

  sampleHour(at: number): void {
    this.day.take(at, this.times, this.value);
  }

  inMinute(): StatsSnapshot {
    return this.minute.figures();
  }

  inHour(): StatsSnapshot {
    return this.hour.figures();
  }

  inDay(): StatsSnapshot {
    return this.day.figures();
  }
}
