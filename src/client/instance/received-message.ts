// Stored message records (pull, query and view bodies) turned into ReceivedMessage: properties
// decoded, body inflated when the producer compressed it, ids and hosts in their text forms.
import { inflateSync } from 'node:zlib';
import { bytesToHost, createOffsetMsgId } from '../../common/message/message-id.js';
import { decodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { decodeStoredMessages } from '../../common/message/stored-message-decoder.js';
import { MessageSysFlag } from '../../common/message/stored-message-layout.js';
import type { HostAddress, StoredMessage } from '../../common/message/stored-message-types.js';
import type { ReceivedMessage } from '../api.js';
import { MessageBodyError } from '../errors/client-errors.js';

/** Compression type bits (sysFlag & 0x700) >> 8: 0 (older clients) and 3 are zlib; 1 LZ4, 2 ZSTD. */
const zlibCompressionTypes: ReadonlySet<number> = new Set([0, 3]);

/** Largest inflated body accepted (a hostile body cannot make us allocate without bound). */
export const inflatedBodyBytesMax = 64 * 1024 * 1024;

export function toReceivedMessage(m: StoredMessage): ReceivedMessage {
  const properties = decodeProperties(m.properties);
  const storeHost = hostText(m.storeHost);
  const offsetMsgId = createOffsetMsgId({ host: bytesToHost(Buffer.from(m.storeHost.address)), port: m.storeHost.port }, BigInt(m.physicalOffset));
  const keys = properties.get(PropertyKey.KEYS);
  return {
    topic: m.topic,
    body: bodyOf(m, offsetMsgId),
    tags: properties.get(PropertyKey.TAGS),
    keys: keys === undefined ? [] : keys.split(' ').filter((k) => k !== ''),
    properties,
    msgId: properties.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? offsetMsgId,
    offsetMsgId,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    commitLogOffset: m.physicalOffset,
    bornTimestamp: m.bornTimestamp,
    storeTimestamp: m.storeTimestamp,
    bornHost: hostText(m.bornHost),
    storeHost,
    reconsumeTimes: m.reconsumeTimes,
    flag: m.flag,
    sysFlag: m.sysFlag,
    bodyCrc: m.bodyCrc,
    preparedTransactionOffset: m.preparedTransactionOffset,
  };
}

/** Every record of a pull, query or view response body. */
export function decodeReceivedMessages(body: Buffer): ReceivedMessage[] {
  return decodeStoredMessages(body).map(toReceivedMessage);
}

function bodyOf(m: StoredMessage, offsetMsgId: string): Buffer {
  if ((m.sysFlag & MessageSysFlag.COMPRESSED) === 0) return m.body;
  const type = (m.sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) >> 8;
  if (!zlibCompressionTypes.has(type)) {
    throw new MessageBodyError(offsetMsgId, `compression type ${type} (${type === 1 ? 'LZ4' : type === 2 ? 'ZSTD' : 'unknown'}) is not supported`);
  }
  try {
    return inflateSync(m.body, { maxOutputLength: inflatedBodyBytesMax });
  } catch (error) {
    throw new MessageBodyError(offsetMsgId, `zlib body does not inflate: ${(error as Error).message}`);
  }
}

function hostText(h: HostAddress): string {
  const host = bytesToHost(Buffer.from(h.address));
  return h.address.length === 16 ? `[${host}]:${h.port}` : `${host}:${h.port}`;
}
