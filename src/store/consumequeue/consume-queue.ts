// One consume queue: <root>/consumequeue/<topic>/<queueId>/<20-digit byte offset>, segments of
// mappedFileSizeConsumeQueue bytes holding 20-byte entries (cq-entry.ts). Entry n (the message
// with queue offset n) lies at byte n × 20 of the queue's segment space.
//
// Appends collect in a buffer that `drain` writes with one call per segment, so dispatching a
// message costs no system call; reads see buffered entries too. `minOffset` is the first entry
// whose message is still in the commit log; `maxOffset` the next queue offset to be written.
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { FileIO } from '../io/file-io.js';
import { SegmentedFile } from '../segments/segmented-file.js';
import { cqEntryOffset, cqEntrySize, cqEntrySizeBytes, setCqEntry } from './cq-entry.js';

const pendingInitialBytes = 32 * cqEntrySizeBytes;
/** RocketMQ fills the head of a queue that starts mid-segment with (0, Integer.MAX_VALUE, 0). */
export const blankEntrySize = 0x7fff_ffff;

const viewOf = (b: Buffer): DataView => new DataView(b.buffer, b.byteOffset, b.length);

/** A run of entries copied into a caller's buffer. */
export interface EntryRun {
  buf: Buffer;
  count: number;
}

export class ConsumeQueue {
  private readonly file: SegmentedFile;
  private minLogic = 0;
  private maxLogic = 0;
  /** Entries not yet written; the first one is entry `pendingFirst`. */
  private pending = Buffer.alloc(pendingInitialBytes);
  private pendingView = viewOf(this.pending);
  private pendingCount = 0;
  private pendingFirst = 0;
  /** End (offset + size) of the newest entry's message in the commit log. */
  private maxPhysicEnd = 0;

  constructor(
    io: FileIO,
    rootDir: string,
    readonly topic: string,
    readonly queueId: number,
    readonly segmentSizeBytes: number,
    private readonly log: Logger,
  ) {
    this.file = new SegmentedFile(io, join(rootDir, topic, String(queueId)), segmentSizeBytes);
  }

  get dir(): string {
    return this.file.dir;
  }

  get entriesPerSegment(): number {
    return this.segmentSizeBytes / cqEntrySizeBytes;
  }

  minOffset(): number {
    return this.minLogic;
  }

  maxOffset(): number {
    return this.maxLogic;
  }

  /** Commit log end of the newest entry; 0 for an empty queue. */
  maxPhysicOffset(): number {
    return this.maxPhysicEnd;
  }

  hasPending(): boolean {
    return this.pendingCount > 0;
  }

  /**
   * Adds the entry of the message with queue offset `queueOffset`. An offset already present is
   * ignored (re-dispatch). An empty queue may start anywhere: the head of its first segment is
   * filled with blank entries. A gap in a queue that has entries means a record whose queue
   * offset is wrong; as RocketMQ does, the entry goes at the end anyway and the gap is logged.
   */
  append(queueOffset: number, phyOffset: number, size: number, tagsCode: number): boolean {
    if (queueOffset < this.maxLogic || (this.maxLogic > 0 && phyOffset < this.maxPhysicEnd)) return false;
    if (queueOffset > this.maxLogic) {
      if (this.isEmpty()) this.startAt(queueOffset);
      else this.log.warn({ topic: this.topic, queueId: this.queueId, expected: this.maxLogic, got: queueOffset, phyOffset }, 'consume queue order broken: entry appended at the end');
    }
    this.push(phyOffset, size, tagsCode);
    this.maxPhysicEnd = phyOffset + size;
    return true;
  }

  private isEmpty(): boolean {
    return this.maxLogic === 0 && this.file.segmentCount === 0 && this.pendingCount === 0;
  }

  private startAt(queueOffset: number): void {
    const first = queueOffset - (queueOffset % this.entriesPerSegment);
    this.minLogic = queueOffset;
    this.maxLogic = first;
    this.pendingFirst = first;
    while (this.maxLogic < queueOffset) this.push(0, blankEntrySize, 0);
  }

  private push(phyOffset: number, size: number, tagsCode: number): void {
    const at = this.pendingCount * cqEntrySizeBytes;
    if (at + cqEntrySizeBytes > this.pending.length) {
      const grown = Buffer.alloc(this.pending.length * 2);
      this.pending.copy(grown, 0, 0, at);
      this.pending = grown;
      this.pendingView = viewOf(grown);
    }
    if (this.pendingCount === 0) this.pendingFirst = this.maxLogic;
    setCqEntry(this.pendingView, at, phyOffset, size, tagsCode);
    this.pendingCount++;
    this.maxLogic++;
  }

  /** Writes buffered entries: one call per segment they touch. */
  drain(): void {
    let done = 0;
    while (done < this.pendingCount) {
      const entry = this.pendingFirst + done;
      const inSegment = this.entriesPerSegment - (entry % this.entriesPerSegment);
      const n = Math.min(inSegment, this.pendingCount - done);
      this.file.write(this.pending.subarray(done * cqEntrySizeBytes, (done + n) * cqEntrySizeBytes), entry * cqEntrySizeBytes);
      done += n;
    }
    this.pendingFirst += this.pendingCount;
    this.pendingCount = 0;
    if (this.pending.length > pendingInitialBytes * 64) {
      this.pending = Buffer.alloc(pendingInitialBytes);
      this.pendingView = viewOf(this.pending);
    }
  }

