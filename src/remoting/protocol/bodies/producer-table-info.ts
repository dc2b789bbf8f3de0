// ProducerTableInfo (GET_ALL_PRODUCER_INFO: mqadmin producer): every producer group a broker
// has heard from and its clients, remoteIP as Java prints a socket address ("/ip:port"):
//   {"data":{"PG":[{"clientId":"..","language":"JAVA","lastUpdateTimestamp":..,"remoteIP":"/..","version":409}]}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asArray, asObject, intField, longField, mapField, parseBodyObject, stringField, stringKey } from './json-fields.js';

export interface ProducerInfo {
  clientId: string;
  remoteIP: string;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export interface ProducerTableInfo {
  data: Map<string, ProducerInfo[]>;
}

export function encodeProducerTableInfo(table: ProducerTableInfo): Buffer {
  return Buffer.from(writeFastjson({ data: new Map([...table.data].map(([group, infos]) => [group, infos.map((i) => ({ ...i }))])) }), 'utf8');
}

function producerInfoFromJson(v: JsonValue, what: string): ProducerInfo {
  const o = asObject(v, what);
  return {
    clientId: stringField(o, 'clientId', what),
    remoteIP: stringField(o, 'remoteIP', what),
    language: stringField(o, 'language', what),
    version: intField(o, 'version', what),
    lastUpdateTimestamp: longField(o, 'lastUpdateTimestamp', what),
  };
}

export function decodeProducerTableInfo(body: Buffer | string): ProducerTableInfo {
  const what = 'ProducerTableInfo';
  const o = parseBodyObject(body, what);
  return { data: mapField(o, 'data', what, stringKey, (v, w) => asArray(v, w, producerInfoFromJson)) };
}
