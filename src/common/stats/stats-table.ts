// Named sets of stats items (RocketMQ's StatsItemSet per name) and the timers that snapshot
// them: every 10 s, 10 min and hour, as RocketMQ's StatsItem schedules itself. An item is made
// by the first value added under its key and snapshotted at once after it (see stats-item.ts).
import { StatsItem, statsHourPeriodMs, statsMinutesPeriodMs, statsSecondsPeriodMs } from './stats-item.js';

/** RocketMQ's key of a group's stats on a topic ("topic@group"), on brokers and consumers alike. */
export function topicGroupStatsKey(topic: string, group: string): string {
  return `${topic}@${group}`;
}

export class StatsTable<Name extends string> {
  private readonly sets = new Map<Name, Map<string, StatsItem>>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    names: readonly Name[],
    private readonly now: () => number = Date.now,
  ) {
    for (const name of names) this.sets.set(name, new Map());
  }

  add(name: Name, key: string, value: number, times: number): void {
    const set = this.sets.get(name)!;
    const item = set.get(key);
    if (item !== undefined) {
      item.add(value, times);
      return;
    }
    const created = new StatsItem();
    created.add(value, times);
    created.sampleAll(this.now());
    set.set(key, created);
  }

  /** The item of `key` in the set `name`; undefined for an unknown name or a key with no value yet. */
  item(name: string, key: string): StatsItem | undefined {
    return this.sets.get(name as Name)?.get(key);
  }

  /** Drops the items whose key matches (a deleted topic's or group's). */
  removeKeys(matches: (key: string) => boolean): void {
    for (const set of this.sets.values()) for (const key of set.keys()) if (matches(key)) set.delete(key);
  }

  start(): void {
    if (this.timers.length > 0) return;
    const every = (periodMs: number, sample: (item: StatsItem, at: number) => void): void => {
      const timer = setInterval(() => {
        const at = this.now();
        for (const set of this.sets.values()) for (const item of set.values()) sample(item, at);
      }, periodMs);
      timer.unref();
      this.timers.push(timer);
    };
    every(statsSecondsPeriodMs, (item, at) => item.sampleSeconds(at));
    every(statsMinutesPeriodMs, (item, at) => item.sampleMinutes(at));
    every(statsHourPeriodMs, (item, at) => item.sampleHour(at));
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }
}
