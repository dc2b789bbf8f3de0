// RocketMQ's stored message record (reference/message-format.md §1): the bytes of the commit log,
// also sent as-is in pull, query and view responses. Big-endian throughout.
//
//   off  size  field
//     0     4  TOTALSIZE            whole record, this field included
//     4     4  MAGICCODE            0xDAA320A7 (v1); 5.x v2 0xDAA320AB has an int16 topic length
//     8     4  BODYCRC              crc32(body) & 0x7FFFFFFF
//    12     4  QUEUEID
//    16     4  FLAG                 user flag
//    20     8  QUEUEOFFSET          index in the topic-queue's consume queue
//    28     8  PHYSICALOFFSET       commit log offset of this record
//    36     4  SYSFLAG              0x10: born host IPv6, 0x20: store host IPv6
//    40     8  BORNTIMESTAMP
//    48   8|20 BORNHOST             address (4 or 16) + int32 port
//     .     8  STORETIMESTAMP
//     .   8|20 STOREHOST            address (4 or 16) + int32 port
//     .     4  RECONSUMETIMES
//     .     8  PREPARED TRANSACTION OFFSET
//     .   4+n  BODY                 int32 length, bytes
//     .   1+t  TOPIC                signed byte length (v1) or int16 (v2), UTF-8
//     .   2+p  PROPERTIES           signed int16 length, UTF-8 name\x01value\x02...
//
// Length = 91 + body + topic + properties with IPv4 hosts, + 12 per IPv6 host (+1 for v2).
//
// A segment's unused tail starts with an END_FILE blank marker: int32 TOTALSIZE = bytes left in
// the segment, int32 MAGIC 0xCBD43194. A record is written only where record + 8 fits, so the
// marker always fits after the last record.
export { bodyCrcMask, bodyCrcOf } from './stored-message-crc.js';

export const storedMessageMagicV1 = 0xdaa320a7 | 0;
export const storedMessageMagicV2 = 0xdaa320ab | 0;
export const blankMarkerMagic = 0xcbd43194 | 0;
export const blankMarkerSizeBytes = 8;

export const StoredMessagePosition = {
  totalSize: 0,
  magic: 4,
  bodyCrc: 8,
  queueId: 12,
  flag: 16,
  queueOffset: 20,
  physicalOffset: 28,
  sysFlag: 36,
  bornTimestamp: 40,
  bornHost: 48,
} as const;

/** MessageSysFlag bits (message-format.md §2). */
export const MessageSysFlag = {
  COMPRESSED: 0x1,
  MULTI_TAGS: 0x2,
  TRANSACTION_NOT_TYPE: 0x0,
  TRANSACTION_PREPARED_TYPE: 0x4,
  TRANSACTION_COMMIT_TYPE: 0x8,
  TRANSACTION_ROLLBACK_TYPE: 0xc,
  BORNHOST_V6: 0x10,
  STOREHOST_V6: 0x20,
  NEED_UNWRAP: 0x40,
  INNER_BATCH: 0x80,
  COMPRESSION_TYPE_MASK: 0x700,
} as const;

export const transactionTypeOf = (sysFlag: number): number => sysFlag & MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;

/** Smallest record: IPv4 hosts, empty body, topic and properties. */
export const storedMessageSizeMinBytes = 91;

const ipv4HostSizeBytes = 8;
const ipv6HostSizeBytes = 20;

export function hostFieldSizeBytes(v6: boolean): number {
  return v6 ? ipv6HostSizeBytes : ipv4HostSizeBytes;
}

/** Record length for the given field sizes (v1 layout). */
export function storedMessageSize(bodyBytes: number, topicBytes: number, propertiesBytes: number, bornHostV6: boolean, storeHostV6: boolean): number {
  return (
    storedMessageSizeMinBytes - 2 * ipv4HostSizeBytes + hostFieldSizeBytes(bornHostV6) + hostFieldSizeBytes(storeHostV6) + bodyBytes + topicBytes + propertiesBytes
  );
}

/** Reads a big-endian int64 written by Java as a JS number (exact within ±2^53). */
export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 0x1_0000_0000 + buf.readUInt32BE(at + 4);
}

/** Writes a JS integer (within ±2^53) as a big-endian int64, as two int32 halves. */
export function writeInt64(buf: Buffer, value: number, at: number): void {
  buf.writeInt32BE(Math.floor(value / 0x1_0000_0000), at);
  buf.writeUInt32BE(value >>> 0, at + 4);
}
