// A user's Message turned into what goes on the wire: body bytes (zlib-compressed from
// compressMsgBodyOverHowmuch on, single messages only), the properties string with the system
// properties (TAGS, KEYS, DELAY, WAIT, UNIQ_KEY) and the sysFlag.
//
// Compression as RocketMQ 4.9.x producers do it (DefaultMQProducerImpl.tryToCompressMessage):
// zlib stream with header (RFC 1950, java.util.zip.Deflater) at level 5, and
// sysFlag = COMPRESSED_FLAG (0x1) | COMPRESSION_ZLIB_TYPE (3 << 8 = 0x300) = 0x301.
import { deflateSync } from 'node:zlib';
import type { UniqueIdGenerator } from '../../common/message/message-id.js';
import { encodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { MessageSysFlag } from '../../common/message/stored-message-layout.js';
import type { Message } from '../api.js';
import { checkBodySize, checkMessage, userPropertyEntries } from './message-validation.js';

/** MessageSysFlag.COMPRESSION_ZLIB_TYPE */
export const compressionZlibType = 3 << 8;
/** The sysFlag of a zlib-compressed body. */
export const compressedZlibSysFlag = MessageSysFlag.COMPRESSED | compressionZlibType;

export interface EncodingSettings {
  compressBodyOverBytes: number;
  compressLevel: number;
  messageSizeMaxBytes: number;
}

export interface EncodedMessage {
  topic: string;
  /** As sent: compressed when sysFlag has COMPRESSED. */
  body: Buffer;
  properties: string;
  sysFlag: number;
  flag: number;
  /** UNIQ_KEY */
  msgId: string;
  waitStoreMsgOk: boolean;
  delayLevel: number;
}

export function bodyBytes(body: Message['body']): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return Buffer.alloc(0);
}

/** Validates and encodes one message; `compress` is false for batch members. */
export function encodeMessage(message: Message, ids: UniqueIdGenerator, settings: EncodingSettings, compress: boolean): EncodedMessage {
  checkMessage(message);
  const raw = bodyBytes(message.body);
  checkBodySize(message.topic, raw.length, settings.messageSizeMaxBytes);
  const msgId = ids.next();
  const waitStoreMsgOk = message.waitStoreMsgOk ?? true;
  const delayLevel = message.delayLevel ?? 0;
  const props = new Map<string, string>();
  if (message.tags !== undefined) props.set(PropertyKey.TAGS, message.tags);
  const keys = message.keys === undefined ? [] : typeof message.keys === 'string' ? [message.keys] : message.keys;
  if (keys.length > 0) props.set(PropertyKey.KEYS, keys.join(' '));
  if (delayLevel > 0) props.set(PropertyKey.DELAY_TIME_LEVEL, String(delayLevel));
  for (const [name, value] of userPropertyEntries(message)) props.set(name, value);
  props.set(PropertyKey.WAIT_STORE_MSG_OK, String(waitStoreMsgOk));
  props.set(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, msgId);
  let body = raw;
  let sysFlag = 0;
  if (compress && raw.length >= settings.compressBodyOverBytes) {
    body = deflateSync(raw, { level: settings.compressLevel });
    sysFlag |= compressedZlibSysFlag;
  }
  return {
    topic: message.topic,
    body,
    properties: encodeProperties(props),
    sysFlag,
    flag: message.flag ?? 0,
    msgId,
    waitStoreMsgOk,
    delayLevel,
  };
}
