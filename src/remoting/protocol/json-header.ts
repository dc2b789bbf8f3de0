// JSON header codec (serialize type 0; remoting.md §2).
//
// Emitted like Java's fastjson: keys in alphabetical order (code, extFields, flag, language,
// opaque, remark, serializeTypeCurrentRPC, version), null/absent values omitted:
//   {"code":105,"extFields":{"topic":"T"},"flag":0,"language":"JAVA","opaque":7,
//    "serializeTypeCurrentRPC":"JSON","version":409}
// Accepted leniently: extFields values may be strings, numbers or booleans (ali-ons sends raw JS
// values) and are coerced to strings; remark/extFields absent or null; any `language` string;
// serializeTypeCurrentRPC and unknown keys ignored. A number in extFields that is not exact
// (an integer beyond ±(2^53−1), or a literal that overflows to Infinity) is refused with
// ProtocolError 'badHeaderField' instead of being rounded: offsets and timestamps travel there.
//
// Speed: the encoder writes the header straight into its caller's buffer, key texts from
// constant bytes and strings by a JavaScript loop, escaping through JSON.stringify only the
// strings that need it; commands of unexpected shape (a field of another type than declared)
// take JSON.stringify of the whole header, so the output is JSON.stringify's in every case.
import { newCommand, SerializeType, type ExtFields, type RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
import { asciiBytes, headerRoomSlackBytes, writeBytes, writeUtf8 } from './header-bytes.js';
import { codeKey, extFieldsKey, flagKey, languageKey, opaqueKey, remarkKey, versionKey } from './json-header-texts.js';
import { scanFlatJsonHeader, type FlatJsonHeader } from './json-flat-header.js';
import { rawNumberLiteralsOfObjectMember } from './json-raw-numbers.js';

/** The header text, ready to be written as UTF-8. */
export function jsonHeaderText(cmd: RemotingCommand): string {
  // One JSON.stringify of a literal in sorted key order: V8's fast path, undefined members dropped.
  return JSON.stringify({
    code: cmd.code,
    extFields: cmd.extFields ?? undefined,
    flag: cmd.flag,
    language: cmd.language,
    opaque: cmd.opaque,
    remark: cmd.remark ?? undefined,
    serializeTypeCurrentRPC: 'JSON',
    version: cmd.version,
  });
}

export function encodeJsonHeader(cmd: RemotingCommand): Buffer {
  return Buffer.from(jsonHeaderText(cmd), 'utf8');
}

/** A JSON string escape takes at most 6 bytes per UTF-16 unit (\u001f); quotes add 2. */
const jsonBytesPerCharMax = 6;

/**
 * Writes the JSON header of `cmd` at `at` (the same bytes as jsonHeaderText); returns the offset
 * after it, or -1 when `out` has no room for it (retry with a bigger buffer).
 */
export function writeJsonHeader(cmd: RemotingCommand, out: Buffer, at: number): number {
  if (!hasDeclaredTypes(cmd)) return writeText(jsonHeaderText(cmd), out, at);
  const language = cmd.language;
  const remark = cmd.remark;
  // Room for the strings written after extFields, reserved by every check before them.
  const tailRoom = jsonBytesPerCharMax * (language.length + (remark == null ? 0 : remark.length)) + headerRoomSlackBytes;
  if (at + tailRoom > out.length) return -1;
  let end = writeBytes(out, at, codeKey.bytes);
  end = writeJsonNumber(out, end, cmd.code);
  const ext = cmd.extFields;
  if (ext != null) {
    end = writeBytes(out, end, extFieldsKey.bytes);
    out[end++] = 0x7b; // {
    let first = true;
    for (const key in ext) {
      const value: unknown = ext[key];
      // JSON.stringify's member rules: strings quoted, undefined skipped, anything else as it writes it.
      const raw = typeof value === 'string' ? undefined : JSON.stringify(value);
      if (raw === undefined && typeof value !== 'string') continue;
      const valueChars = raw === undefined ? (value as string).length : raw.length;
      if (end + jsonBytesPerCharMax * (key.length + valueChars) + tailRoom > out.length) return -1;
      if (!first) out[end++] = 0x2c; // ,
      first = false;
      end = writeJsonString(out, end, key);
      out[end++] = 0x3a; // :
      end = raw === undefined ? writeJsonString(out, end, value as string) : writeUtf8(out, end, raw);
    }
    out[end++] = 0x7d; // }
  }
  end = writeBytes(out, end, flagKey.bytes);
  end = writeJsonNumber(out, end, cmd.flag);
  end = writeBytes(out, end, languageKey.bytes);
  end = writeJsonString(out, end, language);
  end = writeBytes(out, end, opaqueKey.bytes);
  end = writeJsonNumber(out, end, cmd.opaque);
  if (remark != null) {
    end = writeBytes(out, end, remarkKey.bytes);
    end = writeJsonString(out, end, remark);
  }
  end = writeBytes(out, end, versionKey.bytes);
  end = writeJsonNumber(out, end, cmd.version);
  out[end++] = 0x7d; // }
  return end;
}

/** True when every header field has its declared type (the encoder's fast path applies). */
function hasDeclaredTypes(cmd: RemotingCommand): boolean {
  const ext = cmd.extFields;
  const remark = cmd.remark;
  return (
    typeof cmd.code === 'number' &&
    typeof cmd.flag === 'number' &&
    typeof cmd.opaque === 'number' &&
    typeof cmd.version === 'number' &&
    typeof cmd.language === 'string' &&
    (remark == null || typeof remark === 'string') &&
    (ext == null || Object.getPrototypeOf(ext) === Object.prototype)
  );
}

function writeText(text: string, out: Buffer, at: number): number {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (at + bytes > out.length) return -1;
  return at + out.write(text, at, 'utf8');
}

/**
 * Strings up to this many UTF-16 units are written (and escaped) by a JavaScript loop; longer
 * ones, and any with a non-ASCII character, by JSON.stringify and one native write.
 */
const jsonStringLoopCharsMax = 256;

/** Escapes of the control characters JSON.stringify writes in short form (\b \t \n \f \r). */
const shortEscapes: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };
const hexDigits = asciiBytes('0123456789abcdef');

