// Encodes stored message records (layout in stored-message-layout.ts) straight into a caller's
// buffer: measure first (the commit log needs the size to place the record), then encode at the
// chosen offset. No intermediate copies: body, address and string bytes are written once.
// Integers go through a DataView kept per target ArrayBuffer (several times cheaper than
// Buffer.writeInt32BE); int64 fields as two int32 halves.
import { MessageIllegalError } from './stored-message-errors.js';
import { bodyCrcOf, MessageSysFlag, storedMessageMagicV1, storedMessageSize, StoredMessagePosition as P } from './stored-message-layout.js';
import type { HostAddress, StoredMessageAssigned, StoredMessageInput } from './stored-message-types.js';
import { propertiesSizeMaxBytes, topicSizeMaxBytes } from './stored-message-limits.js';

const topicCacheEntriesMax = 4096;
const hostV6Flags = MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6;

function checkHost(host: HostAddress, what: string): void {
  if (host.address.length !== 4 && host.address.length !== 16) {
    throw new MessageIllegalError(`${what} address has ${host.address.length} bytes, not 4 or 16`, 'record');
  }
}

/** Encodes records for one store host. Not re-entrant: measure() then encode() the same message. */
export class StoredMessageEncoder {
  private measured: StoredMessageInput | undefined;
  private topicBytes = 0;
  private propertiesBytes = 0;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** UTF-8 bytes of recent topics: a store sees few topics and many messages per topic. */
  private readonly topicCache = new Map<string, Buffer>();
  private topic: Buffer = Buffer.alloc(0);
  /** Size of the last measured record. */
  size = 0;

  constructor(private readonly storeHost: HostAddress) {
    checkHost(storeHost, 'store host');
  }

  /** Measures `msg` and returns its record size; throws MessageIllegalError for fields out of bounds. */
  measure(msg: StoredMessageInput): number {
    const topic = this.topicCache.get(msg.topic) ?? this.cacheTopic(msg.topic);
    this.topic = topic;
    this.topicBytes = topic.length;
    if (this.topicBytes === 0 || this.topicBytes > topicSizeMaxBytes) {
      throw new MessageIllegalError(`topic has ${this.topicBytes} bytes; 1 to ${topicSizeMaxBytes} allowed`, 'topic');
    }
    this.propertiesBytes = typeof msg.properties === 'string' ? Buffer.byteLength(msg.properties, 'utf8') : msg.properties.length;
    if (msg.topic.includes('\u0000')) throw new MessageIllegalError('topic contains a NUL character', 'topic');
    // Recovery tells a torn record by the zeros a torn write leaves (see commitlog-recovery.ts):
    // a record must therefore never end in a zero byte of its own.
    const last = typeof msg.properties === 'string' ? msg.properties.charCodeAt(msg.properties.length - 1) : msg.properties[msg.properties.length - 1];
    if (last === 0) throw new MessageIllegalError('properties end with a NUL character', 'properties');
    if (this.propertiesBytes > propertiesSizeMaxBytes) {
      throw new MessageIllegalError(`properties have ${this.propertiesBytes} bytes; at most ${propertiesSizeMaxBytes} allowed`, 'properties');
    }
    checkHost(msg.bornHost, 'born host');
    this.measured = msg;
    this.size = storedMessageSize(msg.body.length, this.topicBytes, this.propertiesBytes, msg.bornHost.address.length === 16, this.storeHost.address.length === 16);
    return this.size;
  }

  private cacheTopic(topic: string): Buffer {
    const bytes = Buffer.from(topic, 'utf8');
    if (this.topicCache.size >= topicCacheEntriesMax) this.topicCache.clear();
    this.topicCache.set(topic, bytes);
    return bytes;
  }

  /** Writes the last measured message at `target[at .. at + size)`. */
  encode(target: Buffer, at: number, msg: StoredMessageInput, queueOffset: number, physicalOffset: number, storeTimestamp: number): void {
    if (msg !== this.measured) this.measure(msg);
    let view = this.view;
    if (view.buffer !== target.buffer) view = this.view = new DataView(target.buffer);
    const born = msg.bornHost;
    const store = this.storeHost;
    const sysFlag =
      (msg.sysFlag & ~hostV6Flags) | (born.address.length === 16 ? MessageSysFlag.BORNHOST_V6 : 0) | (store.address.length === 16 ? MessageSysFlag.STOREHOST_V6 : 0);
    const base = target.byteOffset + at;
    view.setInt32(base + P.totalSize, this.size);
    view.setInt32(base + P.magic, storedMessageMagicV1);
    view.setInt32(base + P.bodyCrc, bodyCrcOf(msg.body));
    view.setInt32(base + P.queueId, msg.queueId);
    view.setInt32(base + P.flag, msg.flag);
    setInt64(view, base + P.queueOffset, queueOffset);
    setInt64(view, base + P.physicalOffset, physicalOffset);
    view.setInt32(base + P.sysFlag, sysFlag);
    setInt64(view, base + P.bornTimestamp, msg.bornTimestamp);
    let p = at + P.bornHost;
    target.set(born.address, p);
    p += born.address.length;
    view.setInt32(target.byteOffset + p, born.port);
    setInt64(view, target.byteOffset + p + 4, storeTimestamp);
    p += 12;
    target.set(store.address, p);
    p += store.address.length;
    const v = target.byteOffset + p;
    view.setInt32(v, store.port);
    view.setInt32(v + 4, msg.reconsumeTimes);
    setInt64(view, v + 8, msg.preparedTransactionOffset);
    view.setInt32(v + 16, msg.body.length);
    p += 20;
    target.set(msg.body, p);
    p += msg.body.length;
    target[p] = this.topicBytes;
    target.set(this.topic, p + 1);
    p += 1 + this.topicBytes;
    view.setInt16(target.byteOffset + p, this.propertiesBytes);
    if (typeof msg.properties === 'string') target.write(msg.properties, p + 2, 'utf8');
    else target.set(msg.properties, p + 2);
  }
}

/** A JS integer (within ±2^53) as a big-endian int64, as two int32 halves. */
function setInt64(view: DataView, at: number, value: number): void {
  view.setInt32(at, Math.floor(value / 0x1_0000_0000));
  view.setUint32(at + 4, value >>> 0);
}

/** One record in a fresh buffer (tests, tools, the client's fixtures). */
export function encodeStoredMessage(msg: StoredMessageInput, assigned: StoredMessageAssigned): Buffer {
  const encoder = new StoredMessageEncoder(assigned.storeHost);
  const out = Buffer.alloc(encoder.measure(msg));
  encoder.encode(out, 0, msg, assigned.queueOffset, assigned.physicalOffset, assigned.storeTimestamp);
  return out;
}
