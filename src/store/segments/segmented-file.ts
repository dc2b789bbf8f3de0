// A log split into fixed-size segment files, addressed by absolute byte offset.
//
//   <dir>/00000000000000000000   bytes [0, size)
//   <dir>/00000000001073741824   bytes [size, 2·size)      (size = segmentSizeBytes)
//
// Segment starts are multiples of the segment size and follow each other without gaps; the first
// may start anywhere on that grid (older ones deleted by retention). Segments found after a gap
// (a crash can lose a new segment's folder entry yet keep a later one's) hold nothing that
// continues the log: they are left out as "detached" and deleted by the next truncate(). A new segment is
// preallocated to its full size, so a segment's length never tells where its data ends: the
// owner (commit log, consume queue) finds the end by reading its records at recovery and then
// calls `truncate(end)`.
//
// Writes must stay inside one segment (the owner pads the end of a segment itself); reads may
// cross segment boundaries. `sync()` makes every write issued before it durable, including the
// folder entries of segments created since the last sync.
import { join } from 'node:path';
import { assert } from '../../common/assert.js';
import type { FileHandle, FileIO } from '../io/file-io.js';
import { segmentSizeBytesMax, storeOffsetMax, tailScanChunkBytes } from '../store-limits.js';
import { SegmentLayoutError } from './segment-errors.js';
import { parseSegmentName, segmentName } from './segment-name.js';

export interface Segment {
  /** Offset of the segment's first byte (its file name). */
  readonly start: number;
  readonly handle: FileHandle;
}

export class SegmentedFile {
  private readonly segments: Segment[] = [];
  private detached: number[] = [];
  private dirty = new Set<FileHandle>();
  private namesDirty = false;

  /** Opens the segments found in `dir` (none when it is missing). */
  constructor(
    private readonly io: FileIO,
    readonly dir: string,
    readonly segmentSizeBytes: number,
  ) {
    assert(Number.isSafeInteger(segmentSizeBytes) && segmentSizeBytes > 0, `segment size ${segmentSizeBytes} is a positive integer`);
    assert(segmentSizeBytes <= segmentSizeBytesMax, `segment size ${segmentSizeBytes} <= ${segmentSizeBytesMax}`);
    this.load();
  }

  private load(): void {
    const starts: number[] = [];
    for (const name of this.io.list(this.dir)) {
      const start = parseSegmentName(name);
      if (start !== undefined) starts.push(start);
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      if (start % this.segmentSizeBytes !== 0) {
        throw new SegmentLayoutError(`segment ${segmentName(start)} is not a multiple of the segment size ${this.segmentSizeBytes}`, this.dir);
      }
      const last = this.segments.at(-1);
      if (this.detached.length > 0 || (last && start !== last.start + this.segmentSizeBytes)) {
        this.detached.push(start);
        continue;
      }
      const handle = this.io.openExisting(join(this.dir, segmentName(start)));
      assert(handle !== undefined, `listed segment ${segmentName(start)} opens`);
      const size = handle.size();
      if (size > this.segmentSizeBytes) {
        handle.close();
        throw new SegmentLayoutError(`segment ${segmentName(start)} has ${size} bytes, more than the segment size ${this.segmentSizeBytes}`, this.dir);
      }
      // A crash between creating a segment and syncing its preallocation leaves it short.
      if (size < this.segmentSizeBytes) {
        handle.truncate(this.segmentSizeBytes);
        this.dirty.add(handle);
      }
      this.segments.push({ start, handle });
    }
  }

