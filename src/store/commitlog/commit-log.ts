// The commit log: every message of every topic, appended in RocketMQ's stored record layout
// (common/message/stored-message-layout.ts) to segment files <dir>/<20-digit start offset>.
//
//   segment k:  [record][record]...[record][END_FILE blank: int32 left, int32 0xCBD43194][zeros]
//
// A record never spans segments: when record + 8 does not fit what is left, an 8-byte blank
// marker claims the rest of the segment and the record opens the next one.
//
// Write path. `append` encodes the record at once into the current chunk of a write buffer,
// assigning its physical offset, queue offset (given by the caller) and store timestamp, and
// returns. The chunk's new bytes go to the OS in ONE write call at the end of the event-loop
// turn (setImmediate), when the buffer is full, or at a segment switch; then the appended-records
// listeners (dispatch, flush) hear about exactly the records that call wrote.
//
// Read path. The newest chunks (up to `readCacheBytes`) serve reads of recent records as slices
// without a system call (recent-chunks.ts); older bytes are read from the segment files.
//
// Offsets are JS numbers (exact below 2^53). Appends are refused until recovery has found where
// valid data ends and called `openAt(end)`.
import type { Logger } from '../../common/logger.js';
import { assert } from '../../common/assert.js';
import { ConfigError } from '../../common/errors.js';
import { StoredMessageEncoder } from '../../common/message/stored-message-encoder.js';
import { MessageTooLargeError } from '../../common/message/stored-message-errors.js';
import {
  blankMarkerMagic,
  blankMarkerSizeBytes,
  storedMessageMagicV1,
  storedMessageMagicV2,
  storedMessageSizeMinBytes,
} from '../../common/message/stored-message-layout.js';
import type { HostAddress, StoredMessageInput } from '../../common/message/stored-message-types.js';
import { systemClock, type Clock, type FileIO } from '../io/file-io.js';
import { SegmentedFile } from '../segments/segmented-file.js';
import {
  commitLogSegmentSizeBytesDefault,
  messageBodySizeMaxBytesDefault,
  readCacheBytesDefault,
  recordOverheadMaxBytes,
  storeOffsetMax,
  writeBufferSizeBytesDefault,
} from '../store-limits.js';
import { AppendedRecords } from './appended-records.js';
import { CommitLogWriteError } from './commit-log-errors.js';
import { dispatchHintsFromProperties, type DispatchHints } from './dispatch-hints.js';
import { RecentChunks, type Chunk } from './recent-chunks.js';

export interface CommitLogOptions {
  /** Folder of the segment files, e.g. <storePathRootDir>/commitlog. */
  dir: string;
  /** Bytes per segment (`mappedFileSizeCommitLog`). */
  segmentSizeBytes?: number;
  /** Largest body (`maxMessageSize`); a record may be up to 64 KiB larger. */
  maxMessageSizeBytes?: number;
  /** The broker's address as stored in STOREHOST and offset message ids. */
  storeHost: HostAddress;
  clock?: Clock;
  writeBufferSizeBytes?: number;
  /** Bytes of recent records kept in memory to serve reads without a system call. */
  readCacheBytes?: number;
  logger?: Logger;
}

export interface CommitLogMessage extends StoredMessageInput {
  /** Dispatch facts the caller already holds; when absent they are read from `properties`. */
  dispatch?: DispatchHints;
}

export interface AppendResult {
  physicalOffset: number;
  size: number;
  queueOffset: number;
  storeTimestamp: number;
}

/** Where appendBatch put a batch's records (their queue offsets follow the first one given). */
export interface BatchAppendResult {
  physicalOffsets: number[];
  /** The offset after the last record. */
  end: number;
  /** The records' bytes (a segment's end blank, if the batch crossed one, not included). */
  bytes: number;
  /** One for the whole batch, as RocketMQ stamps a batch. */
  storeTimestamp: number;
}

/** Called after each write call with the records it wrote (valid during the call only). */
export type AppendListener = (records: AppendedRecords) => void;

export interface SyncPoint {
  /** Every byte below this offset is durable. */
  offset: number;
  /** Store timestamp of the last record below `offset` (0 when none since opening). */
  storeTimestamp: number;
}

/** A message's whole properties field as text (suffix included), for messages without dispatch hints. */
function propertiesText(msg: CommitLogMessage): string {
  const props = msg.properties;
  const suffix = msg.propertiesSuffix;
  const text = typeof props === 'string' ? props : Buffer.from(props.buffer, props.byteOffset, props.length).toString('utf8');
  return suffix === undefined ? text : text + Buffer.from(suffix.buffer, suffix.byteOffset, suffix.length).toString('utf8');
}

