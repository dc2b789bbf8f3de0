// Reads the TAGS property straight from a stored record's bytes, for the exact tag check of a
// pull: the properties field is located (stored-message-decoder.ts) and scanned for a segment
// "TAGS" 0x01 value, without decoding the other properties. As in the Java decoder, a segment
// with an empty value does not count, and when TAGS appears twice the last one wins.
import { locateStoredMessageFields, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import { PropertyKey } from '../../common/message/property-keys.js';

const propertySeparator = 0x02;
const tagsName = Buffer.from(PropertyKey.TAGS + '\u0001', 'latin1');

/** Finds TAGS in records; one instance reuses its scratch fields (not re-entrant). */
export class RecordTagsReader {
  private readonly fields = new StoredMessageFields();

  /** The record's TAGS; undefined when it has none or is not a well-formed record. */
  tagsOf(record: Buffer): string | undefined {
    const f = this.fields;
    if (locateStoredMessageFields(record, 0, record.length, f) !== undefined) return undefined;
    return tagsInProperties(record, f.propertiesAt, f.propertiesAt + f.propertiesBytes);
  }
}

/** The TAGS value in encoded properties `buf[start, end)`. */
export function tagsInProperties(buf: Buffer, start: number, end: number): string | undefined {
  let found: string | undefined;
  let at = start;
  while (at < end) {
    let segmentEnd = buf.indexOf(propertySeparator, at);
    if (segmentEnd < 0 || segmentEnd > end) segmentEnd = end;
    const valueAt = at + tagsName.length;
    if (valueAt < segmentEnd && buf.compare(tagsName, 0, tagsName.length, at, valueAt) === 0) {
      found = buf.toString('utf8', valueAt, segmentEnd);
    }
    at = segmentEnd + 1;
  }
  return found;
}
