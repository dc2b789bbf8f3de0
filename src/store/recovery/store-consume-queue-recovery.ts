// Store-level recovery of one consume queue, after the commit log has been recovered.
//
// 1. Find where the queue's data ends: the first all-zero entry of its last non-empty segment
//    (entries are written in order, so a segment is entries then zeros; binary search).
// 2. Walk back from there, dropping entries until one is trustworthy:
//      entry                                                 decision
//      all zero, or offset < 0, or size <= 0                 drop (torn or never written)
//      offset + size > safe offset                           drop (not covered by the last
//                                                             consume queue flush; rebuilt)
//      blank head entry (0, Integer.MAX_VALUE)               keep: the queue starts here
//      record below the commit log's first segment           keep (old, flushed long ago)
//      record at offset has TOTALSIZE = size, a message
//        magic, this queue id and queue offset = position    keep
//      anything else                                         drop
//    The safe offset is min(dispatch point, commit log end): entries for records below it were
//    synced before the point was written, so nothing below is torn; the check against the
//    commit log catches a torn last entry whose offset happens to read low.
// 3. The caller then re-dispatches the commit log from the safe offset.
import { storedMessageMagicV1, storedMessageMagicV2, readInt64, StoredMessagePosition as P } from '../../common/message/stored-message-layout.js';
import { blankEntrySize, type ConsumeQueue } from '../consumequeue/consume-queue.js';
import { cqEntryOffset, cqEntrySize, cqEntrySizeBytes } from '../consumequeue/cq-entry.js';

/** Entries read per step of the backward walk. */
const walkChunkEntries = 4096;
const headerBytes = P.physicalOffset;

export interface RecordHeaderReader {
  minOffset(): number;
  read(offset: number, size: number): Buffer | undefined;
}

export interface QueueRecovery {
  /** Entries found on disk past the kept end (dropped; the rebuild restores the valid ones). */
  dropped: number;
  end: number;
}

function isZero(buf: Buffer, at: number): boolean {
  for (let i = at; i < at + cqEntrySizeBytes; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Entry index just past the last non-zero entry on disk. */
function findDataEnd(cq: ConsumeQueue): number {
  const file = cq.segments();
  const perSegment = cq.entriesPerSegment;
  const entry = Buffer.alloc(cqEntrySizeBytes);
  const segs = file.list();
  for (let s = segs.length - 1; s >= 0; s--) {
    const first = segs[s]!.start / cqEntrySizeBytes;
    const nonZero = (i: number): boolean => {
      file.read(entry, 0, cqEntrySizeBytes, i * cqEntrySizeBytes);
      return !isZero(entry, 0);
    };
    if (!nonZero(first)) continue;
    let lo = first + 1;
    let hi = first + perSegment;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (nonZero(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  return segs.length > 0 ? segs[0]!.start / cqEntrySizeBytes : 0;
}

function trustworthy(cq: ConsumeQueue, buf: Buffer, at: number, index: number, safeOffset: number, log: RecordHeaderReader): boolean {
  const offset = cqEntryOffset(buf, at);
  const size = cqEntrySize(buf, at);
  if (offset === 0 && size === blankEntrySize) return true;
  if (offset < 0 || size <= 0 || offset + size > safeOffset) return false;
  if (offset < log.minOffset()) return true;
  const header = log.read(offset, headerBytes);
  if (!header) return false;
  const magic = header.readInt32BE(P.magic);
  return (
    header.readInt32BE(P.totalSize) === size &&
    (magic === storedMessageMagicV1 || magic === storedMessageMagicV2) &&
    header.readInt32BE(P.queueId) === cq.queueId &&
    readInt64(header, P.queueOffset) === index
  );
}

/** Positions `cq` after its last trustworthy entry below `safeOffset`; see the table above. */
export function recoverConsumeQueue(cq: ConsumeQueue, safeOffset: number, log: RecordHeaderReader): QueueRecovery {
  const file = cq.segments();
  const firstIndex = (file.first()?.start ?? 0) / cqEntrySizeBytes;
  const dataEnd = findDataEnd(cq);
  const chunk = Buffer.alloc(walkChunkEntries * cqEntrySizeBytes);
  let end = firstIndex;
  let maxPhysicEnd = 0;
  walk: for (let hi = dataEnd; hi > firstIndex; ) {
    const lo = Math.max(firstIndex, hi - walkChunkEntries);
    const n = hi - lo;
    chunk.fill(0, 0, n * cqEntrySizeBytes);
    file.read(chunk, 0, n * cqEntrySizeBytes, lo * cqEntrySizeBytes);
    for (let k = n - 1; k >= 0; k--) {
      const at = k * cqEntrySizeBytes;
      if (!isZero(chunk, at) && trustworthy(cq, chunk, at, lo + k, safeOffset, log)) {
        end = lo + k + 1;
        const size = cqEntrySize(chunk, at);
        maxPhysicEnd = size === blankEntrySize ? 0 : cqEntryOffset(chunk, at) + size;
        break walk;
      }
    }
    hi = lo;
  }
  // Zeroing a cut reads the rest of its segment: only done when something was dropped.
  // Either way no segment is kept past the end (an empty one a crash left would look like data).
  if (end === dataEnd) {
    file.truncate(end * cqEntrySizeBytes, false);
    cq.loadEnd(end, maxPhysicEnd);
  } else {
    cq.truncateFrom(end, maxPhysicEnd);
  }
  cq.setMinOffset(firstIndex);
  return { dropped: dataEnd - end, end };
}