/** Bytes read at once when a record's size is not known yet. */
const recordProbeBytes = 4096;

export class CommitLog {
  readonly segments: SegmentedFile;
  readonly segmentSizeBytes: number;
  readonly maxMessageSizeBytes: number;
  readonly recordSizeMaxBytes: number;
  private readonly clock: Clock;
  private readonly encoder: StoredMessageEncoder;
  private readonly chunks: RecentChunks;
  private readonly logger: Logger | undefined;

  private appendOffset = -1;
  private openedAt = -1;
  private writtenEnd = 0;
  private writtenStoreTimestamp = 0;
  private lastStoreTimestamp = 0;
  /** Size of the record the last append wrote. */
  lastAppendSize = 0;
  /** The chunk records are appended to, if one is open. */
  private chunk: Chunk | undefined;
  private writeScheduled = false;
  private readonly records = new AppendedRecords();
  private readonly listeners: AppendListener[] = [];
  private readonly failureListeners: ((error: CommitLogWriteError) => void)[] = [];
  private failure: CommitLogWriteError | undefined;
  private readonly writePendingNow = (): void => this.writePending();
  private readonly probe = Buffer.allocUnsafeSlow(recordProbeBytes);

  constructor(io: FileIO, options: CommitLogOptions) {
    this.segmentSizeBytes = options.segmentSizeBytes ?? commitLogSegmentSizeBytesDefault;
    this.maxMessageSizeBytes = options.maxMessageSizeBytes ?? messageBodySizeMaxBytesDefault;
    if (this.maxMessageSizeBytes + storedMessageSizeMinBytes + blankMarkerSizeBytes > this.segmentSizeBytes) {
      throw new ConfigError(`maxMessageSize ${this.maxMessageSizeBytes} does not fit a commit log segment of ${this.segmentSizeBytes} bytes`, 'maxMessageSize');
    }
    this.recordSizeMaxBytes = Math.min(this.maxMessageSizeBytes + recordOverheadMaxBytes, this.segmentSizeBytes - blankMarkerSizeBytes);
    this.clock = options.clock ?? systemClock;
    this.encoder = new StoredMessageEncoder(options.storeHost);
    this.chunks = new RecentChunks(options.writeBufferSizeBytes ?? writeBufferSizeBytesDefault, options.readCacheBytes ?? readCacheBytesDefault);
    this.logger = options.logger;
    this.segments = new SegmentedFile(io, options.dir, this.segmentSizeBytes);
  }

  /**
   * Starts appending at `end`, the end of valid data found by recovery: segments after it are
   * deleted and, with `zeroTail`, stale bytes after it in its segment are zeroed. Returns the
   * start offsets of the deleted segments.
   */
  openAt(end: number, zeroTail: boolean): number[] {
    assert(this.appendOffset < 0, 'the commit log opens once');
    assert(Number.isSafeInteger(end) && end >= 0 && end <= storeOffsetMax, `end ${end} is an offset`);
    const first = this.segments.first();
    assert(!first || end >= first.start, `end ${end} is not before the first segment ${first?.start}`);
    const deleted = this.segments.truncate(end, zeroTail);
    this.appendOffset = end;
    this.openedAt = end;
    this.writtenEnd = end;
    return deleted;
  }

  get isOpen(): boolean {
    return this.appendOffset >= 0;
  }

  /** Offset the next record gets (records below it may still wait for their write call). */
  maxOffset(): number {
    return this.appendOffset;
  }

  /** Start of the oldest segment still kept (of the first one to come, before any write). */
  minOffset(): number {
    return this.segments.first()?.start ?? this.segments.segmentStartOf(Math.max(this.openedAt, 0));
  }

  /** Bytes appended and not yet handed to the OS (they go at the end of the turn, or on writePending). */
  unwrittenBytes(): number {
    const chunk = this.chunk;
    return chunk === undefined ? 0 : chunk.length - chunk.written;
  }

  /** Bytes below this offset have been handed to the OS. */
  writtenOffset(): number {
    return this.writtenEnd;
  }

  /** Store timestamp of the newest record appended (0 when none since opening). */
  lastAppendedStoreTimestamp(): number {
    return this.lastStoreTimestamp;
  }

