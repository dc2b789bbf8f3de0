// Typed reads from parsed fastjson bodies, as tolerant as fastjson's bean binding: unknown keys
// are ignored, a missing optional field takes the Java default, numbers may arrive as numeric
// strings and strings as numbers. A value of the wrong shape is a BodyFormatError.
import { BodyFormatError } from '../errors.js';
import { parseFastjson, type JsonObject, type JsonValue } from './fastjson-parse.js';

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;

/** Parses a body and checks that it is a JSON object. */
export function parseBodyObject(body: Buffer | string, what: string): JsonObject {
  return asObject(parseFastjson(body), what);
}

export function asObject(v: JsonValue | undefined, what: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BodyFormatError(`${what} is not a JSON object`);
  return v;
}

function present(v: JsonValue | undefined): v is Exclude<JsonValue, null> {
  return v !== undefined && v !== null;
}

export function asString(v: JsonValue | undefined, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw new BodyFormatError(`${what} is not a string`);
}

/** A required string member. */
export function stringField(o: JsonObject, key: string, what: string): string {
  const v = o[key];
  if (!present(v)) throw new BodyFormatError(`${what}.${key} is missing`);
  return asString(v, `${what}.${key}`);
}

export function optionalString(o: JsonObject, key: string, what: string): string | undefined {
  const v = o[key];
  return present(v) ? asString(v, `${what}.${key}`) : undefined;
}

function toNumber(v: JsonValue, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  if (typeof v === 'bigint') throw new BodyFormatError(`${what} (${v}) is beyond the safe integer range`);
  throw new BodyFormatError(`${what} is not a number`);
}

/** A safe-integer (Java int/long) member from a value; bigints beyond 2^53 are refused. */
export function asLong(v: JsonValue, what: string): number {
  const n = toNumber(v, what);
  if (!Number.isSafeInteger(n)) throw new BodyFormatError(`${what} is not a safe integer`);
  return n;
}

export function asInt(v: JsonValue, what: string): number {
  const n = asLong(v, what);
  if (n < int32Min || n > int32Max) throw new BodyFormatError(`${what} is not an int32`);
  return n;
}

export function intField(o: JsonObject, key: string, what: string, fallback = 0): number {
  const v = o[key];
  return present(v) ? asInt(v, `${what}.${key}`) : fallback;
}

export function longField(o: JsonObject, key: string, what: string, fallback = 0): number {
  const v = o[key];
  return present(v) ? asLong(v, `${what}.${key}`) : fallback;
}

export function optionalLong(o: JsonObject, key: string, what: string): number | undefined {
  const v = o[key];
  return present(v) ? asLong(v, `${what}.${key}`) : undefined;
}

export function doubleField(o: JsonObject, key: string, what: string, fallback = 0): number {
  const v = o[key];
  if (!present(v)) return fallback;
  if (typeof v === 'bigint') return Number(v);
  return toNumber(v, `${what}.${key}`);
}

export function asBoolean(v: JsonValue, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new BodyFormatError(`${what} is not a boolean`);
}

export function booleanField(o: JsonObject, key: string, what: string, fallback = false): boolean {
  const v = o[key];
  return present(v) ? asBoolean(v, `${what}.${key}`) : fallback;
}

export function optionalBoolean(o: JsonObject, key: string, what: string): boolean | undefined {
  const v = o[key];
  return present(v) ? asBoolean(v, `${what}.${key}`) : undefined;
}

export function asArray<T>(v: JsonValue, what: string, item: (v: JsonValue, what: string) => T): T[] {
  if (!Array.isArray(v)) throw new BodyFormatError(`${what} is not an array`);
  return v.map((x, i) => item(x, `${what}[${i}]`));
}

/** An array member (absent: empty), each item converted by `item`. */
export function arrayField<T>(o: JsonObject, key: string, what: string, item: (v: JsonValue, what: string) => T): T[] {
  const v = o[key];
  return present(v) ? asArray(v, `${what}.${key}`, item) : [];
}

/** An array of strings, e.g. a Java List<String> or Set<String>. */
export function asStringArray(v: JsonValue, what: string): string[] {
  return asArray(v, what, asString);
}

/** A JSON object read as a map; keys converted by `key` (text as parsed), values by `value`. */
export function asMap<K, V>(
  v: JsonValue,
  what: string,
  key: (k: string, what: string) => K,
  value: (v: JsonValue, what: string) => V,
): Map<K, V> {
  const out = new Map<K, V>();
  const obj = asObject(v, what);
  for (const k of Object.keys(obj)) {
    const item = obj[k]!;
    if (item === null) continue;
    out.set(key(k, `${what} key`), value(item, `${what}[${k}]`));
  }
  return out;
}

/** A map member (absent: empty). */
export function mapField<K, V>(
  o: JsonObject,
  field: string,
  what: string,
  key: (k: string, what: string) => K,
  value: (v: JsonValue, what: string) => V,
): Map<K, V> {
  const v = o[field];
  return present(v) ? asMap(v, `${what}.${field}`, key, value) : new Map<K, V>();
}

/** Map keys that are Java Integer/Long: the parser hands them over as decimal text. */
export function longKey(k: string, what: string): number {
  return asLong(k, what);
}

export function stringKey(k: string): string {
  return k;
}
