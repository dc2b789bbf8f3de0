// Stored message records (pull, query and view bodies) turned into ReceivedMessage.
//
// Decoded at once, because every consumer needs them: queue id and offset, commit log offset,
// sysFlag, reconsumeTimes, the body (a slice of the response, inflated when the producer
// compressed it) and the topic (one string shared by a run of records with the same topic
// bytes). Read from the record when asked: flag, body CRC, timestamps, prepared transaction
// offset and the host texts. Decoded on first read and kept: properties (with tags, keys and
// msgId from them) and offsetMsgId. A profile of a consumer showed host and id formatting alone
// at about a third of its CPU when done for every message, while most consumers read only the
// body.
//
// The lazy fields are prototype getters, so `{ ...message }` copies only the eager ones;
// JSON.stringify goes through toJSON() and sees every field.
import { inflateSync } from 'node:zlib';
import { decodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { locateStoredMessageFields, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import { StoredMessageFormatError } from '../../common/message/stored-message-errors.js';
import { MessageSysFlag, readInt64, StoredMessagePosition as P } from '../../common/message/stored-message-layout.js';
import type { ReceivedMessage } from '../api.js';
import { MessageBodyError } from '../errors/client-errors.js';

/** Compression type bits (sysFlag & 0x700) >> 8: 0 (older clients) and 3 are zlib; 1 LZ4, 2 ZSTD. */
const zlibCompressionTypes: ReadonlySet<number> = new Set([0, 3]);

/** Largest inflated body accepted (a hostile body cannot make us allocate without bound). */
export const inflatedBodyBytesMax = 64 * 1024 * 1024;

const ipv4AddressBytes = 4;
const ipv6AddressBytes = 16;

/** Properties added to every message of a batch when its properties are first read (a pull's MIN_OFFSET and MAX_OFFSET). */
export interface ExtraProperties {
  addTo(properties: Map<string, string>): void;
}

/** One stored record as a ReceivedMessage; the record's bytes stay referenced for the lazy fields. */
export class StoredRecordMessage implements ReceivedMessage {
  /** Mutable: a push consumer gives a retried message its original topic back. */
  topic: string;
  readonly body: Buffer;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly commitLogOffset: number;
  /** The lazy host fields depend on its IPv6 bits. */
  readonly sysFlag: number;
  /** Mutable: a push consumer counts a local retry. */
  reconsumeTimes: number;
  /** Why the body could not be read (then `body` holds the stored bytes as they are). */
  readonly bodyError: MessageBodyError | undefined;
  private readonly buf: Buffer;
  private readonly at: number;
  private readonly propertiesAt: number;
  private readonly propertiesBytes: number;
  private readonly extra: ExtraProperties | undefined;
  private decodedProperties: Map<string, string> | undefined;
  /** Properties set before the others were decoded: name, value, name, value... */
  private setLater: string[] | undefined;
  private decodedOffsetMsgId: string | undefined;

  constructor(buf: Buffer, at: number, f: StoredMessageFields, topic: string, extra: ExtraProperties | undefined) {
    this.topic = topic;
    this.buf = buf;
    this.at = at;
    this.queueId = buf.readInt32BE(at + P.queueId);
    this.queueOffset = readInt64(buf, at + P.queueOffset);
    this.commitLogOffset = readInt64(buf, at + P.physicalOffset);
    this.sysFlag = buf.readInt32BE(at + P.sysFlag);
    this.reconsumeTimes = buf.readInt32BE(f.reconsumeTimesAt);
    this.propertiesAt = f.propertiesAt;
    this.propertiesBytes = f.propertiesBytes;
    this.extra = extra;
    const stored = buf.subarray(f.bodyAt, f.bodyAt + f.bodyBytes);
    let body = stored;
    let bodyError: MessageBodyError | undefined;
    if ((this.sysFlag & MessageSysFlag.COMPRESSED) !== 0) {
      try {
        body = inflateBody(this.sysFlag, stored);
      } catch (error) {
        bodyError = new MessageBodyError(this.offsetMsgId, (error as Error).message);
      }
    }
    this.body = body;
    this.bodyError = bodyError;
  }

  get flag(): number {
    return this.buf.readInt32BE(this.at + P.flag);
  }

  get bodyCrc(): number {
    return this.buf.readInt32BE(this.at + P.bodyCrc);
  }

  get bornTimestamp(): number {
    return readInt64(this.buf, this.at + P.bornTimestamp);
  }

  get storeTimestamp(): number {
    return readInt64(this.buf, this.storeTimestampAt);
  }

  get preparedTransactionOffset(): number {
    return readInt64(this.buf, this.storeHostAt + this.storeHostBytes + 8);
  }

  /** Every property, reserved ones included (decoded on first read; the same Map afterwards). */
  get properties(): Map<string, string> {
    let properties = this.decodedProperties;
    if (properties === undefined) {
      properties = decodeProperties(this.buf.toString('utf8', this.propertiesAt, this.propertiesAt + this.propertiesBytes));
      this.extra?.addTo(properties);
      const later = this.setLater;
      if (later !== undefined) for (let i = 0; i < later.length; i += 2) properties.set(later[i]!, later[i + 1]!);
      this.setLater = undefined;
      this.decodedProperties = properties;
    }
    return properties;
  }

  /** Sets a property without decoding the stored ones first (a consumer's CONSUME_START_TIMESTAMP). */
  setProperty(name: string, value: string): void {
    if (this.decodedProperties !== undefined) this.decodedProperties.set(name, value);
    else (this.setLater ??= []).push(name, value);
  }

  get tags(): string | undefined {
    return this.properties.get(PropertyKey.TAGS);
  }

  get keys(): string[] {
    const keys = this.properties.get(PropertyKey.KEYS);
    return keys === undefined ? [] : keys.split(' ').filter((k) => k !== '');
  }

  get msgId(): string {
    return this.properties.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? this.offsetMsgId;
  }

  /** Store host address and port, then the commit log offset, as uppercase hex (message-format.md §7). */
  get offsetMsgId(): string {
    if (this.decodedOffsetMsgId === undefined) {
      const host = this.buf.toString('hex', this.storeHostAt, this.storeHostAt + this.storeHostBytes + 4);
      const offset = this.buf.toString('hex', this.at + P.physicalOffset, this.at + P.physicalOffset + 8);
      this.decodedOffsetMsgId = (host + offset).toUpperCase();
    }
    return this.decodedOffsetMsgId;
  }

  get bornHost(): string {
    return hostText(this.buf, this.at + P.bornHost, this.bornHostBytes);
  }

  get storeHost(): string {
    return hostText(this.buf, this.storeHostAt, this.storeHostBytes);
  }

  private get bornHostBytes(): number {
    return this.sysFlag & MessageSysFlag.BORNHOST_V6 ? ipv6AddressBytes : ipv4AddressBytes;
  }

  private get storeHostBytes(): number {
    return this.sysFlag & MessageSysFlag.STOREHOST_V6 ? ipv6AddressBytes : ipv4AddressBytes;
  }

  /** After the born host's address and port. */
  private get storeTimestampAt(): number {
    return this.at + P.bornHost + this.bornHostBytes + 4;
  }

  private get storeHostAt(): number {
    return this.storeTimestampAt + 8;
  }

  toJSON(): ReceivedMessage {
    return {
      topic: this.topic,
      body: this.body,
      tags: this.tags,
      keys: this.keys,
      properties: this.properties,
      msgId: this.msgId,
      offsetMsgId: this.offsetMsgId,
      queueId: this.queueId,
      queueOffset: this.queueOffset,
      commitLogOffset: this.commitLogOffset,
      bornTimestamp: this.bornTimestamp,
      storeTimestamp: this.storeTimestamp,
      bornHost: this.bornHost,
      storeHost: this.storeHost,
      reconsumeTimes: this.reconsumeTimes,
      flag: this.flag,
      sysFlag: this.sysFlag,
      bodyCrc: this.bodyCrc,
      preparedTransactionOffset: this.preparedTransactionOffset,
    };
  }
}

/** Where the fields of the record being decoded lie (decoding is synchronous: one is enough). */
const scratchFields = new StoredMessageFields();

/**
 * Every record of a pull, query or view response body, in order. A record whose body cannot be
 * read is returned with `bodyError` set; one that is not a whole record throws
 * StoredMessageFormatError. `extra` properties are added to each message's properties.
 */
export function decodeStoredRecords(body: Buffer, extra?: ExtraProperties): StoredRecordMessage[] {
  const out: StoredRecordMessage[] = [];
  const f = scratchFields;
  let topic = '';
  let topicAt = -1;
  let topicBytes = -1;
  for (let at = 0; at < body.length; at += f.totalSize) {
    const problem = locateStoredMessageFields(body, at, body.length, f);
    if (problem !== undefined) throw new StoredMessageFormatError(`no stored message at ${at}: ${problem}`, at);
    if (topicAt < 0 || !sameBytes(body, topicAt, f.topicAt, f.topicBytes, topicBytes)) {
      topic = body.toString('utf8', f.topicAt, f.topicAt + f.topicBytes);
    }
    topicAt = f.topicAt;
    topicBytes = f.topicBytes;
    out.push(new StoredRecordMessage(body, at, f, topic, extra));
  }
  return out;
}

/** Sets a property of a received message; a stored record's other properties stay undecoded. */
export function setMessageProperty(message: ReceivedMessage, name: string, value: string): void {
  if (message instanceof StoredRecordMessage) message.setProperty(name, value);
  else (message.properties as Map<string, string>).set(name, value);
}

/** Every record of a query or view response body; throws MessageBodyError for a body that cannot be read. */
export function decodeReceivedMessages(body: Buffer): ReceivedMessage[] {
  const messages = decodeStoredRecords(body);
  for (const m of messages) if (m.bodyError !== undefined) throw m.bodyError;
  return messages;
}

function inflateBody(sysFlag: number, stored: Buffer): Buffer {
  const type = (sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) >> 8;
  if (!zlibCompressionTypes.has(type)) {
    throw new Error(`compression type ${type} (${type === 1 ? 'LZ4' : type === 2 ? 'ZSTD' : 'unknown'}) is not supported`);
  }
  try {
    return inflateSync(stored, { maxOutputLength: inflatedBodyBytesMax });
  } catch (error) {
    throw new Error(`zlib body does not inflate: ${(error as Error).message}`, { cause: error });
  }
}

function sameBytes(buf: Buffer, a: number, b: number, bytes: number, previousBytes: number): boolean {
  if (bytes !== previousBytes) return false;
  for (let i = 0; i < bytes; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}

/** "a.b.c.d:port" or "[x:x:...]:port" from an address of 4 or 16 bytes followed by an int32 port. */
function hostText(buf: Buffer, at: number, addressBytes: number): string {
  const port = buf.readInt32BE(at + addressBytes);
  if (addressBytes === ipv4AddressBytes) return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}:${port}`;
  const groups: string[] = [];
  for (let i = 0; i < addressBytes; i += 2) groups.push(buf.readUInt16BE(at + i).toString(16));
  return `[${groups.join(':')}]:${port}`;
}
