// Pieces of a stored message the send path derives from a request: the properties as stored
// (WAIT taken out, CLUSTER added), the born host from the connection, and the offset message
// id from the broker's store host (message-format.md §7).
import { decodeProperties, encodeProperties } from '../../../common/message/properties-codec.js';
import { hostBytes } from '../../../common/message/message-id.js';
import { PropertyKey } from '../../../common/message/property-keys.js';
import { MessageSysFlag, transactionTypeOf } from '../../../common/message/stored-message-layout.js';
import type { HostAddress } from '../../../common/message/stored-message-types.js';
import { parseAddress, type HostPort } from '../../../remoting/net/index.js';
import type { DispatchHints } from '../../../store/api.js';

const hexDigits = Buffer.from('0123456789ABCDEF', 'latin1');
const uint32Range = 0x1_0000_0000;
const commaCode = 0x2c;
/** A commit log offset is an int64: 16 hex digits. */
const offsetHexDigits = 16;
const unknownHost: HostAddress = { address: new Uint8Array(4), port: 0 };
const propertySeparatorCode = 0x02;

/** A single message's properties, decoded once; `map` is edited, then encoded by `storedProperties`. */
export interface SendProperties {
  map: Map<string, string>;
  /** WAIT is not "false": a SYNC_FLUSH broker answers after the flush. */
  waitStoreMsgOk: boolean;
}

export function decodeSendProperties(text: string | undefined): SendProperties {
  const map = decodeProperties(text);
  return { map, waitStoreMsgOk: map.get(PropertyKey.WAIT_STORE_MSG_OK) !== 'false' };
}

/** The properties as stored: without WAIT (RocketMQ 4.9 saves those bytes), with CLUSTER. */
export function storedProperties(props: SendProperties, clusterName: string): string {
  props.map.delete(PropertyKey.WAIT_STORE_MSG_OK);
  props.map.set(PropertyKey.CLUSTER, clusterName);
  return encodeProperties(props.map);
}

/**
 * A half message of a transaction: TRAN_MSG true (Boolean.parseBoolean, any case), or the
 * PREPARED type in the sysFlag.
 */
export function isTransactionHalf(props: ReadonlyMap<string, string>, sysFlag: number): boolean {
  return props.get(PropertyKey.TRANSACTION_PREPARED)?.toLowerCase() === 'true' || isTransactionPreparedType(sysFlag);
}

/** The sysFlag's transaction type is PREPARED (the half-message test when TRAN_MSG is absent). */
export function isTransactionPreparedType(sysFlag: number): boolean {
  return transactionTypeOf(sysFlag) === MessageSysFlag.TRANSACTION_PREPARED_TYPE;
}

/** What the store's dispatch needs (it does not parse the properties again). */
export function dispatchHintsOf(props: ReadonlyMap<string, string>): DispatchHints {
  return {
    tags: props.get(PropertyKey.TAGS),
    keys: props.get(PropertyKey.KEYS),
    uniqKey: props.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
    delayLevel: 0,
  };
}

/** A batch's own properties as stored after each entry's, with the hints they carry. */
export interface BatchEnvelope {
  /** UTF-8 bytes of the encoded properties. */
  suffix: Uint8Array;
  /** The same after a property separator, for entries whose properties do not end with one. */
  separatorAndSuffix: Uint8Array;
  hints: DispatchHints;
}

/** Batch envelopes by encoded text: a producer sends the same one (WAIT, CLUSTER) batch after batch. */
export class BatchEnvelopes {
  private text: string | undefined;
  private envelope: BatchEnvelope | undefined;

  /** `props` are the batch's properties as stored; `text` their encoding. */
  of(text: string, props: ReadonlyMap<string, string>): BatchEnvelope {
    if (text !== this.text || this.envelope === undefined) {
      const suffix = Buffer.from(text, 'utf8');
      const separatorAndSuffix = Buffer.allocUnsafe(suffix.length + 1);
      separatorAndSuffix[0] = propertySeparatorCode;
      suffix.copy(separatorAndSuffix, 1);
      this.text = text;
      this.envelope = { suffix, separatorAndSuffix: suffix.length === 0 ? suffix : separatorAndSuffix, hints: dispatchHintsOf(props) };
    }
    return this.envelope;
  }
}

/** Born hosts by connection: parsed once per connection. */
export class BornHosts {
  private readonly cache = new WeakMap<object, HostAddress>();

  /** `remoteAddress` is "ip:port" or "[ipv6]:port"; anything else is stored as 0.0.0.0:0. */
  of(connection: { readonly remoteAddress: string }): HostAddress {
    let host = this.cache.get(connection);
    if (host === undefined) {
      host = parseHost(connection.remoteAddress);
      this.cache.set(connection, host);
    }
    return host;
  }
}

function parseHost(remoteAddress: string): HostAddress {
  try {
    const { host, port } = parseAddress(remoteAddress);
    return { address: hostBytes(host), port };
  } catch {
    return unknownHost;
  }
}

/** Offset message ids of one store host: its address and port in hex, then the commit log offset. */
export class OffsetMsgIds {
  private readonly prefixLength: number;
  /** The prefix's hex digits, then room for the offset's 16. */
  private readonly scratch: Buffer;

  constructor(storeHost: HostPort) {
    const address = hostBytes(storeHost.host);
    const head = Buffer.alloc(address.length + 4);
    address.copy(head, 0);
    head.writeInt32BE(storeHost.port, address.length);
    const prefix = head.toString('hex').toUpperCase();
    this.prefixLength = prefix.length;
    this.scratch = Buffer.alloc(prefix.length + offsetHexDigits);
    this.scratch.write(prefix, 0, 'latin1');
  }

  /** Written as hex digits into a scratch buffer and read back as one string: ~4x faster than toString(16) and padding. */
  of(commitLogOffset: number): string {
    const out = this.scratch;
    writeOffsetHex(out, out.length, commitLogOffset);
    return out.toString('latin1');
  }

  /** The ids of `offsets` joined by commas (a batch's msgId), written into one buffer and read back once. */
  list(offsets: readonly number[]): string {
    const idLength = this.scratch.length;
    const out = Buffer.allocUnsafe(offsets.length * (idLength + 1) - 1);
    let at = 0;
    for (let i = 0; i < offsets.length; i++) {
      if (i > 0) out[at++] = commaCode;
      this.scratch.copy(out, at, 0, this.prefixLength);
      at += idLength;
      writeOffsetHex(out, at, offsets[i]!);
    }
    return out.toString('latin1');
  }
}

/** The offset's 16 hex digits, ending just before `end`. */
function writeOffsetHex(out: Buffer, end: number, commitLogOffset: number): void {
  let low = commitLogOffset % uint32Range;
  let high = (commitLogOffset - low) / uint32Range;
  for (let i = end - 1; i >= end - 8; i--) {
    out[i] = hexDigits[low & 0xf]!;
    low >>>= 4;
  }
  for (let i = end - 9; i >= end - offsetHexDigits; i--) {
    out[i] = hexDigits[high & 0xf]!;
    high >>>= 4;
  }
}
