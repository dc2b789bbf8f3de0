// One index file (RocketMQ IndexFile), named by its creation time yyyyMMddHHmmssSSS:
//
//   header   40 bytes
//     0  beginTimestamp  int64  store time of the first entry
//     8  endTimestamp    int64  store time of the last entry
//    16  beginPhyOffset  int64  commit log offset of the first entry
//    24  endPhyOffset    int64  commit log offset of the last entry
//    32  hashSlotCount   int32  slots in use
//    36  indexCount      int32  next entry number; starts at 1, entry 0 is never used
//   slots    slotCount × int32 at 40: number of the newest entry in the bucket (0 = empty)
//   entries  indexCount × 20 bytes at 40 + slotCount × 4:
//     0  keyHash    int32  abs(Java String.hashCode of "topic#key")
//     4  phyOffset  int64
//    12  timeDiff   int32  seconds since beginTimestamp, clamped to [0, 2^31 − 1]
//    16  prevIndex  int32  the bucket's previous newest entry: a chain, newest first
//
// While a file takes writes, its header and slot table live in memory (written back, page by
// page and only pages that changed, when the file is sealed or the store shuts down) and new
// entries collect in a buffer that `drain` writes with one call, so indexing a message costs no
// system call. Entries always reach the file before the slots that point at them. A full file is
// sealed: written back, synced, then read through the file like any older one.
import { assert } from '../../common/assert.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import type { FileHandle } from '../io/file-io.js';
import { readInt64, setInt64, writeInt64 } from '../consumequeue/cq-entry.js';

export const indexHeaderSizeBytes = 40;
export const indexSlotSizeBytes = 4;
export const indexEntrySizeBytes = 20;
const slotPageSizeBytes = 4096;
const int32Max = 0x7fff_ffff;
const pendingInitialBytes = 64 * 1024;
const rebuildChunkEntries = 64 * 1024;

export interface IndexGeometry {
  slotCount: number;
  entryCount: number;
}

export function indexFileSizeBytes(g: IndexGeometry): number {
  return indexHeaderSizeBytes + g.slotCount * indexSlotSizeBytes + g.entryCount * indexEntrySizeBytes;
}

const hashChar = '#'.charCodeAt(0);
const viewOf = (b: Buffer): DataView => new DataView(b.buffer, b.byteOffset, b.length);

/**
 * abs(hashCode) of the index key "topic#key", with abs(MIN_VALUE) taken as 0 as Java's IndexFile
 * does. Computed over the parts, continuing from the topic's hash, without building the string.
 */
export function indexKeyHash(topic: string, key: string, topicHash = javaStringHash(topic)): number {
  let h = (Math.imul(topicHash, 31) + hashChar) | 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h === -0x8000_0000 ? 0 : Math.abs(h);
}

export interface IndexHeader {
  beginTimestamp: number;
  endTimestamp: number;
  beginPhyOffset: number;
  endPhyOffset: number;
  hashSlotCount: number;
  indexCount: number;
}

export function emptyIndexHeader(): IndexHeader {
  return { beginTimestamp: 0, endTimestamp: 0, beginPhyOffset: 0, endPhyOffset: 0, hashSlotCount: 0, indexCount: 1 };
}

function encodeHeader(h: IndexHeader): Buffer {
  const buf = Buffer.alloc(indexHeaderSizeBytes);
  writeInt64(buf, h.beginTimestamp, 0);
  writeInt64(buf, h.endTimestamp, 8);
  writeInt64(buf, h.beginPhyOffset, 16);
  writeInt64(buf, h.endPhyOffset, 24);
  buf.writeInt32BE(h.hashSlotCount, 32);
  buf.writeInt32BE(h.indexCount, 36);
  return buf;
}

function decodeHeader(buf: Buffer): IndexHeader {
  return {
    beginTimestamp: readInt64(buf, 0),
    endTimestamp: readInt64(buf, 8),
    beginPhyOffset: readInt64(buf, 16),
    endPhyOffset: readInt64(buf, 24),
    hashSlotCount: buf.readInt32BE(32),
    indexCount: Math.max(1, buf.readInt32BE(36)),
  };
}

/** In-memory state of a file that takes writes. */
interface WritableState {
  slots: Buffer;
  slotsView: DataView;
  dirtyPages: Uint8Array;
  anyDirtyPage: boolean;
  headerDirty: boolean;
  pending: Buffer;
  pendingView: DataView;
  pendingBytes: number;
  /** Entry number of the first entry in `pending`. */
  pendingFirst: number;
}

export class IndexFile {
  private writable: WritableState | undefined;
  private readonly scratch = Buffer.alloc(indexEntrySizeBytes);