  /** Called once, when a write fails: the records appended since the last write never reach the file. */
  onWriteFailed(listener: (error: CommitLogWriteError) => void): void {
    this.failureListeners.push(listener);
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Appends one record with queue offset `queueOffset` (the caller owns queue offsets).
   * Throws MessageIllegalError / MessageTooLargeError for a message it cannot store, and
   * CommitLogWriteError after a failed write.
   */
  append(msg: CommitLogMessage, queueOffset: number): AppendResult {
    const physicalOffset = this.appendRecord(msg, queueOffset);
    return { physicalOffset, size: this.lastAppendSize, queueOffset, storeTimestamp: this.lastStoreTimestamp };
  }

  /**
   * `append` without a result object, for the put path: returns the physical offset; the
   * record's size is `lastAppendSize` and its store timestamp `lastAppendedStoreTimestamp()`
   * until the next append.
   */
  appendRecord(msg: CommitLogMessage, queueOffset: number): number {
    const size = this.measure(msg);
    return this.appendMeasured(msg, size, queueOffset, this.clock.now());
  }

  /**
   * Appends records with consecutive queue offsets and one store timestamp; nothing is appended
   * if one is refused.
   */
  appendBatch(msgs: readonly CommitLogMessage[], firstQueueOffset: number): BatchAppendResult {
    const sizes = msgs.map((m) => this.measure(m));
    const storeTimestamp = this.clock.now();
    const physicalOffsets = new Array<number>(msgs.length);
    let bytes = 0;
    for (let i = 0; i < msgs.length; i++) {
      physicalOffsets[i] = this.appendMeasured(msgs[i]!, sizes[i]!, firstQueueOffset + i, storeTimestamp);
      bytes += sizes[i]!;
    }
    return { physicalOffsets, end: this.appendOffset, bytes, storeTimestamp };
  }

  private measure(msg: CommitLogMessage): number {
    assert(this.appendOffset >= 0, 'the commit log is open (recovered) before appends');
    if (this.failure) throw this.failure;
    if (msg.body.length > this.maxMessageSizeBytes) {
      throw new MessageTooLargeError(`body of ${msg.body.length} bytes exceeds maxMessageSize ${this.maxMessageSizeBytes}`, 'body', msg.body.length, this.maxMessageSizeBytes);
    }
    const size = this.encoder.measure(msg);
    if (size > this.recordSizeMaxBytes) {
      throw new MessageTooLargeError(`record of ${size} bytes exceeds ${this.recordSizeMaxBytes}`, 'record', size, this.recordSizeMaxBytes);
    }
    return size;
  }

  private appendMeasured(msg: CommitLogMessage, size: number, queueOffset: number, storeTimestamp: number): number {
    const left = this.segmentSizeBytes - (this.appendOffset % this.segmentSizeBytes);
    if (size + blankMarkerSizeBytes > left) this.closeSegment(left);
    const chunk = this.reserve(size);
    const physicalOffset = this.appendOffset;
    assert(physicalOffset + size <= storeOffsetMax, 'commit log offsets stay below 2^53');
    this.encoder.encode(chunk.buffer, chunk.length, msg, queueOffset, physicalOffset, storeTimestamp);
    chunk.length += size;
    this.appendOffset += size;
    this.lastStoreTimestamp = storeTimestamp;
    this.lastAppendSize = size;
    const hints = msg.dispatch ?? dispatchHintsFromProperties(propertiesText(msg));
    this.records.push(physicalOffset, size, msg.topic, msg.queueId, queueOffset, storeTimestamp, msg.sysFlag, hints);
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(this.writePendingNow);
    }
    return physicalOffset;
  }

  /** Writes the END_FILE blank in the `left` bytes of this segment; appends move to the next. */
  private closeSegment(left: number): void {
    assert(left >= blankMarkerSizeBytes, `a segment always keeps room for its blank marker (${left} left)`);
    const chunk = this.reserve(blankMarkerSizeBytes);
    chunk.buffer.writeInt32BE(left, chunk.length);
    chunk.buffer.writeInt32BE(blankMarkerMagic, chunk.length + 4);
    chunk.length += blankMarkerSizeBytes;
    this.endChunk();
    this.appendOffset += left;
    if (!this.failure) this.writtenEnd = this.appendOffset;
  }

  /** The current chunk with room for `size` more bytes. */
  private reserve(size: number): Chunk {
    const current = this.chunk;
    if (current && current.length + size <= current.buffer.length) return current;
    if (current) this.endChunk();
    // The write that ended the chunk failed: this record is refused like every later one.
    if (this.failure) throw this.failure;
    const chunk = this.chunks.open(this.appendOffset, size);
    this.chunk = chunk;
    return chunk;
  }

