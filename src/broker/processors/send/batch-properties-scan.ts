// What dispatch needs from one batch entry's properties (TAGS, KEYS, UNIQ_KEY), read in one pass
// over the entry's text without building a Map: this runs once per message of every batch.
// Same answers as decoding the stored properties (the entry's, then the batch's shared ones) into
// a Map: segments without a non-empty name and value are skipped, a later value of a name wins,
// and a name the batch's shared properties carry wins over the entry's.
// A DELAY segment (any value) makes the entry a delayed message, which a batch cannot hold.
import { PropertyKey } from '../../../common/message/property-keys.js';
import type { DispatchHints } from '../../../store/api.js';

const nameValueSeparator = '\u0001';
const propertySeparator = '\u0002';

/** The entry's hints, with `shared`'s values taking precedence; undefined when the entry is delayed. */
export function scanBatchEntryHints(text: string, shared: DispatchHints): DispatchHints | undefined {
  let tags: string | undefined;
  let keys: string | undefined;
  let uniqKey: string | undefined;
  const end = text.length;
  // The next name-value separator at or after the current segment, searched again only once passed
  // (-1: none left), so a long run of segments without one is still read in linear time.
  let nextSeparator = -2;
  for (let at = 0; at < end; ) {
    let segmentEnd = text.indexOf(propertySeparator, at);
    if (segmentEnd < 0) segmentEnd = end;
    if (nextSeparator < at && nextSeparator !== -1) nextSeparator = text.indexOf(nameValueSeparator, at);
    if (nextSeparator >= 0 && nextSeparator < segmentEnd) {
      const separator = nextSeparator;
      const nameLength = separator - at;
      if (isName(text, at, nameLength, PropertyKey.DELAY_TIME_LEVEL)) return undefined;
      // A name with an empty value (or an empty name) is dropped by the decoder.
      if (nameLength > 0 && separator < segmentEnd - 1) {
        if (isName(text, at, nameLength, PropertyKey.TAGS)) tags = text.slice(separator + 1, segmentEnd);
        else if (isName(text, at, nameLength, PropertyKey.KEYS)) keys = text.slice(separator + 1, segmentEnd);
        else if (isName(text, at, nameLength, PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX)) uniqKey = text.slice(separator + 1, segmentEnd);
      }
    }
    at = segmentEnd + 1;
  }
  return { tags: shared.tags ?? tags, keys: shared.keys ?? keys, uniqKey: shared.uniqKey ?? uniqKey, delayLevel: 0 };
}

function isName(text: string, at: number, length: number, name: string): boolean {
  return length === name.length && text.startsWith(name, at);
}
