// KVTable: {"table":{"k":"v",...}} (GET_KVLIST_BY_NAMESPACE, GET_BROKER_RUNTIME_INFO,
// the REGISTER_BROKER answer with the ORDER_TOPIC_CONFIG namespace).
import { writeFastjson } from './fastjson-write.js';
import { asString, mapField, parseBodyObject, stringKey } from './json-fields.js';

export interface KVTable {
  table: Map<string, string>;
}

export function encodeKVTable(kv: KVTable): Buffer {
  return Buffer.from(writeFastjson({ table: kv.table }), 'utf8');
}

export function decodeKVTable(body: Buffer | string): KVTable {
  const o = parseBodyObject(body, 'KVTable');
  return { table: mapField(o, 'table', 'KVTable', stringKey, asString) };
}
