// Consume queue entry (ConsumeQueue.CQ_STORE_UNIT_SIZE), 20 bytes, big-endian:
//
//   0  commitLogOffset  int64   where the record starts in the commit log
//   8  size             int32   the record's TOTALSIZE
//  12  tagsCode         int64   Java String.hashCode of TAGS, sign-extended (0 when none);
//                               for SCHEDULE_TOPIC_XXXX the deliver time in ms
//
// Entry n of a queue lives at byte n * 20 of the queue's logical file space. An entry is valid
// while commitLogOffset >= 0 and size > 0, which is how recovery finds a queue's end: a
// preallocated segment reads as zeros past the last entry.
import { consumeQueueEntrySizeBytes } from '../store-config.js';

export const cqEntrySizeBytes = consumeQueueEntrySizeBytes;
const twoTo32 = 0x1_0000_0000;

export interface CqEntry {
  commitLogOffset: number;
  size: number;
  tagsCode: number;
}

/** Writes an int64 from a safe integer without a BigInt. */
export function writeInt64(buf: Buffer, value: number, at: number): void {
  const high = Math.floor(value / twoTo32);
  buf.writeInt32BE(high | 0, at);
  buf.writeUInt32BE(value - high * twoTo32, at + 4);
}

/** Reads an int64 as a number (exact below 2^53, which covers every offset and timestamp). */
export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * twoTo32 + buf.readUInt32BE(at + 4);
}

export function writeCqEntry(buf: Buffer, at: number, commitLogOffset: number, size: number, tagsCode: number): void {
  writeInt64(buf, commitLogOffset, at);
  buf.writeInt32BE(size, at + 8);
  writeInt64(buf, tagsCode, at + 12);
}

/** writeCqEntry through a DataView over the target (the append path: fewer checks and calls than Buffer's writers). */
export function setCqEntry(view: DataView, at: number, commitLogOffset: number, size: number, tagsCode: number): void {
  setInt64(view, at, commitLogOffset);
  view.setInt32(at + 8, size);
  setInt64(view, at + 12, tagsCode);
}

/** A safe integer as a big-endian int64 through a DataView. */
export function setInt64(view: DataView, at: number, value: number): void {
  const high = Math.floor(value / twoTo32);
  view.setInt32(at, high);
  view.setUint32(at + 4, value - high * twoTo32);
}

export const cqEntryOffset = (buf: Buffer, at: number): number => readInt64(buf, at);
export const cqEntrySize = (buf: Buffer, at: number): number => buf.readInt32BE(at + 8);
export const cqEntryTagsCode = (buf: Buffer, at: number): number => readInt64(buf, at + 12);

export function readCqEntry(buf: Buffer, at: number): CqEntry {
  return { commitLogOffset: cqEntryOffset(buf, at), size: cqEntrySize(buf, at), tagsCode: cqEntryTagsCode(buf, at) };
}

/** A written entry, as opposed to preallocated zeros or a torn write. */
export function isValidCqEntry(buf: Buffer, at: number): boolean {
  return cqEntryOffset(buf, at) >= 0 && cqEntrySize(buf, at) > 0;
}
