// Encodes stored message records (layout in stored-message-layout.ts) straight into a caller's
// buffer: measure first (the commit log needs the size to place the record), then encode at the
// chosen offset. No intermediate copies: body and address bytes are copied once, ASCII strings
// are written byte by byte (cheaper than a native call for short strings), others as UTF-8.
import { MessageIllegalError } from './stored-message-errors.js';
import {
  bodyCrcOf,
  MessageSysFlag,
  storedMessageMagicV1,
  storedMessageSize,
  writeInt64,
  StoredMessagePosition as P,
} from './stored-message-layout.js';
import type { HostAddress, StoredMessageAssigned, StoredMessageInput } from './stored-message-types.js';
import { propertiesSizeMaxBytes, topicSizeMaxBytes } from './stored-message-limits.js';

const hostV6Flags = MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6;

/** UTF-8 length of `s`, and whether it is plain ASCII (one byte per char). */
function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return -Buffer.byteLength(s, 'utf8');
  }
  return s.length;
}

function writeString(target: Buffer, s: string, ascii: boolean, at: number): void {
  if (!ascii) {
    target.write(s, at, 'utf8');
    return;
  }
  for (let i = 0; i < s.length; i++) target[at + i] = s.charCodeAt(i);
}

function checkHost(host: HostAddress, what: string): void {
  if (host.address.length !== 4 && host.address.length !== 16) {
    throw new MessageIllegalError(`${what} address has ${host.address.length} bytes, not 4 or 16`, 'record');
  }
}

/** Encodes records for one store host. Not re-entrant: measure() then encode() the same message. */
export class StoredMessageEncoder {
  private measured: StoredMessageInput | undefined;
  private topicBytes = 0;
  private topicAscii = true;
  private propertiesBytes = 0;
  private propertiesAscii = true;
  /** Size of the last measured record. */
  size = 0;

  constructor(private readonly storeHost: HostAddress) {
    checkHost(storeHost, 'store host');
  }

  /** Measures `msg` and returns its record size; throws MessageIllegalError for fields out of bounds. */
  measure(msg: StoredMessageInput): number {
    const topic = utf8Length(msg.topic);
    this.topicAscii = topic >= 0;
    this.topicBytes = Math.abs(topic);
    if (this.topicBytes === 0 || this.topicBytes > topicSizeMaxBytes) {
      throw new MessageIllegalError(`topic has ${this.topicBytes} bytes; 1 to ${topicSizeMaxBytes} allowed`, 'topic');
    }
    if (typeof msg.properties === 'string') {
      const props = utf8Length(msg.properties);
      this.propertiesAscii = props >= 0;
      this.propertiesBytes = Math.abs(props);
    } else {
      this.propertiesBytes = msg.properties.length;
    }
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

  /** Writes the last measured message at `target[at .. at + size)`. */
  encode(target: Buffer, at: number, msg: StoredMessageInput, queueOffset: number, physicalOffset: number, storeTimestamp: number): void {
    if (msg !== this.measured) this.measure(msg);
    const born = msg.bornHost;
    const store = this.storeHost;
    const sysFlag =
      (msg.sysFlag & ~hostV6Flags) | (born.address.length === 16 ? MessageSysFlag.BORNHOST_V6 : 0) | (store.address.length === 16 ? MessageSysFlag.STOREHOST_V6 : 0);
    target.writeInt32BE(this.size, at + P.totalSize);
    target.writeInt32BE(storedMessageMagicV1, at + P.magic);
    target.writeInt32BE(bodyCrcOf(msg.body), at + P.bodyCrc);
    target.writeInt32BE(msg.queueId, at + P.queueId);
    target.writeInt32BE(msg.flag, at + P.flag);
    writeInt64(target, queueOffset, at + P.queueOffset);
    writeInt64(target, physicalOffset, at + P.physicalOffset);
    target.writeInt32BE(sysFlag, at + P.sysFlag);
    writeInt64(target, msg.bornTimestamp, at + P.bornTimestamp);
    let p = at + P.bornHost;
    target.set(born.address, p);
    p += born.address.length;
    target.writeInt32BE(born.port, p);
    writeInt64(target, storeTimestamp, p + 4);
    p += 12;
    target.set(store.address, p);
    p += store.address.length;
    target.writeInt32BE(store.port, p);
    target.writeInt32BE(msg.reconsumeTimes, p + 4);
    writeInt64(target, msg.preparedTransactionOffset, p + 8);
    target.writeInt32BE(msg.body.length, p + 16);
    p += 20;
    target.set(msg.body, p);
    p += msg.body.length;
    target.writeInt8(this.topicBytes, p);
    writeString(target, msg.topic, this.topicAscii, p + 1);
    p += 1 + this.topicBytes;
    target.writeInt16BE(this.propertiesBytes, p);
    if (typeof msg.properties === 'string') writeString(target, msg.properties, this.propertiesAscii, p + 2);
    else target.set(msg.properties, p + 2);
  }
}

/** One record in a fresh buffer (tests, tools, the client's fixtures). */
export function encodeStoredMessage(msg: StoredMessageInput, assigned: StoredMessageAssigned): Buffer {
  const encoder = new StoredMessageEncoder(assigned.storeHost);
  const out = Buffer.alloc(encoder.measure(msg));
  encoder.encode(out, 0, msg, assigned.queueOffset, assigned.physicalOffset, assigned.storeTimestamp);
  return out;
}
