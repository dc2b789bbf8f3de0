// Encodes stored message records (layout in stored-message-layout.ts) straight into a caller's
// buffer: measure first (the commit log needs the size to place the record), then encode at the
// chosen offset. No intermediate copies: body, address and string bytes are written once.
//
// What a record costs, as few calls as the layout allows: every fixed-size field goes through
// one DataView over the target (kept while the target stays the same; an IPv4 address is one
// int32, the store host's is computed once); the body is copied once; a topic's bytes, length
// byte included, are cached and checked once per topic; the properties string is measured and
// written by the native UTF-8 encoder (or copied when given as bytes, a batch entry's followed by
// the batch's shared suffix); the body CRC as stored-message-crc.ts explains.
import { bodyCrcOf } from './stored-message-crc.js';
import { MessageIllegalError } from './stored-message-errors.js';
import { MessageSysFlag, storedMessageMagicV1, storedMessageSize, StoredMessagePosition as P } from './stored-message-layout.js';
import type { HostAddress, StoredMessageAssigned, StoredMessageInput } from './stored-message-types.js';
import { propertiesSizeMaxBytes, topicSizeMaxBytes } from './stored-message-limits.js';

const topicCacheEntriesMax = 4096;
const hostV6Flags = MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6;
const ipv4Bytes = 4;
const ipv6Bytes = 16;
const twoTo32 = 0x1_0000_0000;

function checkHost(host: HostAddress, what: string): void {
  if (host.address.length !== ipv4Bytes && host.address.length !== ipv6Bytes) {
    throw new MessageIllegalError(`${what} address has ${host.address.length} bytes, not 4 or 16`, 'record');
  }
}

/** A 4-byte address as the big-endian int32 it is stored as. */
function ipv4AsInt32(a: Uint8Array): number {
  return (a[0]! << 24) | (a[1]! << 16) | (a[2]! << 8) | a[3]!;
}

/** Encodes records for one store host. Not re-entrant: measure() then encode() the same message. */
export class StoredMessageEncoder {
  private measured: StoredMessageInput | undefined;
  /** The measured message's topic field: length byte, then UTF-8 bytes. */
  private topicField: Buffer = Buffer.alloc(0);
  private propertiesBytes = 0;
  private target: Buffer | undefined;
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** Topic fields of recent topics: a store sees few topics and many messages per topic. */
  private readonly topicCache = new Map<string, Buffer>();
  private readonly storeHostV6: boolean;
  private readonly storeAddressInt32: number;
  /** Size of the last measured record. */
  size = 0;

  constructor(private readonly storeHost: HostAddress) {
    checkHost(storeHost, 'store host');
    this.storeHostV6 = storeHost.address.length === ipv6Bytes;
    this.storeAddressInt32 = this.storeHostV6 ? 0 : ipv4AsInt32(storeHost.address);
  }

  /** Measures `msg` and returns its record size; throws MessageIllegalError for fields out of bounds. */
  measure(msg: StoredMessageInput): number {
    const topicField = this.topicCache.get(msg.topic) ?? this.cacheTopic(msg.topic);
    const props = msg.properties;
    const suffix = msg.propertiesSuffix;
    let propertiesBytes: number;
    let last: number | undefined;
    if (typeof props === 'string') {
      propertiesBytes = Buffer.byteLength(props, 'utf8');
      last = props.charCodeAt(props.length - 1);
    } else {
      propertiesBytes = props.length;
      last = props[props.length - 1];
    }
    if (suffix !== undefined && suffix.length > 0) {
      propertiesBytes += suffix.length;
      last = suffix[suffix.length - 1];
    }
    // Recovery tells a torn record by the zeros a torn write leaves (see commitlog-recovery.ts):
    // a record must therefore never end in a zero byte of its own.
    if (last === 0) throw new MessageIllegalError('properties end with a NUL character', 'properties');
    if (propertiesBytes > propertiesSizeMaxBytes) {
      throw new MessageIllegalError(`properties have ${propertiesBytes} bytes; at most ${propertiesSizeMaxBytes} allowed`, 'properties');
    }
    checkHost(msg.bornHost, 'born host');
    this.measured = msg;
    this.topicField = topicField;
    this.propertiesBytes = propertiesBytes;
    this.size = storedMessageSize(msg.body.length, topicField.length - 1, propertiesBytes, msg.bornHost.address.length === ipv6Bytes, this.storeHostV6);
    return this.size;
  }

