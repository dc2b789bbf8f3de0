// Message ids (message-format.md §7).
// offsetMsgId: store host address (4 or 16 bytes) + port (int32) + commit log offset (int64),
//   as uppercase hex: 32 chars for IPv4, 56 for IPv6. The broker makes it; tools decode it.
// UNIQ_KEY: made by the producer: ip (4) + pid (2) + a per-process hash (4) + ms since the
//   start of the month (4) + counter (2). The broker only indexes it.
import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';

const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// Sockets are remoting/net's business, so these checks do not borrow node:net's.
export const isIPv4 = (host: string): boolean => ipv4Pattern.test(host);
export const isIPv6 = (host: string): boolean => host.includes(':') && /^[0-9A-Fa-f:.]+$/.test(host);

export interface SocketAddress {
  host: string;
  port: number;
}

export function hostBytes(host: string): Buffer {
  if (isIPv4(host)) return Buffer.from(host.split('.').map(Number));
  if (isIPv6(host)) return ipv6Bytes(host);
  throw new InvalidArgumentError(`not an IP address: ${host}`);
}

export function bytesToHost(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw new InvalidArgumentError(`an IP address has 4 or 16 bytes, not ${bytes.length}`);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function ipv6Bytes(host: string): Buffer {
  const [head = '', tail] = host.split('::');
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? v4AsGroups(g) : [parseInt(g, 16)]));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function v4AsGroups(v4: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

export function createOffsetMsgId(storeHost: SocketAddress, commitLogOffset: bigint): string {
  const addr = hostBytes(storeHost.host);
  const buf = Buffer.alloc(addr.length + 12);
  addr.copy(buf, 0);
  buf.writeInt32BE(storeHost.port, addr.length);
  buf.writeBigInt64BE(commitLogOffset, addr.length + 4);
  return buf.toString('hex').toUpperCase();
}

export interface DecodedOffsetMsgId {
  storeHost: SocketAddress;
  commitLogOffset: bigint;
}

export function decodeOffsetMsgId(id: string): DecodedOffsetMsgId {
  if (!/^[0-9A-Fa-f]+$/.test(id) || (id.length !== 32 && id.length !== 56)) {
    throw new InvalidArgumentError(`not an offset message id: ${id}`);
  }
  const buf = Buffer.from(id, 'hex');
  const addrLen = buf.length - 12;
  return {
    storeHost: { host: bytesToHost(buf.subarray(0, addrLen)), port: buf.readInt32BE(addrLen) },
    commitLogOffset: buf.readBigInt64BE(addrLen + 4),
  };
}

const upperHexDigits = Buffer.from('0123456789ABCDEF', 'latin1');
/** Hex digits of an id's time (int32) and counter (uint16). */
const uniqueIdVaryingChars = 12;

/** Makes UNIQ_KEY ids for one process, laid out as the Java client's MessageClientIDSetter. */
export class UniqueIdGenerator {
  /** The id as text: the fixed prefix's hex digits, then 12 rewritten by each next(). */
  private readonly text: Buffer;
  private readonly prefixChars: number;
  private counter = 0;
  private monthStart = 0;
  private nextMonthStart = 0;

  constructor(clientIp?: string) {
    const ip = clientIp && isIPv4(clientIp) ? hostBytes(clientIp) : randomBytes(4);
    const prefix = Buffer.alloc(ip.length + 6);
    ip.copy(prefix, 0);
    prefix.writeUInt16BE(process.pid & 0xffff, ip.length);
    randomBytes(4).copy(prefix, ip.length + 2);
    this.prefixChars = prefix.length * 2;
    this.text = Buffer.alloc(this.prefixChars + uniqueIdVaryingChars);
    this.text.write(prefix.toString('hex').toUpperCase(), 0, 'latin1');
  }

  /** One id per message sent: hex digits written into the reused text, read back as one string. */
  next(now = Date.now()): string {
    if (now >= this.nextMonthStart) this.setMonth(now);
    const text = this.text;
    let time = (now - this.monthStart) | 0;
    let counter = this.counter;
    for (let i = text.length - 1; i >= text.length - 4; i--) {
      text[i] = upperHexDigits[counter & 0xf]!;
      counter >>>= 4;
    }
    for (let i = text.length - 5; i >= this.prefixChars; i--) {
      text[i] = upperHexDigits[time & 0xf]!;
      time >>>= 4;
    }
    this.counter = (this.counter + 1) & 0xffff;
    return text.toString('latin1');
  }

  private setMonth(now: number): void {
    const d = new Date(now);
    this.monthStart = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
    this.nextMonthStart = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
  }
}
