// Commit log recovery: find where valid records end, cut the log there, open it for appends.
//
// Where the scan starts (the checkpoint's physicFlushedOffset is a record boundary below which
// everything was durable when the checkpoint was written):
//
//   checkpoint offset usable*   last run     scan from
//   no                          any          start of the first segment (full scan)
//   yes                         clean        the checkpoint offset: a clean restart reads one
//                                            header past it and stops on zeros
//   yes                         crashed      start of the segment holding the checkpoint offset,
//                                            re-verifying durable records there as RocketMQ does
//   * present, ours (not RocketMQ's), intact, and within the segments on disk
//
// From there each position goes through the decision table (commitlog-record-decision.ts):
// accept moves past the record, next segment jumps to the next segment's start, truncate ends
// the scan. The log is then cut at that offset: later segments are deleted and, after a crash
// or when the scan stopped on something other than zeros, the rest of the segment is zeroed so
// that later appends are never followed by stale bytes. The cut is synced before appends start.
// What was dropped is logged.
import type { Logger } from '../../common/logger.js';
import { locateStoredMessageFields, storedMessageCrcMatches, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import {
  blankMarkerMagic,
  blankMarkerSizeBytes,
  readInt64,
  storedMessageMagicV1,
  storedMessageMagicV2,
  storedMessageSizeMinBytes,
  StoredMessagePosition as P,
} from '../../common/message/stored-message-layout.js';
import type { StoreCheckpoint } from '../checkpoint/store-checkpoint.js';
import type { CommitLog } from '../commitlog/commit-log.js';
import { scanWindowBytes } from '../commitlog/commit-log-scan.js';
import { decideRecord, type RecordInputs } from './commitlog-record-decision.js';

export interface CommitLogRecoveryInput {
  /** The abort file was present: the last run did not shut down cleanly. */
  crashed: boolean;
  checkpoint: StoreCheckpoint | undefined;
  /** checkCRCOnRecover (default true). */
  checkCrc?: boolean;
  logger?: Logger;
}

export interface CommitLogRecoveryReport {
  crashed: boolean;
  scanFrom: number;
  /** Where valid records end: the next append goes here. */
  end: number;
  recordsChecked: number;
  /** Store time of the last valid record scanned (0 when none). */
  lastStoreTimestamp: number;
  /** Why the scan stopped: the decision table's reason, or "end of segments". */
  stoppedBecause: string;
  /** TOTALSIZE and MAGICCODE found at `end`, when bytes were there. */
  headerAtEnd: { totalSize: number; magic: number } | undefined;
  deletedSegments: number[];
  zeroedTail: boolean;
}

/**
 * Whether the record shows no trace of a torn write. Space the commit log has not written is
 * always zero (segments start zeroed, recovery zeroes what it cuts), so a write torn inside a
 * record leaves zeros where its later bytes belong. The body is covered by its CRC; the rest
 * must not read as zeros where real bytes never are: topic bytes (never NUL), the last byte of
 * non-empty properties (the encoder refuses a trailing NUL), and the store timestamp.
 */
function showsNoTornTail(buf: Buffer, fields: StoredMessageFields): boolean {
  if (fields.topicBytes === 0 || readInt64(buf, fields.storeTimestampAt) === 0) return false;
  for (let i = fields.topicAt; i < fields.topicAt + fields.topicBytes; i++) if (buf[i] === 0) return false;
  return fields.propertiesBytes === 0 || buf[fields.propertiesAt + fields.propertiesBytes - 1] !== 0;
}

/** Where the scan starts (table above). */
export function recoveryScanStart(log: CommitLog, crashed: boolean, checkpoint: StoreCheckpoint | undefined): number {
  const first = log.segments.first();
  if (!first) return 0;
  const offset = checkpoint?.physicFlushedOffset;
  if (offset === undefined || offset < first.start || offset > log.segments.capacityEnd()) return first.start;
  return crashed ? log.segments.segmentStartOf(Math.max(first.start, Math.min(offset, log.segments.capacityEnd() - 1))) : offset;
}

/** Reads [pos, pos + n) of one segment through a window, refilling only when it must. */
class ScanWindow {
  readonly buf: Buffer;
  start = 0;
  length = 0;

  constructor(
    private readonly log: CommitLog,
    capacity: number,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Position of `pos` in buf, with at least `n` bytes (zeros past the files) available. */
  cover(pos: number, n: number, segmentEnd: number): number {
    if (pos < this.start || pos + n > this.start + this.length) {
      const want = Math.min(this.buf.length, segmentEnd - pos);
      const got = this.log.segments.read(this.buf, 0, want, pos);
      this.buf.fill(0, got, want);
      this.start = pos;
      this.length = want;
    }
    return pos - this.start;
  }
}

export async function recoverCommitLog(log: CommitLog, input: CommitLogRecoveryInput): Promise<CommitLogRecoveryReport> {
  const checkCrc = input.checkCrc ?? true;
  const segmentSize = log.segmentSizeBytes;
  const scanFrom = recoveryScanStart(log, input.crashed, input.checkpoint);
  const window = new ScanWindow(log, Math.min(scanWindowBytes + log.recordSizeMaxBytes, segmentSize));
  const fields = new StoredMessageFields();
  const inputs: RecordInputs = { blankMarker: false, magicOk: false, sizeInBounds: false, fitsInSegment: false, crcOk: false };
  let pos = scanFrom;
  let records = 0;
  let lastStoreTimestamp = 0;
  let stoppedBecause = 'end of segments';
  let headerAtEnd: CommitLogRecoveryReport['headerAtEnd'];
  let stoppedOnZeros = true;

  while (log.segments.find(pos)) {
    const segmentEnd = pos - (pos % segmentSize) + segmentSize;
    const left = segmentEnd - pos;
    const at = window.cover(pos, Math.min(blankMarkerSizeBytes, left), segmentEnd);
    const buf = window.buf;
    const totalSize = left >= blankMarkerSizeBytes ? buf.readInt32BE(at + P.totalSize) : 0;
    const magic = left >= blankMarkerSizeBytes ? buf.readInt32BE(at + P.magic) : 0;
    inputs.blankMarker = magic === blankMarkerMagic;
    inputs.magicOk = magic === storedMessageMagicV1 || magic === storedMessageMagicV2;
    inputs.sizeInBounds = inputs.blankMarker ? totalSize === left : totalSize >= storedMessageSizeMinBytes && totalSize <= log.recordSizeMaxBytes;
    inputs.fitsInSegment = inputs.blankMarker || totalSize + blankMarkerSizeBytes <= left;
    inputs.crcOk = false;
    if (inputs.magicOk && inputs.sizeInBounds && inputs.fitsInSegment) {
      const rat = window.cover(pos, totalSize, segmentEnd);
      inputs.crcOk =
        locateStoredMessageFields(window.buf, rat, rat + totalSize, fields) === undefined &&
        readInt64(window.buf, rat + P.physicalOffset) === pos &&
        showsNoTornTail(window.buf, fields) &&
        (!checkCrc || storedMessageCrcMatches(window.buf, rat, fields));
      if (inputs.crcOk) lastStoreTimestamp = readInt64(window.buf, fields.storeTimestampAt);
    }
    const row = decideRecord(inputs);
    if (row.decision === 'accept') {
      pos += totalSize;
      records++;
    } else if (row.decision === 'nextSegment') {
      pos = segmentEnd;
    } else {
      stoppedBecause = row.why;
      stoppedOnZeros = totalSize === 0 && magic === 0;
      headerAtEnd = { totalSize, magic };
      break;
    }
  }

  const zeroTail = input.crashed || !stoppedOnZeros;
  const deletedSegments = log.openAt(pos, zeroTail);
  await log.segments.sync();
  const report: CommitLogRecoveryReport = {
    crashed: input.crashed,
    scanFrom,
    end: pos,
    recordsChecked: records,
    lastStoreTimestamp,
    stoppedBecause,
    headerAtEnd,
    deletedSegments,
    zeroedTail: zeroTail,
  };
  const dropped = !stoppedOnZeros || deletedSegments.length > 0;
  if (dropped) {
    input.logger?.warn(
      { ...report, headerAtEnd: headerAtEnd && { totalSize: headerAtEnd.totalSize, magic: (headerAtEnd.magic >>> 0).toString(16) } },
      `commit log recovery cut the log at ${pos}: ${stoppedBecause}; dropped what followed${deletedSegments.length ? ` and ${deletedSegments.length} later segment(s)` : ''}`,
    );
  } else {
    input.logger?.info({ ...report }, `commit log recovered: ${records} records checked from ${scanFrom}, appends resume at ${pos}`);
  }
  return report;
}
