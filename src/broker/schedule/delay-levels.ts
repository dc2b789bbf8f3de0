// The delay levels of messageDelayLevel ("1s 5s 10s 30s 1m ... 2h": level n is the n-th
// duration, units s, m, h, d). Parsing is the store's (it computes the deliver time of each
// SCHEDULE_TOPIC_XXXX consume queue entry from the same text), so broker and store agree.
import { parseDelayLevels } from '../../store/store-config.js';

export class DelayLevels {
  /** Delay of each level in ms; index 0 is level 1. */
  private readonly delaysMs: readonly number[];

  private constructor(delaysMs: readonly number[]) {
    this.delaysMs = delaysMs;
  }

  /** Throws a ConfigError naming messageDelayLevel when `text` is not a list of durations. */
  static parse(text: string): DelayLevels {
    return new DelayLevels(parseDelayLevels(text));
  }

  /** The highest level (18 with the default text). */
  get maxLevel(): number {
    return this.delaysMs.length;
  }

  /** Levels 1..maxLevel, in order. */
  levels(): number[] {
    return this.delaysMs.map((_, i) => i + 1);
  }

  /** A requested level as RocketMQ applies it: above the max → the max; 0 or below → 0 (no delay). */
  clamp(level: number): number {
    if (!(level > 0)) return 0;
    return Math.min(Math.trunc(level), this.maxLevel);
  }

  /** Delay of a level in 1..maxLevel, in ms. */
  delayMs(level: number): number {
    const ms = this.delaysMs[level - 1];
    if (ms === undefined) throw new RangeError(`delay level ${level} is outside 1..${this.maxLevel}`);
    return ms;
  }

  /** SCHEDULE_TOPIC_XXXX queue id of a level: level − 1. */
  static queueIdOf(level: number): number {
    return level - 1;
  }

  /** Level of a SCHEDULE_TOPIC_XXXX queue id: queueId + 1. */
  static levelOf(queueId: number): number {
    return queueId + 1;
  }
}
