// <root>/dispatchpoint: how far consume queues and the index are durable, written after each
// consume queue flush (and at shutdown) with FileIO.writeFileAtomic. One JSON line, then a line
// with the CRC32 of the first, so a damaged file reads as missing:
//
//   {"version":1,"dispatchedOffset":123456,"timestamp":1700000000000,"index":{"fileName":"...",
//    "beginTimestamp":..,"endTimestamp":..,"beginPhyOffset":..,"endPhyOffset":..,"indexCount":42}}
//   9f3a01bc
//
// dispatchedOffset: every record below it has its consume queue entry and index keys on disk
// (synced). Recovery keeps the entries below it and rebuilds the rest from the commit log.
// RocketMQ keeps this fact as timestamps in its checkpoint file; an offset needs no search.
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { FileIO } from '../io/file-io.js';
import type { IndexSafePoint } from '../index/index-service.js';

export const dispatchPointFileName = 'dispatchpoint';
const formatVersion = 1;

export interface DispatchPoint {
  dispatchedOffset: number;
  /** Store time of the last record below dispatchedOffset (0 when none). */
  timestamp: number;
  index: IndexSafePoint | undefined;
}

export function dispatchPointPath(rootDir: string): string {
  return join(rootDir, dispatchPointFileName);
}

export function encodeDispatchPoint(point: DispatchPoint): Buffer {
  const json = JSON.stringify({ version: formatVersion, ...point });
  return Buffer.from(`${json}\n${crc32(json).toString(16).padStart(8, '0')}\n`, 'utf8');
}

/** The decoded point, or undefined when the bytes are not a whole, intact point. */
export function decodeDispatchPoint(bytes: Buffer | undefined): DispatchPoint | undefined {
  if (!bytes) return undefined;
  const [json, crc] = bytes.toString('utf8').split('\n');
  if (!json || !crc || crc32(json).toString(16).padStart(8, '0') !== crc) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  return isDispatchPoint(parsed) ? { dispatchedOffset: parsed.dispatchedOffset, timestamp: parsed.timestamp, index: parsed.index } : undefined;
}

function isSafeCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isDispatchPoint(v: unknown): v is DispatchPoint & { version: number } {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (p.version !== formatVersion || !isSafeCount(p.dispatchedOffset) || !isSafeCount(p.timestamp)) return false;
  if (p.index === undefined) return true;
  if (typeof p.index !== 'object' || p.index === null) return false;
  const i = p.index as Record<string, unknown>;
  return (
    typeof i.fileName === 'string' &&
    [i.beginTimestamp, i.endTimestamp, i.beginPhyOffset, i.endPhyOffset, i.indexCount].every(isSafeCount)
  );
}

export function readDispatchPoint(io: FileIO, rootDir: string): DispatchPoint | undefined {
  return decodeDispatchPoint(io.readFile(dispatchPointPath(rootDir)));
}

export function writeDispatchPoint(io: FileIO, rootDir: string, point: DispatchPoint): Promise<void> {
  return io.writeFileAtomic(dispatchPointPath(rootDir), encodeDispatchPoint(point));
}