  private constructor(
    readonly handle: FileHandle,
    readonly name: string,
    readonly geometry: IndexGeometry,
    readonly header: IndexHeader,
  ) {}

  /** A new, empty file, open for writes. */
  static create(handle: FileHandle, name: string, geometry: IndexGeometry): IndexFile {
    handle.truncate(indexFileSizeBytes(geometry));
    const file = new IndexFile(handle, name, geometry, emptyIndexHeader());
    file.openForWrites(Buffer.alloc(geometry.slotCount * indexSlotSizeBytes));
    file.writable!.headerDirty = true;
    return file;
  }

  /** An existing file, read-only until `openForWrites`. */
  static open(handle: FileHandle, name: string, geometry: IndexGeometry): IndexFile {
    const buf = Buffer.alloc(indexHeaderSizeBytes);
    handle.read(buf, 0, indexHeaderSizeBytes, 0);
    return new IndexFile(handle, name, geometry, decodeHeader(buf));
  }

  /** Loads the slot table so the file can take writes (`slots` given when rebuilt by recovery). */
  openForWrites(slots?: Buffer): void {
    if (this.writable) return;
    const table = slots ?? Buffer.alloc(this.geometry.slotCount * indexSlotSizeBytes);
    if (!slots) this.handle.read(table, 0, table.length, indexHeaderSizeBytes);
    const pending = Buffer.alloc(pendingInitialBytes);
    this.writable = {
      slots: table,
      slotsView: viewOf(table),
      dirtyPages: new Uint8Array(Math.ceil(table.length / slotPageSizeBytes)),
      anyDirtyPage: false,
      headerDirty: false,
      pending,
      pendingView: viewOf(pending),
      pendingBytes: 0,
      pendingFirst: this.header.indexCount,
    };
    if (slots) this.markAllSlotsDirty();
  }

  get isWritable(): boolean {
    return this.writable !== undefined;
  }

  isFull(): boolean {
    return this.header.indexCount >= this.geometry.entryCount;
  }

  /** Adds an entry; false when the file is full. */
  put(keyHash: number, phyOffset: number, storeTimestamp: number): boolean {
    const w = this.writable;
    assert(w !== undefined, 'an index file takes puts only while open for writes');
    if (this.isFull()) return false;
    const h = this.header;
    const slotPos = (keyHash % this.geometry.slotCount) * indexSlotSizeBytes;
    let prev = w.slotsView.getInt32(slotPos);
    if (prev <= 0 || prev > h.indexCount) prev = 0;
    let timeDiff = 0;
    if (h.beginTimestamp > 0) timeDiff = Math.min(int32Max, Math.max(0, Math.floor((storeTimestamp - h.beginTimestamp) / 1000)));

    if (w.pendingBytes + indexEntrySizeBytes > w.pending.length) {
      const grown = Buffer.alloc(w.pending.length * 2);
      w.pending.copy(grown, 0, 0, w.pendingBytes);
      w.pending = grown;
      w.pendingView = viewOf(grown);
    }
    const at = w.pendingBytes;
    const v = w.pendingView;
    v.setInt32(at, keyHash);
    setInt64(v, at + 4, phyOffset);
    v.setInt32(at + 12, timeDiff);
    v.setInt32(at + 16, prev);
    w.pendingBytes += indexEntrySizeBytes;

    w.slotsView.setInt32(slotPos, h.indexCount);
    const page = Math.floor(slotPos / slotPageSizeBytes);
    w.dirtyPages[page] = 1;
    w.anyDirtyPage = true;
    if (h.indexCount <= 1) {
      h.beginPhyOffset = phyOffset;
      h.beginTimestamp = storeTimestamp;
    }
    if (prev === 0) h.hashSlotCount++;
    h.indexCount++;
    h.endPhyOffset = phyOffset;
    h.endTimestamp = storeTimestamp;
    w.headerDirty = true;
    return true;
  }

  pendingBytes(): number {
    return this.writable?.pendingBytes ?? 0;
  }

  /** Writes buffered entries with one call (slots and header wait for `writeBack`). */
  drain(): void {
    const w = this.writable;
    if (!w || w.pendingBytes === 0) return;
    this.handle.write(w.pending.subarray(0, w.pendingBytes), this.entryPosition(w.pendingFirst));
    w.pendingFirst += w.pendingBytes / indexEntrySizeBytes;
    w.pendingBytes = 0;
  }

