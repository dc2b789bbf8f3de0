// Reads stored records back in order and yields, batch by batch, the same facts the append path
// gives its listeners (AppendedRecords), so consume queues and the index can be rebuilt from the
// commit log after a crash. Runs after commit log recovery, so it meets only valid records and
// blank markers; anything else ends the scan where it stands (and is reported by its return).
import { locateStoredMessageFields, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import { blankMarkerMagic, blankMarkerSizeBytes, readInt64, StoredMessagePosition as P } from '../../common/message/stored-message-layout.js';
import { AppendedRecords } from './appended-records.js';
import type { CommitLog } from './commit-log.js';
import { dispatchHintsFromProperties } from './dispatch-hints.js';

/** Bytes read per step of a scan (plus room for one whole record). */
export const scanWindowBytes = 4 * 1024 * 1024;

/**
 * Visits the records in [from, to) (to defaults to the log's end) in batches. Returns the offset
 * where the scan stopped: `to`, or the first offset holding no valid record.
 */
export function scanCommitLog(log: CommitLog, from: number, visit: (records: AppendedRecords) => void, to = log.maxOffset()): number {
  const segmentSize = log.segmentSizeBytes;
  const window = Buffer.allocUnsafe(Math.min(scanWindowBytes + log.recordSizeMaxBytes, segmentSize));
  const fields = new StoredMessageFields();
  const records = new AppendedRecords();
  const flush = (): void => {
    if (records.count === 0) return;
    visit(records);
    records.clear();
  };
  let pos = from;
  while (pos < to) {
    const segmentEnd = pos - (pos % segmentSize) + segmentSize;
    const got = log.segments.read(window, 0, Math.min(window.length, to - pos, segmentEnd - pos), pos);
    let at = 0;
    let next = -1;
    while (got - at >= blankMarkerSizeBytes) {
      if (window.readInt32BE(at + P.magic) === blankMarkerMagic) {
        next = segmentEnd;
        break;
      }
      const size = window.readInt32BE(at + P.totalSize);
      if (size > got - at && at > 0) break; // continues past the window: read again from here
      if (locateStoredMessageFields(window, at, got, fields) !== undefined || fields.totalSize !== size) {
        flush();
        return pos + at;
      }
      records.push(
        pos + at,
        size,
        window.toString('utf8', fields.topicAt, fields.topicAt + fields.topicBytes),
        window.readInt32BE(at + P.queueId),
        readInt64(window, at + P.queueOffset),
        readInt64(window, fields.storeTimestampAt),
        window.readInt32BE(at + P.sysFlag),
        dispatchHintsFromProperties(window.toString('utf8', fields.propertiesAt, fields.propertiesAt + fields.propertiesBytes)),
      );
      at += size;
    }
    flush();
    if (next < 0 && at === 0) return pos; // fewer bytes than any record: nothing more to read
    pos = next >= 0 ? next : pos + at;
  }
  return Math.min(pos, to);
}
