// Seeded random commands and bytes for the stream and fuzz tests.
import { LanguageCode, newCommand, SerializeType, type ExtFields, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';

/** mulberry32: small, fast, good enough to drive tests; same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }

  /** Text mixing ASCII, JSON specials, controls and multi-byte code points (no lone surrogates). */
  text(maxLength: number): string {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\u0001', '\u0002', 'é', '✓', '😀', '{', '}', ':', ','];
    let s = '';
    const n = this.int(0, maxLength);
    for (let i = 0; i < n; i++) s += this.pick(alphabet);
    return s;
  }
}

const languages = Object.keys(LanguageCode);

export function randomCommand(r: Random): RemotingCommand {
  const binary = r.chance(0.4);
  const int32 = () => r.int(-0x80000000, 0x7fffffff);
  const int16 = () => r.int(-0x8000, 0x7fff);
  const cmd: RemotingCommand = {
    code: binary ? int16() : r.chance(0.5) ? r.int(0, 400) : int32(),
    language: r.pick(languages),
    version: binary ? int16() : r.int(0, 500),
    opaque: int32(),
    flag: r.int(0, 3),
    serializeType: binary ? SerializeType.ROCKETMQ : SerializeType.JSON,
  };
  if (r.chance(0.3)) cmd.remark = r.text(40) || 'r';
  if (r.chance(0.7)) {
    const ext: ExtFields = {};
    const n = r.int(0, 6);
    for (let i = 0; i < n; i++) ext[`k${r.text(6)}`] = r.text(30) || 'v';
    cmd.extFields = ext;
  }
  if (r.chance(0.5)) cmd.body = r.bytes(r.int(1, 300));
  return cmd;
}

/** Seed from RANDOM_SEED when replaying a failure, else a fresh one. */
export function testSeed(): number {
  const fromEnv = process.env.RANDOM_SEED;
  return fromEnv !== undefined ? Number(fromEnv) : Math.floor(Math.random() * 0x7fffffff);
}

/**
 * What decoding an encoded command gives back: identical, except that the ROCKETMQ binary
 * header cannot carry empty values (Java reads them as null) nor an empty extFields map.
 */
export function afterRoundTrip(cmd: RemotingCommand): RemotingCommand {
  const expected = asDecoded(cmd);
  if (cmd.serializeType !== SerializeType.ROCKETMQ || !cmd.extFields) return expected;
  const kept = Object.entries(cmd.extFields).filter(([, v]) => v !== '');
  expected.extFields = kept.length > 0 ? Object.fromEntries(kept) : undefined;
  return expected;
}

/** `cmd` as a decoder returns it: every field present, the absent optional ones undefined. */
export function asDecoded(cmd: RemotingCommand): RemotingCommand {
  const decoded = newCommand(cmd.code, cmd.language, cmd.version, cmd.opaque, cmd.flag, cmd.serializeType);
  decoded.remark = cmd.remark;
  decoded.extFields = cmd.extFields;
  decoded.body = cmd.body;
  return decoded;
}
