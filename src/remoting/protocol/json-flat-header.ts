// A fast reader for the JSON headers real clients send, which are all of one flat form:
//   {"code":310,"extFields":{"a":"G","e":"3",...},"flag":0,"language":"JAVA","opaque":7,...}
// no whitespace, ASCII, scalar values, one flat object of scalars for extFields. It scans the
// bytes once (a typed-array loop, ~3x cheaper than JSON.parse on the decoded text), reads
// numbers digit by digit and cuts strings out of one latin1 text of the header; extFields keys
// seen before come from the interned keys (interned-keys.ts). A header in fastjson's member
// order (Java clients' and ours) is matched against that order's constant key texts; any other
// order is read member by member.
//
// It is strict and gives up (returns undefined) on anything outside that form: whitespace,
// a byte >= 0x80, a nested value other than extFields, a member given twice, a malformed
// token, an extFields value that is null or a number that is not a safe integer, the key
// __proto__. The caller then uses JSON.parse, so the result (or the error) is always what
// JSON.parse gives: this reader only answers for texts that are valid JSON.
import type { ExtFields } from './command.js';
import type { ConstantText } from './header-bytes.js';
import { internedKey } from './interned-keys.js';
import {
  Member,
  codeKey,
  extFieldsKey,
  flagKey,
  javaThenOpaqueKey,
  literalFalse,
  literalNull,
  literalTrue,
  memberOf,
  quotedJava,
  remarkKey,
  versionKey,
} from './json-header-texts.js';

/**
 * The header members the codec reads, as JSON.parse would give them (undefined: absent);
 * extFields already as strings.
 */
export interface FlatJsonHeader {
  code: unknown;
  language: unknown;
  version: unknown;
  opaque: unknown;
  flag: unknown;
  remark: unknown;
  extFields: ExtFields | null | undefined;
}

const quote = 0x22;
const comma = 0x2c;
const minus = 0x2d;
const colon = 0x3a;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
/** Integer literals up to this many digits are exact as summed digit by digit. */
const exactDigitsMax = 15;

