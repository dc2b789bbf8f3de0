// DataVersion (common/DataVersion.java): a broker's version of its topic configuration.
//   {"counter":3,"timestamp":1700000000000}           ("stateVersion" is 5.x)
import type { JsonObject, JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asObject, longField, optionalLong, parseBodyObject } from './json-fields.js';

export interface DataVersion {
  timestamp: number;
  counter: number;
  /** 5.x only. */
  stateVersion?: number;
}

export function dataVersionFromJson(v: JsonValue | undefined, what = 'DataVersion'): DataVersion {
  const o: JsonObject = asObject(v, what);
  const out: DataVersion = { timestamp: longField(o, 'timestamp', what), counter: longField(o, 'counter', what) };
  const stateVersion = optionalLong(o, 'stateVersion', what);
  if (stateVersion !== undefined) out.stateVersion = stateVersion;
  return out;
}

export function dataVersionToJson(v: DataVersion): object {
  return { timestamp: v.timestamp, counter: v.counter, stateVersion: v.stateVersion };
}

export function encodeDataVersion(v: DataVersion): Buffer {
  return Buffer.from(writeFastjson(dataVersionToJson(v)), 'utf8');
}

export function decodeDataVersion(body: Buffer | string): DataVersion {
  return dataVersionFromJson(parseBodyObject(body, 'DataVersion'));
}