/** Writes `s` as a JSON string literal, as JSON.stringify does; room for jsonBytesPerCharMax bytes per unit is reserved. */
function writeJsonString(out: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n > jsonStringLoopCharsMax) return writeUtf8(out, at, JSON.stringify(s));
  out[at] = 0x22; // "
  let end = at + 1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x80) {
      out[end++] = c;
    } else if (c === 0x22 || c === 0x5c) {
      out[end++] = 0x5c;
      out[end++] = c;
    } else if (c < 0x20) {
      out[end++] = 0x5c;
      const short = shortEscapes[c];
      if (short !== undefined) out[end++] = short;
      else {
        out[end] = 0x75; // u00XX
        out[end + 1] = 0x30;
        out[end + 2] = 0x30;
        out[end + 3] = hexDigits[c >>> 4]!;
        out[end + 4] = hexDigits[c & 0xf]!;
        end += 5;
      }
    } else {
      // Non-ASCII: JSON.stringify's rules (lone surrogates escaped) and a native UTF-8 write.
      return writeUtf8(out, at, JSON.stringify(s));
    }
  }
  out[end] = 0x22;
  return end + 1;
}

/** Writes a number as JSON.stringify does: integers digit by digit, others through String. */
function writeJsonNumber(out: Buffer, at: number, n: number): number {
  if ((n | 0) !== n) return writeUtf8(out, at, Number.isFinite(n) ? String(n) : 'null');
  let rest = n;
  if (rest < 0) {
    out[at++] = 0x2d; // -
    rest = -rest;
  }
  let digits = 1;
  for (let t = rest; t >= 10; t = Math.floor(t / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    out[i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;

/** Decodes a JSON header (exactly the header bytes). The command has no body yet. */
export function decodeJsonHeader(header: Buffer): RemotingCommand {
  return readJsonHeader(header, 0, header.length);
}

/** Decodes the JSON header held in bytes [start, end) of `buf`. The command has no body yet. */
export function readJsonHeader(buf: Buffer, start: number, end: number): RemotingCommand {
  const flat = scanFlatJsonHeader(buf, start, end);
  if (flat === undefined) return parseJsonHeaderText(buf.toString('utf8', start, end));
  return commandOf(flat, undefined);
}

/** Decodes a JSON header text through JSON.parse: what readJsonHeader gives for any input. */
export function parseJsonHeaderText(text: string): RemotingCommand {
  return commandOf(parseObject(text), text);
}

/**
 * The command of parsed header members; `text` is the header when extFields still hold JSON
 * values (undefined when the flat scanner already made them strings).
 */
function commandOf(h: FlatJsonHeader | Record<string, unknown>, text: string | undefined): RemotingCommand {
  const cmd = newCommand(
    int32Field(h.code, 'code'),
    languageField(h.language),
    int32Field(h.version, 'version'),
    int32Field(h.opaque, 'opaque'),
    int32Field(h.flag, 'flag'),
    SerializeType.JSON,
  );
  const remark = h.remark;
  if (remark !== undefined && remark !== null) {
    if (typeof remark === 'string') cmd.remark = remark;
    else if (typeof remark === 'number' || typeof remark === 'boolean') cmd.remark = String(remark);
    else throw new ProtocolError('badHeaderField', 'remark is not a string');
  }
  const ext = h.extFields;
  if (ext !== undefined && ext !== null) cmd.extFields = text === undefined ? (ext as ExtFields) : extFieldsOf(ext, text);
  return cmd;
}

function parseObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ProtocolError('badJson', `header is not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError('badJson', 'header is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** An int field of the header: absent/null means 0 (Java's default); numeric strings accepted like fastjson. */
function int32Field(v: unknown, name: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,10}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < int32Min || n > int32Max) {
    throw new ProtocolError('badHeaderField', `${name} is not an int32`);
  }
  return n;
}

function languageField(v: unknown): string {
  if (v === undefined || v === null) return 'JAVA';
  if (typeof v !== 'string') throw new ProtocolError('badHeaderField', 'language is not a string');
  return v;
}

function extFieldsOf(ext: unknown, text: string): ExtFields {
  if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) {
    throw new ProtocolError('badHeaderField', 'extFields is not an object');
  }
  const fields = ext as Record<string, unknown>;
  let copy: ExtFields | undefined;
  let rawNumbers: Map<string, string> | undefined;
  for (const key in fields) {
    const v = fields[key];
    if (typeof v === 'string') {
      if (copy) copy[key] = v;
      continue;
    }
    // Not all strings: build a copy (the common all-string header is returned as parsed).
    if (!copy) copy = copyStringsBefore(fields, key);
    if (typeof v === 'boolean') copy[key] = v ? 'true' : 'false';
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) copy[key] = String(v);
      else {
        rawNumbers ??= rawNumberLiteralsOfObjectMember(text, 'extFields');
        copy[key] = exactNumberText(key, rawNumbers.get(key));
      }
    } else if (v !== null) {
      throw new ProtocolError('badHeaderField', `extFields.${key} is not a scalar`);
    }
  }
  return copy ?? (fields as ExtFields);
}

function copyStringsBefore(fields: Record<string, unknown>, stop: string): ExtFields {
  const copy: ExtFields = {};
  for (const key in fields) {
    if (key === stop) break;
    copy[key] = fields[key] as string;
  }
  return copy;
}

const integerLiteral = /^-?(0|[1-9]\d*)$/;

/**
 * A non-safe-integer number of extFields, from its literal text: an integer literal beyond
 * ±(2^53−1) or a literal that overflows a double is refused; a finite fraction keeps the text
 * the sender wrote (never a rounded double).
 */
function exactNumberText(key: string, literal: string | undefined): string {
  if (literal === undefined || integerLiteral.test(literal) || !Number.isFinite(Number(literal))) {
    throw new ProtocolError('badHeaderField', `extFields.${key} is a number that cannot be carried exactly`);
  }
  return literal;
}
