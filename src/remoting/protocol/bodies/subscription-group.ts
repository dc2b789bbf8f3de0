// SubscriptionGroupConfig (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP body, subscriptionGroup.json
// entries) and SubscriptionGroupWrapper (GET_ALL_SUBSCRIPTIONGROUP_CONFIG):
//   {"dataVersion":{...},"subscriptionGroupTable":{"G1":{"brokerId":0,"consumeBroadcastEnable":true,
//    "consumeEnable":true,"consumeFromMinEnable":true,"groupName":"G1","notifyConsumerIdsChangedEnable":true,
//    "retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}}}
// consumeMessageOrderly, consumeTimeoutMinute, groupSysFlag and attributes are 5.x (5.x's
// groupRetryPolicy and subscriptionDataSet are not kept).
import { dataVersionFromJson, dataVersionToJson, type DataVersion } from './data-version.js';
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import {
  asObject,
  asString,
  booleanField,
  intField,
  longField,
  mapField,
  optionalBoolean,
  parseBodyObject,
  stringField,
  stringKey,
} from './json-fields.js';

/** SubscriptionGroupConfig defaults (SubscriptionGroupConfig.java). */
export const subscriptionGroupDefaults = {
  consumeEnable: true,
  consumeFromMinEnable: true,
  consumeBroadcastEnable: true,
  retryQueueNums: 1,
  retryMaxTimes: 16,
  brokerId: 0,
  whichBrokerWhenConsumeSlowly: 1,
  notifyConsumerIdsChangedEnable: true,
} as const;

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
  /** 5.x */
  consumeMessageOrderly?: boolean;
  /** 5.x */
  consumeTimeoutMinute?: number;
  /** 5.x */
  groupSysFlag?: number;
  /** 5.x */
  attributes?: Map<string, string>;
}

export interface SubscriptionGroupWrapper {
  subscriptionGroupTable: Map<string, SubscriptionGroupConfig>;
  dataVersion: DataVersion;
}

export function subscriptionGroupConfigFromJson(v: JsonValue, what = 'SubscriptionGroupConfig'): SubscriptionGroupConfig {
  const o = asObject(v, what);
  const d = subscriptionGroupDefaults;
  const out: SubscriptionGroupConfig = {
    groupName: stringField(o, 'groupName', what),
    consumeEnable: booleanField(o, 'consumeEnable', what, d.consumeEnable),
    consumeFromMinEnable: booleanField(o, 'consumeFromMinEnable', what, d.consumeFromMinEnable),
    consumeBroadcastEnable: booleanField(o, 'consumeBroadcastEnable', what, d.consumeBroadcastEnable),
    retryQueueNums: intField(o, 'retryQueueNums', what, d.retryQueueNums),
    retryMaxTimes: intField(o, 'retryMaxTimes', what, d.retryMaxTimes),
    brokerId: longField(o, 'brokerId', what, d.brokerId),
    whichBrokerWhenConsumeSlowly: longField(o, 'whichBrokerWhenConsumeSlowly', what, d.whichBrokerWhenConsumeSlowly),
    notifyConsumerIdsChangedEnable: booleanField(o, 'notifyConsumerIdsChangedEnable', what, d.notifyConsumerIdsChangedEnable),
  };
  const orderly = optionalBoolean(o, 'consumeMessageOrderly', what);
  if (orderly !== undefined) out.consumeMessageOrderly = orderly;
  if (o.consumeTimeoutMinute != null) out.consumeTimeoutMinute = intField(o, 'consumeTimeoutMinute', what);
  if (o.groupSysFlag != null) out.groupSysFlag = intField(o, 'groupSysFlag', what);
  if (o.attributes != null) out.attributes = mapField(o, 'attributes', what, stringKey, asString);
  return out;
}

export function subscriptionGroupConfigToJson(c: SubscriptionGroupConfig): object {
  return { ...c };
}

export function encodeSubscriptionGroupConfig(c: SubscriptionGroupConfig): Buffer {
  return Buffer.from(writeFastjson(subscriptionGroupConfigToJson(c)), 'utf8');
}

export function decodeSubscriptionGroupConfig(body: Buffer | string): SubscriptionGroupConfig {
  return subscriptionGroupConfigFromJson(parseBodyObject(body, 'SubscriptionGroupConfig'));
}

export function encodeSubscriptionGroupWrapper(w: SubscriptionGroupWrapper): Buffer {
  const table = new Map<string, object>();
  for (const [name, c] of w.subscriptionGroupTable) table.set(name, subscriptionGroupConfigToJson(c));
  return Buffer.from(writeFastjson({ subscriptionGroupTable: table, dataVersion: dataVersionToJson(w.dataVersion) }), 'utf8');
}

export function decodeSubscriptionGroupWrapper(body: Buffer | string): SubscriptionGroupWrapper {
  const what = 'SubscriptionGroupWrapper';
  const o = parseBodyObject(body, what);
  return {
    subscriptionGroupTable: mapField(o, 'subscriptionGroupTable', what, stringKey, subscriptionGroupConfigFromJson),
    dataVersion: o.dataVersion == null ? { timestamp: 0, counter: 0 } : dataVersionFromJson(o.dataVersion, `${what}.dataVersion`),
  };
}
