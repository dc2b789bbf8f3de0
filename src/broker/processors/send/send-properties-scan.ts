// A single message's properties read in one pass over the sent string, without building a Map
// (this runs once per message stored). It gives what the send path needs — the properties as
// stored (WAIT taken out, CLUSTER appended), WAIT itself, and the dispatch hints (TAGS, KEYS,
// UNIQ_KEY) — and the same stored string the Map path (message-parts.ts) would give.
// It declines (undefined: take the Map path) whenever that path does more than this one:
// DELAY (rewritten for the schedule topic), TRAN_MSG (a transaction half), CLUSTER already
// present (replaced in place), a malformed or empty segment (dropped by the decoder), a name
// given twice (merged by the Map), or more than segmentsMax properties.
import { PropertyKey } from '../../../common/message/property-keys.js';
import type { DispatchHints } from '../../../store/api.js';

const nameValueSeparator = '\u0001';
const propertySeparator = '\u0002';
const propertySeparatorCode = 0x02;
/** More properties than this are left to the Map path (names are compared pairwise). */
export const segmentsMax = 32;

export interface ScannedSendProperties {
  /** As stored: without WAIT, with CLUSTER last. */
  stored: string;
  /** WAIT is not "false". */
  waitStoreMsgOk: boolean;
  hints: DispatchHints;
}

const nameStarts = new Int32Array(segmentsMax);
const nameLengths = new Int32Array(segmentsMax);
let clusterNameCached = '';
let clusterEntryCached = '';

/** `text` is the request's properties; undefined when the Map path must handle it. */
export function scanSendProperties(text: string | undefined, clusterName: string): ScannedSendProperties | undefined {
  if (clusterName !== clusterNameCached || clusterEntryCached === '') {
    clusterNameCached = clusterName;
    clusterEntryCached = PropertyKey.CLUSTER + nameValueSeparator + clusterName;
  }
  const clusterEntry = clusterEntryCached;
  const hints: DispatchHints = { tags: undefined, keys: undefined, uniqKey: undefined, delayLevel: 0 };
  if (text === undefined || text === '') return { stored: clusterEntry, waitStoreMsgOk: true, hints };
  // Java clients end the string with a separator; the decoder ignores that empty last segment.
  let end = text.length;
  if (text.charCodeAt(end - 1) === propertySeparatorCode) end--;
  let count = 0;
  let waitStart = -1;
  let waitEnd = -1;
  let waitStoreMsgOk = true;
  for (let at = 0; end > 0; ) {
    let segmentEnd = text.indexOf(propertySeparator, at);
    if (segmentEnd < 0 || segmentEnd > end) segmentEnd = end;
    const separator = text.indexOf(nameValueSeparator, at);
    if (separator <= at || separator >= segmentEnd - 1 || count === segmentsMax) return undefined;
    const nameLength = separator - at;
    for (let j = 0; j < count; j++) {
      if (nameLengths[j] === nameLength && sameChars(text, nameStarts[j]!, at, nameLength)) return undefined;
    }
    nameStarts[count] = at;
    nameLengths[count] = nameLength;
    count++;
    const valueAt = separator + 1;
    if (isName(text, at, nameLength, PropertyKey.WAIT_STORE_MSG_OK)) {
      waitStart = at;
      waitEnd = segmentEnd;
      waitStoreMsgOk = !(segmentEnd - valueAt === 5 && text.startsWith('false', valueAt));
    } else if (isName(text, at, nameLength, PropertyKey.TAGS)) {
      hints.tags = text.slice(valueAt, segmentEnd);
    } else if (isName(text, at, nameLength, PropertyKey.KEYS)) {
      hints.keys = text.slice(valueAt, segmentEnd);
    } else if (isName(text, at, nameLength, PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX)) {
      hints.uniqKey = text.slice(valueAt, segmentEnd);
    } else if (
      isName(text, at, nameLength, PropertyKey.DELAY_TIME_LEVEL) ||
      isName(text, at, nameLength, PropertyKey.TRANSACTION_PREPARED) ||
      isName(text, at, nameLength, PropertyKey.CLUSTER)
    ) {
      return undefined;
    }
    if (segmentEnd === end) break;
    at = segmentEnd + 1;
  }
  let kept: string;
  if (waitStart < 0) kept = end === text.length ? text : text.slice(0, end);
  else if (waitEnd >= end) kept = waitStart === 0 ? '' : text.slice(0, waitStart - 1);
  else kept = text.slice(0, waitStart) + text.slice(waitEnd + 1, end);
  return { stored: kept === '' ? clusterEntry : kept + propertySeparator + clusterEntry, waitStoreMsgOk, hints };
}

function isName(text: string, at: number, length: number, name: string): boolean {
  return length === name.length && text.startsWith(name, at);
}

function sameChars(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}
