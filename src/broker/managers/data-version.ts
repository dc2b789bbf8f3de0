// A manager's DataVersion (common/DataVersion.java): the time of the last change and a counter
// bumped on every change. The NameServer re-reads a broker's topics only when the version it
// registers differs from the last one, so every topic change must bump it.
import type { DataVersion } from '../../remoting/protocol/bodies/data-version.js';

export class DataVersionCounter {
  private timestamp: number;
  private counter = 0;

  constructor(private readonly now: () => number) {
    this.timestamp = now();
  }

  /** A change happened. */
  next(): void {
    this.timestamp = this.now();
    this.counter++;
  }

  /** Continue from a version read from disk. */
  assign(version: DataVersion): void {
    this.timestamp = version.timestamp;
    this.counter = version.counter;
  }

  snapshot(): DataVersion {
    return { timestamp: this.timestamp, counter: this.counter };
  }
}
