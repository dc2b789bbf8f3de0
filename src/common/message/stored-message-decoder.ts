// Decodes stored message records (layout in stored-message-layout.ts). Total: a record whose
// lengths do not add up to its TOTALSIZE, or that runs past the buffer, gives a
// StoredMessageFormatError and nothing half-decoded. Body and addresses are slices, not copies.
// The body CRC is not checked here (clients do not check it); see storedMessageCrcMatches.
import { StoredMessageFormatError } from './stored-message-errors.js';
import {
  bodyCrcOf,
  MessageSysFlag,
  readInt64,
  storedMessageMagicV1,
  storedMessageMagicV2,
  storedMessageSizeMinBytes,
  StoredMessagePosition as P,
} from './stored-message-layout.js';
import type { HostAddress, StoredMessage } from './stored-message-types.js';

/** Where the variable fields of one record lie; filled by locateStoredMessageFields, reusable. */
export class StoredMessageFields {
  totalSize = 0;
  bornHostAt = 0;
  bornHostBytes = 0;
  storeTimestampAt = 0;
  storeHostAt = 0;
  storeHostBytes = 0;
  reconsumeTimesAt = 0;
  bodyAt = 0;
  bodyBytes = 0;
  topicAt = 0;
  topicBytes = 0;
  propertiesAt = 0;
  propertiesBytes = 0;
}

/**
 * Checks that the record at `at` is a message record whose field lengths add up exactly to its
 * TOTALSIZE within `buf[at .. end)`, and fills `fields`. Returns undefined when it does, or why not.
 */
export function locateStoredMessageFields(buf: Buffer, at: number, end: number, fields: StoredMessageFields): string | undefined {
  if (end - at < storedMessageSizeMinBytes) return `${end - at} bytes left, a record has at least ${storedMessageSizeMinBytes}`;
  const totalSize = buf.readInt32BE(at + P.totalSize);
  if (totalSize < storedMessageSizeMinBytes || totalSize > end - at) return `TOTALSIZE ${totalSize} outside [${storedMessageSizeMinBytes}, ${end - at}]`;
  const magic = buf.readInt32BE(at + P.magic);
  if (magic !== storedMessageMagicV1 && magic !== storedMessageMagicV2) return `magic ${(magic >>> 0).toString(16)} is not a message`;
  const recordEnd = at + totalSize;
  const sysFlag = buf.readInt32BE(at + P.sysFlag);
  fields.totalSize = totalSize;
  fields.bornHostAt = at + P.bornHost;
  fields.bornHostBytes = sysFlag & MessageSysFlag.BORNHOST_V6 ? 16 : 4;
  fields.storeTimestampAt = fields.bornHostAt + fields.bornHostBytes + 4;
  fields.storeHostAt = fields.storeTimestampAt + 8;
  fields.storeHostBytes = sysFlag & MessageSysFlag.STOREHOST_V6 ? 16 : 4;
  fields.reconsumeTimesAt = fields.storeHostAt + fields.storeHostBytes + 4;
  const bodyLengthAt = fields.reconsumeTimesAt + 12;
  if (bodyLengthAt + 4 > recordEnd) return 'hosts run past TOTALSIZE';
  fields.bodyBytes = buf.readInt32BE(bodyLengthAt);
  fields.bodyAt = bodyLengthAt + 4;
  if (fields.bodyBytes < 0 || fields.bodyAt + fields.bodyBytes > recordEnd) return `body length ${fields.bodyBytes} runs past TOTALSIZE`;
  let p = fields.bodyAt + fields.bodyBytes;
  const topicLengthBytes = magic === storedMessageMagicV2 ? 2 : 1;
  if (p + topicLengthBytes > recordEnd) return 'topic length runs past TOTALSIZE';
  fields.topicBytes = topicLengthBytes === 2 ? buf.readInt16BE(p) : buf.readInt8(p);
  fields.topicAt = p + topicLengthBytes;
  if (fields.topicBytes < 0 || fields.topicAt + fields.topicBytes + 2 > recordEnd) return `topic length ${fields.topicBytes} runs past TOTALSIZE`;
  p = fields.topicAt + fields.topicBytes;
  fields.propertiesBytes = buf.readInt16BE(p);
  fields.propertiesAt = p + 2;
  if (fields.propertiesBytes < 0 || fields.propertiesAt + fields.propertiesBytes !== recordEnd) {
    return `properties length ${fields.propertiesBytes} does not end at TOTALSIZE ${totalSize}`;
  }
  return undefined;
}

/** Whether the BODYCRC field matches the body (fields from locateStoredMessageFields). */
export function storedMessageCrcMatches(buf: Buffer, at: number, fields: StoredMessageFields): boolean {
  return buf.readInt32BE(at + P.bodyCrc) === bodyCrcOf(buf.subarray(fields.bodyAt, fields.bodyAt + fields.bodyBytes));
}

function host(buf: Buffer, at: number, bytes: number): HostAddress {
  return { address: buf.subarray(at, at + bytes), port: buf.readInt32BE(at + bytes) };
}

const scratch = new StoredMessageFields();

/** Decodes the record at `at`; throws StoredMessageFormatError when it is not a whole, consistent record. */
export function decodeStoredMessage(buf: Buffer, at = 0): StoredMessage {
  const problem = locateStoredMessageFields(buf, at, buf.length, scratch);
  if (problem !== undefined) throw new StoredMessageFormatError(`no stored message at ${at}: ${problem}`, at);
  const f = scratch;
  return {
    totalSize: f.totalSize,
    magic: buf.readInt32BE(at + P.magic),
    bodyCrc: buf.readInt32BE(at + P.bodyCrc),
    queueId: buf.readInt32BE(at + P.queueId),
    flag: buf.readInt32BE(at + P.flag),
    queueOffset: readInt64(buf, at + P.queueOffset),
    physicalOffset: readInt64(buf, at + P.physicalOffset),
    sysFlag: buf.readInt32BE(at + P.sysFlag),
    bornTimestamp: readInt64(buf, at + P.bornTimestamp),
    bornHost: host(buf, f.bornHostAt, f.bornHostBytes),
    storeTimestamp: readInt64(buf, f.storeTimestampAt),
    storeHost: host(buf, f.storeHostAt, f.storeHostBytes),
    reconsumeTimes: buf.readInt32BE(f.reconsumeTimesAt),
    preparedTransactionOffset: readInt64(buf, f.reconsumeTimesAt + 4),
    body: buf.subarray(f.bodyAt, f.bodyAt + f.bodyBytes),
    topic: buf.toString('utf8', f.topicAt, f.topicAt + f.topicBytes),
    properties: buf.toString('utf8', f.propertiesAt, f.propertiesAt + f.propertiesBytes),
    record: buf.subarray(at, at + f.totalSize),
  };
}

/** Decodes records laid back to back (a pull or query response body) until the buffer ends. */
export function decodeStoredMessages(buf: Buffer): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (let at = 0; at < buf.length; ) {
    const m = decodeStoredMessage(buf, at);
    out.push(m);
    at += m.totalSize;
  }
  return out;
}
