// The read path of a pull (DefaultMessageStore.getMessage): consume queue entries from `offset`,
// filtered by tags code, their records read from the commit log as they lie on disk.
//
// Status and next offset (behaviours.md §5):
//   no queue                     NO_MATCHED_LOGIC_QUEUE  next 0
//   queue empty (max = 0)        NO_MESSAGE_IN_QUEUE     next 0
//   offset < min                 OFFSET_TOO_SMALL        next min
//   offset = max                 OFFSET_OVERFLOW_ONE     next offset
//   offset > max                 OFFSET_OVERFLOW_BADLY   next max
//   segment of offset gone       OFFSET_FOUND_NULL       next start of the following segment
//   otherwise the scan: FOUND (≥ 1 message), else NO_MATCHED_MESSAGE (all filtered) or
//   MESSAGE_WAS_REMOVING (records below the commit log's start); next = offset + entries scanned.
//
// One call scans at most max(16000 bytes, maxCount × 20) of one consume queue segment and stops
// when the batch is full: maxCount messages, or adding the next would pass maxBytes (the first
// message is always taken). Records that lie back to back in the commit log are read with one
// call and sliced. A slice that does not start with its entry's size and a message magic (a
// damaged consume queue entry) is never served.
import { cqEntryOffset, cqEntrySize, cqEntrySizeBytes, cqEntryTagsCode } from '../consumequeue/cq-entry.js';
import { blankEntrySize, type ConsumeQueue } from '../consumequeue/consume-queue.js';
import { storedMessageMagicV1, storedMessageMagicV2 } from '../../common/message/stored-message-layout.js';
import type { GetResult, GetStatus, MessageFilter } from '../api.js';

/** At least this many bytes of consume queue are scanned per call (RocketMQ's 16000). */
export const getScanBytesMin = 16_000;
const scanEntriesMin = getScanBytesMin / cqEntrySizeBytes;

/** What get() needs from the commit log. */
export interface RecordReader {
  minOffset(): number;
  /** `size` bytes at `offset`, or undefined when they are not (or no longer) in the log. */
  read(offset: number, size: number): Buffer | undefined;
  /** Start of the segment after the one holding `offset`. */
  nextSegmentStart(offset: number): number;
  /** The properties of a record (for filters that look at them). */
  propertiesOf(record: Buffer): ReadonlyMap<string, string>;
}

export interface GetRequest {
  offset: number;
  maxCount: number;
  maxBytes: number;
  filter: MessageFilter | undefined;
}

/** Reusable scratch space for one store: get() runs to completion synchronously. */
export class GetScratch {
  entries = Buffer.alloc(getScanBytesMin * 2);
  ensure(entries: number): Buffer {
    const bytes = entries * cqEntrySizeBytes;
    if (this.entries.length < bytes) this.entries = Buffer.alloc(bytes);
    return this.entries;
  }
}

function isRecord(record: Buffer, size: number): boolean {
  if (record.length < 8 || record.readInt32BE(0) !== size) return false;
  const magic = record.readInt32BE(4);
  return magic === storedMessageMagicV1 || magic === storedMessageMagicV2;
}

function result(status: GetStatus, nextBeginOffset: number, minOffset: number, maxOffset: number): GetResult {
  return { status, nextBeginOffset, minOffset, maxOffset, messages: [], queueOffsets: [], bufferTotalSize: 0 };
}

export function getMessages(cq: ConsumeQueue | undefined, log: RecordReader, req: GetRequest, scratch: GetScratch): GetResult {
  if (!cq) return result('NO_MATCHED_LOGIC_QUEUE', 0, 0, 0);
  const min = cq.minOffset();
  const max = cq.maxOffset();
  const { offset } = req;
  if (max === 0) return result('NO_MESSAGE_IN_QUEUE', 0, min, max);
  if (offset < min) return result('OFFSET_TOO_SMALL', min, min, max);
  if (offset === max) return result('OFFSET_OVERFLOW_ONE', offset, min, max);
  if (offset > max) return result('OFFSET_OVERFLOW_BADLY', max, min, max);

  const scanEntries = Math.max(scanEntriesMin, req.maxCount);
  const run = cq.readEntries(offset, scanEntries, scratch.ensure(scanEntries));
  if (!run) return result('OFFSET_FOUND_NULL', cq.nextSegmentStart(offset), min, max);

  const out = result('NO_MATCHED_MESSAGE', offset, min, max);
  const buf = run.buf;
  const filter = req.filter;
  const byProperties = filter?.matchesProperties;
  const logMin = log.minOffset();
  // Accepted entries (offset, size, queue offset) whose records are read after the scan.
  const deferred: number[] = [];
  let count = 0;
  let bytes = 0;
  let skipBelow = -1;
  let i = 0;
  for (; i < run.count; i++) {
    const at = i * cqEntrySizeBytes;
    const phy = cqEntryOffset(buf, at);
    const size = cqEntrySize(buf, at);
    if (count > 0 && (count >= req.maxCount || bytes + size > req.maxBytes)) break;
    if (phy < skipBelow) continue;
    if (filter && !filter.matchesTagsCode(cqEntryTagsCode(buf, at))) continue;
    if (size === blankEntrySize || phy < logMin) {
      if (count === 0) out.status = 'MESSAGE_WAS_REMOVING';
      skipBelow = log.nextSegmentStart(phy);
      continue;
    }
    if (byProperties) {
      const record = log.read(phy, size);
      if (!record || !isRecord(record, size)) {
        if (count === 0) out.status = 'MESSAGE_WAS_REMOVING';
        skipBelow = log.nextSegmentStart(phy);
        continue;
      }
      if (!byProperties.call(filter, log.propertiesOf(record))) continue;
      out.messages.push(record);
      out.queueOffsets.push(offset + i);
    } else {
      deferred.push(phy, size, offset + i);
    }
    count++;
    bytes += size;
    out.status = 'FOUND';
  }
  if (deferred.length > 0) readRuns(log, deferred, out);
  for (const m of out.messages) out.bufferTotalSize += m.length;
  out.nextBeginOffset = offset + i;
  if (out.messages.length === 0 && out.status === 'FOUND') out.status = 'MESSAGE_WAS_REMOVING';
  return out;
}

/** Reads deferred (offset, size, queue offset) triples, one call per run of adjacent records. */
function readRuns(log: RecordReader, triples: number[], out: GetResult): void {
  for (let k = 0; k < triples.length; ) {
    const start = triples[k]!;
    let end = start + triples[k + 1]!;
    let j = k + 3;
    while (j < triples.length && triples[j] === end) {
      end += triples[j + 1]!;
      j += 3;
    }
    const block = log.read(start, end - start);
    for (let p = k; p < j; p += 3) {
      const size = triples[p + 1]!;
      const from = triples[p]! - start;
      // A block read fails only at a segment edge a record cannot cross; fall back to one by one.
      const record = block ? block.subarray(from, from + size) : log.read(triples[p]!, size);
      if (!record || !isRecord(record, size)) continue;
      out.messages.push(record);
      out.queueOffsets.push(triples[p + 2]!);
    }
    k = j;
  }
}