/** Reads the header in bytes [start, end) of `buf` when it is flat; undefined when JSON.parse must decide. */
export function scanFlatJsonHeader(buf: Buffer, start: number, end: number): FlatJsonHeader | undefined {
  try {
    return new FlatScanner(buf, start, end).header();
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
}

/** Thrown inside the scanner to give up; never leaves this module. */
const giveUp = Symbol('giveUp');

class FlatScanner {
  private pos: number;
  /**
   * The header as latin1 text, made at the first string that needs it (offsets from `start`);
   * '' until then (always a string: one field representation).
   */
  private textCache = '';
  /** Value of the last scalar read by scalar(). */
  private value: unknown;
  /** Whether the last string read by stringEnd() held a backslash escape. */
  private escaped = false;

  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  /** For ASCII, character offsets of this text are byte offsets from `start`. */
  private get text(): string {
    if (this.textCache === '') this.textCache = this.buf.toString('latin1', this.start, this.end);
    return this.textCache;
  }

  header(): FlatJsonHeader {
    return this.inFastjsonOrder() ?? this.memberByMember();
  }

  /**
   * Reads a header whose members come in fastjson's order, as Java clients and ours write them:
   *   {"code":N[,"extFields":{...}],"flag":N,"language":"JAVA","opaque":N[,"remark":"..."],
   *    "serializeTypeCurrentRPC":"JSON","version":N}
   * matching each key and its punctuation as constant bytes instead of scanning and naming it.
   * Undefined, pos back at the start, where the text departs from that form.
   */
  private inFastjsonOrder(): FlatJsonHeader | undefined {
    if (!this.literal(codeKey)) return undefined;
    const code = this.plainInteger();
    let extFields: ExtFields | null | undefined;
    if (code !== undefined && this.literal(extFieldsKey)) extFields = this.extFieldsValue();
    const flag = code !== undefined && this.literal(flagKey) ? this.plainInteger() : undefined;
    const opaque = flag !== undefined && this.literal(javaThenOpaqueKey) ? this.plainInteger() : undefined;
    let remark: string | undefined;
    if (opaque !== undefined && this.literal(remarkKey) && this.peek() === quote) {
      this.pos++;
      remark = this.stringValue();
    }
    const version = opaque !== undefined && this.literal(versionKey) ? this.plainInteger() : undefined;
    if (version === undefined || this.peek() !== closeBrace || this.pos + 1 !== this.end) {
      this.pos = this.start;
      return undefined;
    }
    return { code, language: 'JAVA', version, opaque, flag, remark, extFields };
  }

  /**
   * The digits of an integer literal JSON.parse reads exactly (-?(0|[1-9]\d*), at most
   * exactDigitsMax digits); undefined for a leading zero or no digits. A fraction or exponent
   * after them fails the constant text the caller expects next.
   */
  private plainInteger(): number | undefined {
    const buf = this.buf;
    const end = this.end;
    let i = this.pos;
    const negative = i < end && buf[i] === minus;
    if (negative) i++;
    const digitsFrom = i;
    let n = 0;
    while (i < end) {
      const c = buf[i]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      i++;
    }
    const digits = i - digitsFrom;
    if (digits === 0 || digits > exactDigitsMax || (digits > 1 && buf[digitsFrom] === 0x30)) return undefined;
    this.pos = i;
    return negative ? -n : n;
  }

  private memberByMember(): FlatJsonHeader {
    const buf = this.buf;
    let code: unknown;
    let language: unknown;
    let version: unknown;
    let opaque: unknown;
    let flag: unknown;
    let remark: unknown;
    let extFields: ExtFields | null | undefined;
    /** Members seen so far (a member given twice: JSON.parse decides which one counts). */
    let seen = 0;
    this.expect(openBrace);
    if (this.peek() === closeBrace) this.pos++;
    else {
      for (;;) {
        this.expect(quote);
        const keyStart = this.pos;
        const keyEnd = this.stringEnd();
        // A key spelt with escapes may still name a member.
        if (this.escaped) throw giveUp;
        this.expect(colon);
        const member = memberOf(buf, keyStart, keyEnd);
        if (member !== Member.other) {
          if ((seen & member) !== 0) throw giveUp;
          seen |= member;
        }
        if (member === Member.extFields) extFields = this.extFieldsValue();
        else if (member === Member.other) this.skipScalar();
        else if (member === Member.language && this.literal(quotedJava)) language = 'JAVA';
        else {
          this.scalar();
          const v = this.value;
          if (member === Member.code) code = v;
          else if (member === Member.flag) flag = v;
          else if (member === Member.opaque) opaque = v;
          else if (member === Member.version) version = v;
          else if (member === Member.language) language = v;
          else if (member === Member.remark) remark = v;
        }
        const c = this.peek();
        this.pos++;
        if (c === closeBrace) break;
        if (c !== comma) throw giveUp;
      }
    }
    if (this.pos !== this.end) throw giveUp;
    return { code, language, version, opaque, flag, remark, extFields };
  }

  private extFieldsValue(): ExtFields | null {
    if (this.peek() !== openBrace) {
      this.scalar();
      if (this.value === null) return null;
      throw giveUp;
    }
    this.pos++;
    const ext: ExtFields = {};
    if (this.peek() === closeBrace) {
      this.pos++;
      return ext;
    }
    for (;;) {
      if (!this.plainStringMember(ext)) this.anyMember(ext);
      const c = this.peek();
      this.pos++;
      if (c === closeBrace) return ext;
      if (c !== comma) throw giveUp;
    }
  }

  /**
   * Reads the member at pos into `ext` when it is the common `"key":"value"` with a key free of
   * escapes, in one pass with no calls per byte; returns false, having moved nothing, for any
   * other member (a number, a boolean, an escaped key).
   */
  private plainStringMember(ext: ExtFields): boolean {
    const buf = this.buf;
    const end = this.end;
    if (this.peek() !== quote) return false;
    const keyFrom = this.pos + 1;
    const keyTo = plainStringEnd(buf, keyFrom, end);
    if (keyTo < 0 || keyTo + 2 >= end || buf[keyTo + 1] !== colon || buf[keyTo + 2] !== quote) return false;
    const valueFrom = keyTo + 3;
    const valueTo = plainStringEnd(buf, valueFrom, end);
    const text = this.text;
    const start = this.start;
    let value: string;
    if (valueTo >= 0) {
      value = text.substring(valueFrom - start, valueTo - start);
      this.pos = valueTo + 1;
    } else {
      // Escaped (a message's properties, separated by \u0001 and \u0002), or one for JSON.parse to judge.
      this.pos = valueFrom;
      value = this.stringValue();
    }
    const key = internedKey(buf, keyFrom, keyTo, text, keyFrom - start);
    if (key === '__proto__') throw giveUp;
    ext[key] = value;
    return true;
  }

  /** Reads any other member of extFields into `ext`: an escaped key, a number or a boolean. */
  private anyMember(ext: ExtFields): void {
    this.expect(quote);
    const key = this.stringValue();
    if (key === '__proto__') throw giveUp;
    this.expect(colon);
    this.scalar();
    const v = this.value;
    if (typeof v === 'string') ext[key] = v;
    else if (typeof v === 'boolean') ext[key] = v ? 'true' : 'false';
    else if (typeof v === 'number' && Number.isSafeInteger(v)) ext[key] = String(v);
    else throw giveUp;
  }

  /** Reads a string, number, true, false or null into this.value. */
  private scalar(): void {
    const c = this.peek();
    if (c === quote) {
      this.pos++;
      this.value = this.stringValue();
    } else if (c === minus || (c >= 0x30 && c <= 0x39)) {
      this.value = this.numberValue();
    } else if (this.literal(literalTrue)) {
      this.value = true;
    } else if (this.literal(literalFalse)) {
      this.value = false;
    } else if (this.literal(literalNull)) {
      this.value = null;
    } else {
      throw giveUp;
    }
  }

  /** Moves past a scalar whose value nobody reads (an unknown member), checking it as scalar() does. */
  private skipScalar(): void {
    if (this.peek() !== quote) {
      this.scalar();
      return;
    }
    this.pos++;
    const from = this.pos;
    this.stringEnd();
    // An escape must still be one JSON.parse accepts.
    if (this.escaped) {
      this.pos = from;
      this.stringValue();
    }
  }

  /** The string whose opening quote was just read; escapes are decoded by JSON.parse. */
  private stringValue(): string {
    const from = this.pos - this.start;
    const to = this.stringEnd() - this.start;
    if (!this.escaped) return this.text.substring(from, to);
    try {
      return JSON.parse(this.text.substring(from - 1, to + 1)) as string;
    } catch {
      throw giveUp;
    }
  }

  /** Moves past the closing quote of a string; returns where its content ends. */
  private stringEnd(): number {
    const buf = this.buf;
    const end = this.end;
    let escaped = false;
    let i = this.pos;
    while (i < end) {
      const c = buf[i]!;
      if (c === quote) {
        this.pos = i + 1;
        this.escaped = escaped;
        return i;
      }
      if (c < 0x20 || c >= 0x80) throw giveUp;
      if (c === backslash) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    throw giveUp;
  }

  /** Reads a number, checking JSON's grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private numberValue(): number {
    const from = this.pos;
    const negative = this.peek() === minus;
    if (negative) this.pos++;
    const digitsFrom = this.pos;
    let n = 0;
    if (this.peek() === 0x30) this.pos++;
    else {
      for (let c = this.peek(); c >= 0x30 && c <= 0x39; c = this.peek()) {
        n = n * 10 + (c - 0x30);
        this.pos++;
      }
      if (this.pos === digitsFrom) throw giveUp;
    }
    const integerEnd = this.pos;
    if (this.peek() === 0x2e) {
      this.pos++;
      this.digits();
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.peek();
      if (sign === 0x2b || sign === minus) this.pos++;
      this.digits();
    }
    if (this.pos === integerEnd && integerEnd - digitsFrom <= exactDigitsMax) return negative ? -n : n;
    return Number(this.text.substring(from - this.start, this.pos - this.start));
  }

  /** Moves past one or more digits. */
  private digits(): void {
    const from = this.pos;
    for (let c = this.peek(); c >= 0x30 && c <= 0x39; c = this.peek()) this.pos++;
    if (this.pos === from) throw giveUp;
  }

  /** The byte at pos, or -1 at the end of the header. */
  private peek(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  /** Moves past `text` if it comes next. */
  private literal(text: ConstantText): boolean {
    if (!text.foundAt(this.buf, this.pos, this.end)) return false;
    this.pos += text.bytes.length;
    return true;
  }

  private expect(c: number): void {
    if (this.peek() !== c) throw giveUp;
    this.pos++;
  }
}

/**
 * Where the string starting at `from` (after its opening quote) ends: the index of its closing
 * quote, or -1 when it holds an escape, a control character or a non-ASCII byte before that.
 */
function plainStringEnd(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = buf[i]!;
    if (c === quote) return i;
    if (c < 0x20 || c >= 0x80 || c === backslash) return -1;
  }
  return -1;
}