  /** Starts of segment files found after a gap, not part of the log (see the top). */
  detachedStarts(): readonly number[] {
    return this.detached;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  list(): readonly Segment[] {
    return this.segments;
  }

  first(): Segment | undefined {
    return this.segments[0];
  }

  last(): Segment | undefined {
    return this.segments.at(-1);
  }

  /** Start of the first segment; 0 when there is none. */
  minOffset(): number {
    return this.segments[0]?.start ?? 0;
  }

  /** End of the last segment's capacity; 0 when there is none. */
  capacityEnd(): number {
    const last = this.segments.at(-1);
    return last ? last.start + this.segmentSizeBytes : 0;
  }

  segmentStartOf(offset: number): number {
    return offset - (offset % this.segmentSizeBytes);
  }

  /** The segment holding `offset`, if it exists. */
  find(offset: number): Segment | undefined {
    const first = this.segments[0];
    if (!first || offset < first.start) return undefined;
    return this.segments[Math.floor((offset - first.start) / this.segmentSizeBytes)];
  }

  /** The segment holding `offset`, created when it is the next one (or the first). */
  ensure(offset: number): Segment {
    assert(Number.isSafeInteger(offset) && offset >= 0 && offset <= storeOffsetMax, `offset ${offset} in [0, 2^53)`);
    const found = this.find(offset);
    if (found) return found;
    const start = this.segmentStartOf(offset);
    const last = this.segments.at(-1);
    assert(!last || start === last.start + this.segmentSizeBytes, `segment ${start} follows ${last?.start}`);
    const handle = this.io.open(join(this.dir, segmentName(start)));
    if (handle.size() > 0) handle.truncate(0); // a stale file (detached, or left by a crash): never reuse its bytes
    handle.truncate(this.segmentSizeBytes);
    this.detached = this.detached.filter((d) => d !== start);
    const segment = { start, handle };
    this.segments.push(segment);
    this.dirty.add(handle);
    this.namesDirty = true;
    return segment;
  }

  /** Writes `data` at `offset`; the bytes must lie inside one segment. */
  write(data: Uint8Array, offset: number): void {
    const segment = this.ensure(offset);
    const at = offset - segment.start;
    assert(at + data.length <= this.segmentSizeBytes, `write of ${data.length} at ${offset} stays inside its segment`);
    segment.handle.write(data, at);
    this.dirty.add(segment.handle);
  }

  /** Writes the buffers back to back at `offset` with one call; they must lie inside one segment. */
  writev(data: readonly Uint8Array[], offset: number): void {
    const segment = this.ensure(offset);
    const at = offset - segment.start;
    let length = 0;
    for (const b of data) length += b.length;
    assert(at + length <= this.segmentSizeBytes, `write of ${length} at ${offset} stays inside its segment`);
    segment.handle.writev(data, at);
    this.dirty.add(segment.handle);
  }

  /** Reads up to `length` bytes at `offset`, across segments; stops where segments end. */
  read(target: Uint8Array, targetOffset: number, length: number, offset: number): number {
    let done = 0;
    while (done < length) {
      const segment = this.find(offset + done);
      if (!segment) break;
      const at = offset + done - segment.start;
      const n = Math.min(length - done, this.segmentSizeBytes - at);
      const got = segment.handle.read(target, targetOffset + done, n, at);
      done += got;
      if (got < n) break;
    }
    return done;
  }

  /** Makes every write issued so far durable (and new segments' folder entries). */
  async sync(): Promise<void> {
    const handles = [...this.dirty];
    this.dirty.clear();
    const names = this.namesDirty;
    this.namesDirty = false;
    const waits = handles.map((h) => h.sync());
    if (names) waits.push(this.io.syncDir(this.dir));
    await Promise.all(waits);
  }

  /** Deletes whole segments that end at or before `offset`; returns the deleted starts. */
  deleteBefore(offset: number): number[] {
    const deleted: number[] = [];
    while (this.segments.length > 0 && this.segments[0]!.start + this.segmentSizeBytes <= offset) {
      const segment = this.segments.shift()!;
      this.drop(segment);
      deleted.push(segment.start);
    }
    return deleted;
  }

  /**
   * Cuts the log at `end`: deletes segments starting at or after it and, with `zeroTail`, zeroes
   * whatever non-zero bytes follow `end` in its segment, so that later appends are never followed
   * by stale data a recovery could mistake for records. Returns the deleted segment starts.
   */
  truncate(end: number, zeroTail: boolean): number[] {
    const deleted: number[] = [];
    const detached = this.detached;
    for (const start of detached) this.io.remove(join(this.dir, segmentName(start)));
    this.detached = [];
    while (this.segments.length > 0 && this.segments.at(-1)!.start >= end) {
      const segment = this.segments.pop()!;
      this.drop(segment);
      deleted.unshift(segment.start);
    }
    deleted.push(...detached);
    const segment = this.find(end);
    if (zeroTail && segment) this.zeroAfter(segment, end - segment.start);
    return deleted;
  }

  private zeroAfter(segment: Segment, from: number): void {
    const chunk = Buffer.allocUnsafe(Math.min(tailScanChunkBytes, this.segmentSizeBytes));
    let dirtyEnd = from;
    for (let at = from; at < this.segmentSizeBytes; at += chunk.length) {
      const n = segment.handle.read(chunk, 0, Math.min(chunk.length, this.segmentSizeBytes - at), at);
      for (let i = n - 1; i >= 0; i--) {
        if (chunk[i] !== 0) {
          dirtyEnd = at + i + 1;
          break;
        }
      }
      if (n < chunk.length) break;
    }
    if (dirtyEnd === from) return;
    const zeros = Buffer.alloc(Math.min(chunk.length, dirtyEnd - from));
    for (let at = from; at < dirtyEnd; at += zeros.length) {
      segment.handle.write(zeros.subarray(0, Math.min(zeros.length, dirtyEnd - at)), at);
    }
    this.dirty.add(segment.handle);
  }

  private drop(segment: Segment): void {
    segment.handle.close();
    this.dirty.delete(segment.handle);
    this.io.remove(segment.handle.path);
  }

  close(): void {
    for (const s of this.segments) s.handle.close();
    this.segments.length = 0;
    this.dirty.clear();
  }
}
