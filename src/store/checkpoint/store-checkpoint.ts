// <storePathRootDir>/checkpoint: one 4 KiB page, RocketMQ's StoreCheckpoint layout first so its
// tools read it, then our own fields. Big-endian.
//
//   off  size  field
//     0     8  physicMsgTimestamp    store time of the last durable commit log record
//     8     8  logicsMsgTimestamp    store time of the last durable consume queue entry
//    16     8  indexMsgTimestamp     store time of the last durable index entry
//    24     8  physicFlushedOffset   every commit log byte below it was durable when written;
//                                    always a record boundary (recovery starts scans there)
//    32     4  magic 0x524D5143 ("RMQC"), tells our checkpoint from RocketMQ's
//    36  4056  zeros
//  4092     4  crc32 of bytes [0, 4092)
//
// Written whole with FileIO.writeFileAtomic, so a crash leaves the old or the new page; the CRC
// catches a damaged page, which then reads as no checkpoint (recovery scans more).
// RocketMQ's checkpoint (no magic) is read for its timestamps, without an offset.
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { readInt64, writeInt64 } from '../../common/message/stored-message-layout.js';
import type { FileIO } from '../io/file-io.js';
import { checkpointSizeBytes } from '../store-limits.js';

export const checkpointFileName = 'checkpoint';
const checkpointMagic = 0x524d5143;
const crcAt = checkpointSizeBytes - 4;

export interface StoreCheckpoint {
  physicMsgTimestamp: number;
  logicsMsgTimestamp: number;
  indexMsgTimestamp: number;
  /** Commit log offset below which everything was durable; undefined in a RocketMQ checkpoint. */
  physicFlushedOffset: number | undefined;
}

export function checkpointPath(rootDir: string): string {
  return join(rootDir, checkpointFileName);
}

export function encodeCheckpoint(cp: StoreCheckpoint): Buffer {
  const page = Buffer.alloc(checkpointSizeBytes);
  writeInt64(page, cp.physicMsgTimestamp, 0);
  writeInt64(page, cp.logicsMsgTimestamp, 8);
  writeInt64(page, cp.indexMsgTimestamp, 16);
  writeInt64(page, cp.physicFlushedOffset ?? 0, 24);
  page.writeInt32BE(checkpointMagic, 32);
  page.writeUInt32BE(crc32(page.subarray(0, crcAt)), crcAt);
  return page;
}

/** The checkpoint in `page`, or undefined when it is missing, short or damaged. */
export function decodeCheckpoint(page: Buffer | undefined): StoreCheckpoint | undefined {
  if (!page || page.length < 24) return undefined;
  const timestamps = { physicMsgTimestamp: readInt64(page, 0), logicsMsgTimestamp: readInt64(page, 8), indexMsgTimestamp: readInt64(page, 16) };
  if (page.length < checkpointSizeBytes || page.readInt32BE(32) !== checkpointMagic) {
    // A RocketMQ checkpoint: timestamps only (they are never negative there).
    return Object.values(timestamps).every((t) => t >= 0) ? { ...timestamps, physicFlushedOffset: undefined } : undefined;
  }
  if (page.readUInt32BE(crcAt) !== crc32(page.subarray(0, crcAt))) return undefined;
  const offset = readInt64(page, 24);
  return offset >= 0 ? { ...timestamps, physicFlushedOffset: offset } : undefined;
}

export function readCheckpoint(io: FileIO, rootDir: string): StoreCheckpoint | undefined {
  return decodeCheckpoint(io.readFile(checkpointPath(rootDir)));
}

/**
 * Holds the latest checkpoint values and writes them to disk, one write at a time: values that
 * arrive during a write go out in the next one. A stale checkpoint is safe (recovery scans more),
 * so callers write it on a timer and at shutdown, not after every flush.
 */
export class CheckpointWriter {
  private current: StoreCheckpoint;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly io: FileIO,
    private readonly rootDir: string,
    initial: StoreCheckpoint | undefined,
  ) {
    this.current = initial ?? { physicMsgTimestamp: 0, logicsMsgTimestamp: 0, indexMsgTimestamp: 0, physicFlushedOffset: undefined };
  }

  value(): Readonly<StoreCheckpoint> {
    return this.current;
  }

  update(fields: Partial<StoreCheckpoint>): void {
    this.current = { ...this.current, ...fields };
    this.dirty = true;
  }

  /** Writes the latest values (if changed since the last write) and resolves once they are durable. */
  async write(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = this.io.writeFileAtomic(checkpointPath(this.rootDir), encodeCheckpoint(this.current));
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }
}
