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
import { SerializeType, type ExtFields, type RemotingCommand } from './command.js';
import { ProtocolError } from './errors.js';
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

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;

/** Decodes a JSON header (exactly the header bytes). The command has no body yet. */
export function decodeJsonHeader(header: Buffer): RemotingCommand {
  const text = header.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ProtocolError('badJson', `header is not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ProtocolError('badJson', 'header is not a JSON object');
  }
  const h = parsed as Record<string, unknown>;
  const cmd: RemotingCommand = {
    code: int32Field(h, 'code'),
    language: languageField(h.language),
    version: int32Field(h, 'version'),
    opaque: int32Field(h, 'opaque'),
    flag: int32Field(h, 'flag'),
    serializeType: SerializeType.JSON,
  };
  const remark = h.remark;
  if (remark !== undefined && remark !== null) {
    if (typeof remark === 'string') cmd.remark = remark;
    else if (typeof remark === 'number' || typeof remark === 'boolean') cmd.remark = String(remark);
    else throw new ProtocolError('badHeaderField', 'remark is not a string');
  }
  const ext = h.extFields;
  if (ext !== undefined && ext !== null) cmd.extFields = extFieldsOf(ext, text);
  return cmd;
}

/** An int field of the header: absent/null means 0 (Java's default); numeric strings accepted like fastjson. */
function int32Field(h: Record<string, unknown>, name: string): number {
  const v = h[name];
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
