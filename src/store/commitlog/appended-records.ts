// What dispatch needs to know about each record, without re-parsing it: one reusable batch, in
// columns, filled by the append path (one batch per write call) and by scans of stored bytes.
// Listeners read it during the callback only; the commit log reuses it afterwards.
import type { DispatchHints } from './dispatch-hints.js';

export class AppendedRecords {
  count = 0;
  readonly physicalOffsets: number[] = [];
  readonly sizes: number[] = [];
  readonly topics: string[] = [];
  readonly queueIds: number[] = [];
  readonly queueOffsets: number[] = [];
  readonly storeTimestamps: number[] = [];
  readonly sysFlags: number[] = [];
  readonly tags: (string | undefined)[] = [];
  readonly keys: (string | undefined)[] = [];
  readonly uniqKeys: (string | undefined)[] = [];
  readonly delayLevels: number[] = [];

  push(
    physicalOffset: number,
    size: number,
    topic: string,
    queueId: number,
    queueOffset: number,
    storeTimestamp: number,
    sysFlag: number,
    hints: DispatchHints,
  ): void {
    const i = this.count++;
    this.physicalOffsets[i] = physicalOffset;
    this.sizes[i] = size;
    this.topics[i] = topic;
    this.queueIds[i] = queueId;
    this.queueOffsets[i] = queueOffset;
    this.storeTimestamps[i] = storeTimestamp;
    this.sysFlags[i] = sysFlag;
    this.tags[i] = hints.tags;
    this.keys[i] = hints.keys;
    this.uniqKeys[i] = hints.uniqKey;
    this.delayLevels[i] = hints.delayLevel;
  }

  /** Commit log offset just past the last record of the batch (0 when empty). */
  endOffset(): number {
    const last = this.count - 1;
    return last < 0 ? 0 : this.physicalOffsets[last]! + this.sizes[last]!;
  }

  clear(): void {
    this.count = 0;
  }
}