  /** Drains, then makes every written entry durable. */
  sync(): Promise<void> {
    this.drain();
    return this.file.sync();
  }

  /**
   * Copies up to `maxEntries` entries from `queueOffset` into `target`, not crossing the end of
   * the segment holding `queueOffset` (a get() reads one segment, as RocketMQ's does).
   * Undefined when that segment is gone.
   */
  readEntries(queueOffset: number, maxEntries: number, target: Buffer): EntryRun | undefined {
    const inSegment = this.entriesPerSegment - (queueOffset % this.entriesPerSegment);
    const count = Math.min(maxEntries, inSegment, this.maxLogic - queueOffset, Math.floor(target.length / cqEntrySizeBytes));
    if (count <= 0) return { buf: target, count: 0 };
    const fromFile = Math.max(0, Math.min(count, this.pendingFirst - queueOffset));
    if (fromFile > 0) {
      if (!this.file.find(queueOffset * cqEntrySizeBytes)) return undefined;
      const want = fromFile * cqEntrySizeBytes;
      const got = this.file.read(target, 0, want, queueOffset * cqEntrySizeBytes);
      if (got < want) return undefined;
    }
    if (count > fromFile) {
      const firstPending = queueOffset + fromFile - this.pendingFirst;
      this.pending.copy(target, fromFile * cqEntrySizeBytes, firstPending * cqEntrySizeBytes, (firstPending + count - fromFile) * cqEntrySizeBytes);
    }
    return { buf: target, count };
  }

  /** Start of the segment after the one holding `queueOffset` (RocketMQ rollNextFile). */
  nextSegmentStart(queueOffset: number): number {
    return queueOffset + this.entriesPerSegment - (queueOffset % this.entriesPerSegment);
  }

  /** Recovery: positions the queue after its last valid entry found on disk. */
  loadEnd(end: number, maxPhysicEnd: number): void {
    this.maxLogic = end;
    this.pendingFirst = end;
    this.maxPhysicEnd = maxPhysicEnd;
    this.minLogic = Math.min(this.minLogic, end);
  }

  /** Segment files, for recovery's scan. */
  segments(): SegmentedFile {
    return this.file;
  }

  /** Sets the first offset (recovery and retention). */
  setMinOffset(offset: number): void {
    this.minLogic = Math.min(offset, this.maxLogic);
  }

  /** Drops entries from `queueOffset` on (recovery). */
  truncateFrom(queueOffset: number, maxPhysicEnd: number): void {
    this.drain();
    this.file.truncate(queueOffset * cqEntrySizeBytes, true);
    this.maxLogic = queueOffset;
    this.pendingFirst = queueOffset;
    this.maxPhysicEnd = maxPhysicEnd;
    if (this.minLogic > queueOffset) this.minLogic = queueOffset;
  }

  /**
   * Retention: deletes segments (but never the last) whose newest message lies below
   * `commitLogMinOffset`, then moves `minOffset` to the first entry still in the commit log.
   * Returns the number of segments deleted.
   */
  deleteBelow(commitLogMinOffset: number): number {
    this.drain();
    const entry = Buffer.alloc(cqEntrySizeBytes);
    let deleted = 0;
    for (;;) {
      const segs = this.file.list();
      if (segs.length < 2) break;
      const first = segs[0]!;
      const segmentEnd = (first.start + this.segmentSizeBytes) / cqEntrySizeBytes;
      if (segmentEnd >= this.maxLogic) break;
      const lastEntry = segmentEnd - 1;
      this.file.read(entry, 0, cqEntrySizeBytes, lastEntry * cqEntrySizeBytes);
      if (cqEntryOffset(entry, 0) + cqEntrySize(entry, 0) > commitLogMinOffset) break;
      this.file.deleteBefore(first.start + this.segmentSizeBytes);
      deleted++;
    }
    this.correctMinOffset(commitLogMinOffset);
    return deleted;
  }

  /** Moves `minOffset` to the first entry whose message starts at or after `commitLogMinOffset`. */
  correctMinOffset(commitLogMinOffset: number): void {
    const first = this.file.first();
    let lo = Math.max(this.minLogic, first ? first.start / cqEntrySizeBytes : this.pendingFirst);
    let hi = this.maxLogic;
    const entry = Buffer.alloc(cqEntrySizeBytes);
    // Entries are in commit log order: binary search for the first at or past the minimum.
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const run = this.readEntries(mid, 1, entry);
      const offset = run && run.count === 1 ? cqEntryOffset(entry, 0) : -1;
      const blank = run && run.count === 1 && cqEntrySize(entry, 0) === blankEntrySize;
      if (!blank && offset >= commitLogMinOffset) hi = mid;
      else lo = mid + 1;
    }
    this.minLogic = lo;
  }

  /** Deletes every file of the queue (deleteTopic). */
  destroy(io: FileIO): void {
    this.pendingCount = 0;
    this.file.close();
    io.remove(this.file.dir);
  }

  close(): void {
    this.drain();
    this.file.close();
  }
}
