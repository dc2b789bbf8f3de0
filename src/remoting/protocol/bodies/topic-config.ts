// TopicConfig and TopicConfigSerializeWrapper (topics.json, GET_ALL_TOPIC_CONFIG, and the core
// of RegisterBrokerBody):
//   {"dataVersion":{"counter":1,"timestamp":1700000000000},
//    "topicConfigTable":{"T":{"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",
//                             "topicName":"T","topicSysFlag":0,"writeQueueNums":4}}}
// "attributes" (string map) is 5.x.
import { dataVersionFromJson, dataVersionToJson, type DataVersion } from './data-version.js';
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asObject, asString, booleanField, intField, mapField, parseBodyObject, stringField, stringKey } from './json-fields.js';

/** PermName bits. */
export const Perm = { inherit: 1, write: 2, read: 4, priority: 8 } as const;

/** TopicConfig defaults (TopicConfig.java). */
export const topicConfigDefaults = {
  readQueueNums: 16,
  writeQueueNums: 16,
  perm: Perm.read | Perm.write,
  topicFilterType: 'SINGLE_TAG',
} as const;

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  /** "SINGLE_TAG" or "MULTI_TAG". */
  topicFilterType: string;
  topicSysFlag: number;
  order: boolean;
  /** 5.x, e.g. "+message.type" -> "NORMAL". */
  attributes?: Map<string, string>;
}

export interface TopicConfigSerializeWrapper {
  topicConfigTable: Map<string, TopicConfig>;
  dataVersion: DataVersion;
}

export function topicConfigFromJson(v: JsonValue, what = 'TopicConfig'): TopicConfig {
  const o = asObject(v, what);
  const out: TopicConfig = {
    topicName: stringField(o, 'topicName', what),
    readQueueNums: intField(o, 'readQueueNums', what, topicConfigDefaults.readQueueNums),
    writeQueueNums: intField(o, 'writeQueueNums', what, topicConfigDefaults.writeQueueNums),
    perm: intField(o, 'perm', what, topicConfigDefaults.perm),
    topicFilterType: o.topicFilterType == null ? topicConfigDefaults.topicFilterType : asString(o.topicFilterType, `${what}.topicFilterType`),
    topicSysFlag: intField(o, 'topicSysFlag', what),
    order: booleanField(o, 'order', what),
  };
  if (o.attributes != null) out.attributes = mapField(o, 'attributes', what, stringKey, asString);
  return out;
}

export function topicConfigToJson(t: TopicConfig): object {
  return {
    topicName: t.topicName,
    readQueueNums: t.readQueueNums,
    writeQueueNums: t.writeQueueNums,
    perm: t.perm,
    topicFilterType: t.topicFilterType,
    topicSysFlag: t.topicSysFlag,
    order: t.order,
    attributes: t.attributes,
  };
}

export function topicConfigWrapperFromJson(v: JsonValue | undefined, what = 'TopicConfigSerializeWrapper'): TopicConfigSerializeWrapper {
  const o = asObject(v, what);
  return {
    topicConfigTable: mapField(o, 'topicConfigTable', what, stringKey, (t, w) => topicConfigFromJson(t, w)),
    dataVersion: o.dataVersion == null ? { timestamp: 0, counter: 0 } : dataVersionFromJson(o.dataVersion, `${what}.dataVersion`),
  };
}

export function topicConfigWrapperToJson(w: TopicConfigSerializeWrapper): object {
  const table = new Map<string, object>();
  for (const [name, config] of w.topicConfigTable) table.set(name, topicConfigToJson(config));
  return { topicConfigTable: table, dataVersion: dataVersionToJson(w.dataVersion) };
}

export function encodeTopicConfigSerializeWrapper(w: TopicConfigSerializeWrapper): Buffer {
  return Buffer.from(writeFastjson(topicConfigWrapperToJson(w)), 'utf8');
}

export function decodeTopicConfigSerializeWrapper(body: Buffer | string): TopicConfigSerializeWrapper {
  return topicConfigWrapperFromJson(parseBodyObject(body, 'TopicConfigSerializeWrapper'));
}
