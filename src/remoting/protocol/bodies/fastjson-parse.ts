// A tolerant JSON reader for the bodies Java writes with fastjson (remoting.md §7).
//
// Accepts standard JSON plus fastjson's map keys:
//   unquoted integer keys   {0:"10.0.0.5:10911",-1:"x"}          -> key "0", "-1"
//   object keys             {{"brokerName":"b","queueId":0,"topic":"T"}:{...}}
//                           -> key = that object rewritten in canonical form (keys sorted,
//                              compact), so equal queues give equal keys whatever their order
// Numbers: an integer literal that is not a safe integer (beyond ±(2^53−1)) is returned as a
// bigint, exact; every other number as a JS number. Objects come back with a null prototype, so
// a "__proto__" key is plain data. Any malformed input throws BodyFormatError, nothing else
// (nesting is bounded by jsonDepthMax so a hostile body cannot exhaust the stack).
import { BodyFormatError } from '../errors.js';
import { writeFastjson } from './fastjson-write.js';

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Deepest nesting of arrays/objects accepted. */
export const jsonDepthMax = 256;

export function parseFastjson(input: string | Buffer): JsonValue {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const parser = new Parser(text);
  parser.skipSpace();
  if (parser.pos < text.length && text.charCodeAt(parser.pos) === 0xfeff) parser.pos++;
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos !== text.length) throw parser.fail('unexpected text after the value');
  return value;
}

const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): BodyFormatError {
    return new BodyFormatError(`bad JSON body at ${this.pos}: ${what}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) return this.string();
    if (c === 0x7b) return this.object(depth + 1);
    if (c === 0x5b) return this.array(depth + 1);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    throw this.fail(this.pos >= this.text.length ? 'unexpected end' : 'unexpected character');
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private object(depth: number): JsonObject {
    if (depth > jsonDepthMax) throw this.fail(`nesting deeper than ${jsonDepthMax}`);
    const out = Object.create(null) as JsonObject;
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const key = this.key(depth);
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) throw this.fail('":" expected');
      this.pos++;
      this.skipSpace();
      out[key] = this.value(depth);
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return out;
      this.pos--;
      throw this.fail('"," or "}" expected');
    }
  }

  private key(depth: number): string {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) return this.string();
    if (c === 0x7b) return writeFastjson(this.object(depth + 1));
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const n = this.number();
      if (typeof n === 'number' && !Number.isInteger(n)) throw this.fail('map key is not an integer');
      return String(n);
    }
    throw this.fail('object key expected');
  }

  private array(depth: number): JsonValue[] {
    if (depth > jsonDepthMax) throw this.fail(`nesting deeper than ${jsonDepthMax}`);
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return out;
      this.pos--;
      throw this.fail('"," or "]" expected');
    }
  }

  private number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    if (t.charCodeAt(this.pos) === 0x2d) this.pos++;
    const intStart = this.pos;
    while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    const intDigits = this.pos - intStart;
    if (intDigits === 0) throw this.fail('digit expected');
    if (intDigits > 1 && t.charCodeAt(intStart) === 0x30) throw this.fail('leading zero');
    let integer = true;
    if (t.charCodeAt(this.pos) === 0x2e) {
      integer = false;
      this.pos++;
      const fracStart = this.pos;
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
      if (this.pos === fracStart) throw this.fail('digit expected after "."');
    }
    const e = t.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      this.pos++;
      const sign = t.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      const expStart = this.pos;
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
      if (this.pos === expStart) throw this.fail('digit expected in exponent');
    }
    const literal = t.slice(start, this.pos);
    const n = Number(literal);
    if (integer && !Number.isSafeInteger(n)) return BigInt(literal);
    if (!Number.isFinite(n)) throw this.fail('number out of range');
    return n;
  }

  private string(): string {
    const t = this.text;
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) throw this.fail('unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) throw this.fail('control character in string');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunkStart, this.pos);
      const e = t.charAt(this.pos + 1);
      if (e === 'u') {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        const ch = escapes[e];
        if (ch === undefined) throw this.fail('bad escape');
        out += ch;
        this.pos += 2;
      }
      chunkStart = this.pos;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