  /** Checks a topic seen for the first time and caches its field. */
  private cacheTopic(topic: string): Buffer {
    const bytes = Buffer.byteLength(topic, 'utf8');
    if (bytes === 0 || bytes > topicSizeMaxBytes) throw new MessageIllegalError(`topic has ${bytes} bytes; 1 to ${topicSizeMaxBytes} allowed`, 'topic');
    if (topic.includes('\u0000')) throw new MessageIllegalError('topic contains a NUL character', 'topic');
    const field = Buffer.allocUnsafeSlow(1 + bytes);
    field[0] = bytes;
    field.write(topic, 1, 'utf8');
    if (this.topicCache.size >= topicCacheEntriesMax) this.topicCache.clear();
    this.topicCache.set(topic, field);
    return field;
  }

  /** Writes the last measured message at `target[at .. at + size)`. */
  encode(target: Buffer, at: number, msg: StoredMessageInput, queueOffset: number, physicalOffset: number, storeTimestamp: number): void {
    if (msg !== this.measured) this.measure(msg);
    let view = this.view;
    if (target !== this.target) {
      view = this.view = new DataView(target.buffer, target.byteOffset, target.length);
      this.target = target;
    }
    const body = msg.body;
    const born = msg.bornHost;
    const bornV6 = born.address.length === ipv6Bytes;
    const storeV6 = this.storeHostV6;
    const sysFlag = (msg.sysFlag & ~hostV6Flags) | (bornV6 ? MessageSysFlag.BORNHOST_V6 : 0) | (storeV6 ? MessageSysFlag.STOREHOST_V6 : 0);
    view.setInt32(at + P.totalSize, this.size);
    view.setInt32(at + P.magic, storedMessageMagicV1);
    view.setInt32(at + P.bodyCrc, bodyCrcOf(body));
    view.setInt32(at + P.queueId, msg.queueId);
    view.setInt32(at + P.flag, msg.flag);
    setInt64(view, at + P.queueOffset, queueOffset);
    setInt64(view, at + P.physicalOffset, physicalOffset);
    view.setInt32(at + P.sysFlag, sysFlag);
    setInt64(view, at + P.bornTimestamp, msg.bornTimestamp);
    let p = at + P.bornHost;
    if (bornV6) target.set(born.address, p);
    else view.setInt32(p, ipv4AsInt32(born.address));
    p += bornV6 ? ipv6Bytes : ipv4Bytes;
    view.setInt32(p, born.port);
    setInt64(view, p + 4, storeTimestamp);
    p += 12;
    if (storeV6) target.set(this.storeHost.address, p);
    else view.setInt32(p, this.storeAddressInt32);
    p += storeV6 ? ipv6Bytes : ipv4Bytes;
    view.setInt32(p, this.storeHost.port);
    view.setInt32(p + 4, msg.reconsumeTimes);
    setInt64(view, p + 8, msg.preparedTransactionOffset);
    view.setInt32(p + 16, body.length);
    p += 20;
    target.set(body, p);
    p += body.length;
    const topicField = this.topicField;
    target.set(topicField, p);
    p += topicField.length;
    view.setInt16(p, this.propertiesBytes);
    const props = msg.properties;
    const suffix = msg.propertiesSuffix;
    if (typeof props === 'string') p += 2 + target.write(props, p + 2, 'utf8');
    else {
      target.set(props, p + 2);
      p += 2 + props.length;
    }
    if (suffix !== undefined) target.set(suffix, p);
  }
}

/** A JS integer (within ±2^53) as a big-endian int64, as two int32 halves. */
function setInt64(view: DataView, at: number, value: number): void {
  view.setInt32(at, Math.floor(value / twoTo32));
  view.setUint32(at + 4, value >>> 0);
}

/** One record in a fresh buffer (tests, tools, the client's fixtures). */
export function encodeStoredMessage(msg: StoredMessageInput, assigned: StoredMessageAssigned): Buffer {
  const encoder = new StoredMessageEncoder(assigned.storeHost);
  const out = Buffer.alloc(encoder.measure(msg));
  encoder.encode(out, 0, msg, assigned.queueOffset, assigned.physicalOffset, assigned.storeTimestamp);
  return out;
}
