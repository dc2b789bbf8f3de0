// A JSON writer with fastjson 1.2's default output (remoting.md §7), for bodies Java reads:
// - plain objects (Java beans): keys sorted, null/undefined members omitted;
// - Map: keys sorted (numbers numerically); string keys quoted; number/bigint keys unquoted
//   (`{0:"a"}`) and object keys embedded as JSON objects (`{{"queueId":0,...}:1}`), as fastjson
//   writes Map<Long,..> and Map<MessageQueue,..>; null values omitted;
// - Set and arrays as arrays; bigint as a decimal integer; non-finite numbers as null.
// With quoteMapKeys every map key is written as a JSON string instead ({"0":"a"}), which is
// standard JSON and still parses in fastjson, JSON2 and JSON.parse.
import { assert } from '../../../common/assert.js';

export interface FastjsonWriteOptions {
  /** Quote non-string map keys (standard JSON). Default false: fastjson's unquoted keys. */
  quoteMapKeys?: boolean;
}

export function writeFastjson(value: unknown, options: FastjsonWriteOptions = {}): string {
  return write(value, options.quoteMapKeys === true);
}

function write(v: unknown, quote: boolean): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return writeArray(v, quote);
      if (v instanceof Set) return writeArray([...v], quote);
      if (v instanceof Map) return writeMap(v, quote);
      return writeBean(v as Record<string, unknown>, quote);
    default:
      assert(false, `cannot write a ${typeof v} as JSON`);
  }
}

function writeArray(items: readonly unknown[], quote: boolean): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i], quote);
  }
  return out + ']';
}

function writeBean(bean: Record<string, unknown>, quote: boolean): string {
  const proto = Object.getPrototypeOf(bean) as unknown;
  assert(proto === Object.prototype || proto === null, 'only plain objects, arrays, Sets and Maps are written as JSON');
  const keys = Object.keys(bean).sort(compareStrings);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const value = bean[key];
    if (value === undefined || value === null) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + write(value, quote);
  }
  return out + '}';
}

interface MapEntryText {
  sortKey: string | number | bigint;
  keyText: string;
  value: unknown;
}

function writeMap(map: Map<unknown, unknown>, quote: boolean): string {
  const entries: MapEntryText[] = [];
  for (const [key, value] of map) {
    if (value === undefined || value === null) continue;
    entries.push(mapKey(key, value, quote));
  }
  entries.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (i > 0) out += ',';
    out += e.keyText + ':' + write(e.value, quote);
  }
  return out + '}';
}

function mapKey(key: unknown, value: unknown, quote: boolean): MapEntryText {
  if (typeof key === 'string') return { sortKey: key, keyText: JSON.stringify(key), value };
  if (typeof key === 'number' || typeof key === 'bigint') {
    const text = key.toString();
    return { sortKey: key, keyText: quote ? `"${text}"` : text, value };
  }
  assert(typeof key === 'object' && key !== null, 'map keys are strings, numbers or objects');
  const text = write(key, quote);
  return { sortKey: text, keyText: quote ? JSON.stringify(text) : text, value };
}

function compareKeys(a: string | number | bigint, b: string | number | bigint): number {
  if (typeof a === 'string' || typeof b === 'string') return compareStrings(String(a), String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Java's String.compareTo order (UTF-16 code units), which is also JS's default. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
