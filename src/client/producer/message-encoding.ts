// A user's Message turned into what goes on the wire: body bytes (zlib-compressed from
// compressMsgBodyOverHowmuch on, single messages only), the properties string with the system
// properties (TAGS, KEYS, DELAY, WAIT, UNIQ_KEY) and the sysFlag.
//
// Compression as RocketMQ 4.9.x producers do it (DefaultMQProducerImpl.tryToCompressMessage):
// zlib stream with header (RFC 1950, java.util.zip.Deflater) at level 5, and
// sysFlag = COMPRESSED_FLAG (0x1) | COMPRESSION_ZLIB_TYPE (3 << 8 = 0x300) = 0x301.
import { deflateSync } from 'node:zlib';
import type { UniqueIdGenerator } from '../../common/message/message-id.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { MessageSysFlag } from '../../common/message/stored-message-layout.js';
import type { Message } from '../api.js';
import { checkBodySize, checkMessage, userPropertyEntries } from './message-validation.js';

const nameValueSeparator = '\u0001';
const propertySeparator = '\u0002';
const waitTrueThenUniqKey = `${PropertyKey.WAIT_STORE_MSG_OK}${nameValueSeparator}true${propertySeparator}${PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX}${nameValueSeparator}`;
const waitFalseThenUniqKey = `${PropertyKey.WAIT_STORE_MSG_OK}${nameValueSeparator}false${propertySeparator}${PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX}${nameValueSeparator}`;

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
  let body = raw;
  let sysFlag = 0;
  if (compress && raw.length >= settings.compressBodyOverBytes) {
    body = deflateSync(raw, { level: settings.compressLevel });
    sysFlag |= compressedZlibSysFlag;
  }
  return {
    topic: message.topic,
    body,
    properties: propertiesText(message, delayLevel, waitStoreMsgOk, msgId),
    sysFlag,
    flag: message.flag ?? 0,
    msgId,
    waitStoreMsgOk,
    delayLevel,
  };
}

/**
 * The properties string, written straight (no Map): TAGS, KEYS, DELAY, the user's, WAIT,
 * UNIQ_KEY. checkMessage has refused reserved user names, so no name appears twice.
 */
function propertiesText(message: Message, delayLevel: number, waitStoreMsgOk: boolean, msgId: string): string {
  let out = '';
  if (message.tags !== undefined) out += PropertyKey.TAGS + nameValueSeparator + message.tags + propertySeparator;
  const keys = message.keys;
  if (typeof keys === 'string') out += PropertyKey.KEYS + nameValueSeparator + keys + propertySeparator;
  else if (keys !== undefined && keys.length > 0) out += PropertyKey.KEYS + nameValueSeparator + keys.join(' ') + propertySeparator;
  if (delayLevel > 0) out += PropertyKey.DELAY_TIME_LEVEL + nameValueSeparator + delayLevel + propertySeparator;
  if (message.properties !== undefined) {
    for (const [name, value] of userPropertyEntries(message)) out += name + nameValueSeparator + value + propertySeparator;
  }
  return out + (waitStoreMsgOk ? waitTrueThenUniqKey : waitFalseThenUniqKey) + msgId;
}