  /** Writes the current chunk out and seals it; its bytes stay cached until evicted. */
  private endChunk(): void {
    this.writePending();
    const chunk = this.chunk;
    if (!chunk) return;
    this.chunk = undefined;
    this.chunks.seal(chunk);
  }

  /** Hands the encoded but unwritten bytes to the OS now, in one write call, and tells the listeners. */
  writePending(): void {
    this.writeScheduled = false;
    const chunk = this.chunk;
    if (this.failure) return;
    if (chunk && chunk.written < chunk.length) {
      try {
        this.segments.write(chunk.buffer.subarray(chunk.written, chunk.length), chunk.base + chunk.written);
      } catch (err) {
        const failure = new CommitLogWriteError(`commit log write at ${chunk.base + chunk.written} failed; appends are refused until restart`, err);
        this.failure = failure;
        this.logger?.error({ err }, failure.message);
        for (const listener of this.failureListeners) listener(failure);
        return;
      }
      chunk.written = chunk.length;
      this.writtenEnd = chunk.base + chunk.length;
      this.writtenStoreTimestamp = this.lastStoreTimestamp;
    }
    if (this.records.count === 0) return;
    try {
      for (const listener of this.listeners) listener(this.records);
    } finally {
      this.records.clear();
    }
  }

  /** Makes every written byte durable; resolves with what it covered. */
  async sync(): Promise<SyncPoint> {
    const point: SyncPoint = { offset: this.writtenEnd, storeTimestamp: this.writtenStoreTimestamp };
    await this.segments.sync();
    return point;
  }

  /** The stored bytes [offset, offset + size) as a slice, or undefined outside the log. */
  read(offset: number, size: number): Buffer | undefined {
    if (size <= 0 || offset < this.minOffset() || offset + size > this.appendOffset) return undefined;
    const cached = this.chunks.slice(offset, size);
    if (cached) return cached;
    if (offset + size > this.writtenEnd) this.writePending();
    const out = Buffer.allocUnsafe(size);
    return this.segments.read(out, 0, size, offset) === size ? out : undefined;
  }

  /**
   * Up to `length` stored bytes from `offset` (fewer at the end of the log), in one read: may
   * cover several records and the blank tail of a segment. Readers of consecutive records (a
   * queue's messages often lie together) read them with one call and slice.
   */
  readRange(offset: number, length: number): Buffer {
    const n = Math.min(length, this.appendOffset - offset);
    if (n <= 0 || offset < this.minOffset()) return Buffer.alloc(0);
    return this.read(offset, n) ?? Buffer.alloc(0);
  }

  /** The message record at `offset`, or undefined when none starts there (blank marker, outside the log). */
  readRecord(offset: number): Buffer | undefined {
    const available = this.appendOffset - offset;
    if (available < storedMessageSizeMinBytes || offset < this.minOffset()) return undefined;
    let head = this.chunks.slice(offset, blankMarkerSizeBytes);
    if (!head) {
      // One system call for the header and, usually, the whole record; copied out of the probe.
      if (offset + Math.min(available, recordProbeBytes) > this.writtenEnd) this.writePending();
      const got = this.segments.read(this.probe, 0, Math.min(available, recordProbeBytes), offset);
      if (got < storedMessageSizeMinBytes) return undefined;
      head = this.probe.subarray(0, got);
    }
    const size = head.readInt32BE(0);
    const magic = head.readInt32BE(4);
    if (magic !== storedMessageMagicV1 && magic !== storedMessageMagicV2) return undefined;
    if (size < storedMessageSizeMinBytes || size > this.recordSizeMaxBytes || size > available) return undefined;
    if (head.buffer !== this.probe.buffer || size > head.length) return this.read(offset, size);
    const out = Buffer.allocUnsafe(size);
    this.probe.copy(out, 0, 0, size);
    return out;
  }

  /** Deletes whole segments that end at or before `offset` (retention); returns their starts. */
  deleteSegmentsBefore(offset: number): number[] {
    const active = this.segments.segmentStartOf(this.appendOffset);
    return this.segments.deleteBefore(Math.min(offset, active));
  }

  /** Writes what is pending and closes the files. Sync first (the flusher) for durability. */
  close(): void {
    if (this.appendOffset >= 0) this.writePending();
    this.segments.close();
  }
}