  /** Writes entries, changed slot pages and the header, in that order. */
  writeBack(): void {
    const w = this.writable;
    if (!w) return;
    this.drain();
    if (w.anyDirtyPage) {
      for (let page = 0; page < w.dirtyPages.length; page++) {
        if (w.dirtyPages[page] === 0) continue;
        let end = page;
        while (end + 1 < w.dirtyPages.length && w.dirtyPages[end + 1] === 1) end++;
        const from = page * slotPageSizeBytes;
        const to = Math.min(w.slots.length, (end + 1) * slotPageSizeBytes);
        this.handle.write(w.slots.subarray(from, to), indexHeaderSizeBytes + from);
        w.dirtyPages.fill(0, page, end + 1);
        page = end;
      }
      w.anyDirtyPage = false;
    }
    if (w.headerDirty) {
      this.handle.write(encodeHeader(this.header), 0);
      w.headerDirty = false;
    }
  }

  /** Writes everything back and drops the in-memory tables; the caller syncs. */
  seal(): void {
    this.writeBack();
    this.writable = undefined;
  }

  /** Whether [begin, end] overlaps the file's time range (IndexFile.isTimeMatched). */
  overlaps(begin: number, end: number): boolean {
    const h = this.header;
    return (
      (begin < h.beginTimestamp && end > h.endTimestamp) ||
      (begin >= h.beginTimestamp && begin <= h.endTimestamp) ||
      (end >= h.beginTimestamp && end <= h.endTimestamp)
    );
  }

  /**
   * Appends to `out` the commit log offsets of entries with this key hash stored in
   * [begin, end], newest first, until `out` holds `maxCount`. Hash collisions are the caller's
   * to filter, as in RocketMQ.
   */
  select(keyHash: number, begin: number, end: number, maxCount: number, out: number[]): void {
    const h = this.header;
    if (h.indexCount <= 1) return;
    const slot = this.readSlot(keyHash % this.geometry.slotCount);
    if (slot <= 0 || slot > h.indexCount) return;
    const e = this.scratch;
    for (let next = slot; out.length < maxCount; ) {
      this.readEntry(next, e);
      const timeDiff = e.readInt32BE(12);
      if (timeDiff < 0) break;
      const time = h.beginTimestamp + timeDiff * 1000;
      if (e.readInt32BE(0) === keyHash && time >= begin && time <= end) out.push(readInt64(e, 4));
      const prev = e.readInt32BE(16);
      if (prev <= 0 || prev > h.indexCount || prev === next || time < begin) break;
      next = prev;
    }
  }

  /** Rebuilds the slot table from entries [1, count) and sets the header those entries had. */
  rebuildSlots(header: Omit<IndexHeader, 'hashSlotCount'>): void {
    const count = header.indexCount;
    const slots = Buffer.alloc(this.geometry.slotCount * indexSlotSizeBytes);
    const chunk = Buffer.alloc(rebuildChunkEntries * indexEntrySizeBytes);
    let used = 0;
    for (let first = 1; first < count; first += rebuildChunkEntries) {
      const n = Math.min(rebuildChunkEntries, count - first);
      chunk.fill(0);
      this.handle.read(chunk, 0, n * indexEntrySizeBytes, this.entryPosition(first));
      for (let i = 0; i < n; i++) {
        const keyHash = chunk.readInt32BE(i * indexEntrySizeBytes);
        if (keyHash < 0) continue;
        const slotPos = (keyHash % this.geometry.slotCount) * indexSlotSizeBytes;
        if (slots.readInt32BE(slotPos) === 0) used++;
        slots.writeInt32BE(first + i, slotPos);
      }
    }
    Object.assign(this.header, header, { indexCount: Math.max(1, count), hashSlotCount: used });
    this.writable = undefined;
    this.openForWrites(slots);
    this.writable!.headerDirty = true;
  }

  private markAllSlotsDirty(): void {
    const w = this.writable!;
    w.dirtyPages.fill(1);
    w.anyDirtyPage = true;
  }

  private readSlot(slot: number): number {
    const w = this.writable;
    if (w) return w.slots.readInt32BE(slot * indexSlotSizeBytes);
    const b = this.scratch;
    this.handle.read(b, 0, indexSlotSizeBytes, indexHeaderSizeBytes + slot * indexSlotSizeBytes);
    return b.readInt32BE(0);
  }

  private readEntry(n: number, target: Buffer): void {
    const w = this.writable;
    if (w && n >= w.pendingFirst) {
      const at = (n - w.pendingFirst) * indexEntrySizeBytes;
      w.pending.copy(target, 0, at, at + indexEntrySizeBytes);
      return;
    }
    const got = this.handle.read(target, 0, indexEntrySizeBytes, this.entryPosition(n));
    if (got < indexEntrySizeBytes) target.fill(0, got);
  }

  private entryPosition(n: number): number {
    return indexHeaderSizeBytes + this.geometry.slotCount * indexSlotSizeBytes + n * indexEntrySizeBytes;
  }

  close(): void {
    this.handle.close();
  }
}
