// ConsumerRunningInfo: a consumer's answer to GET_CONSUMER_RUNNING_INFO (mqadmin consumerStatus,
// the dashboard's client view), which brokers forward from admin tools to the client:
//   {"mqTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"cachedMsgCount":3,...}},
//    "properties":{"PROP_CONSUME_TYPE":"CONSUME_PASSIVELY",...},"statusTable":{"T":{...}},
//    "subscriptionSet":[{"classFilterMode":false,"subString":"*",...}],"jstack":"..."}
// properties are Java's Properties (strings); statusTable holds ConsumeStatus per topic.
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { subscriptionDataFromJson, subscriptionDataToJson, type SubscriptionData } from './heartbeat-data.js';
import {
  arrayField,
  asObject,
  asString,
  booleanField,
  doubleField,
  intField,
  longField,
  mapField,
  optionalString,
  parseBodyObject,
  stringKey,
} from './json-fields.js';
import { messageQueueEntriesFromJson, messageQueueEntriesToJson, type MessageQueueEntries } from './message-queue.js';

/** Property names the client adds to its own settings (ConsumerRunningInfo.PROP_*). */
export const RunningInfoProperty = {
  nameServerAddr: 'PROP_NAMESERVER_ADDR',
  threadPoolCoreSize: 'PROP_THREADPOOL_CORE_SIZE',
  consumeOrderly: 'PROP_CONSUMEORDERLY',
  consumeType: 'PROP_CONSUME_TYPE',
  clientVersion: 'PROP_CLIENT_VERSION',
  consumerStartTimestamp: 'PROP_CONSUMER_START_TIMESTAMP',
} as const;

/** One queue of the consumer (ProcessQueueInfo). */
export interface ProcessQueueInfo {
  commitOffset: number;
  cachedMsgMinOffset: number;
  cachedMsgMaxOffset: number;
  cachedMsgCount: number;
  cachedMsgSizeInMiB: number;
  transactionMsgMinOffset: number;
  transactionMsgMaxOffset: number;
  transactionMsgCount: number;
  locked: boolean;
  tryUnlockTimes: number;
  lastLockTimestamp: number;
  /** Java's spelling. */
  droped: boolean;
  lastPullTimestamp: number;
  lastConsumeTimestamp: number;
}

/** Pull and consume rates of one topic (ConsumeStatus). */
export interface ConsumeStatus {
  pullRT: number;
  pullTPS: number;
  consumeRT: number;
  consumeOKTPS: number;
  consumeFailedTPS: number;
  consumeFailedMsgs: number;
}

export interface ConsumerRunningInfo {
  properties: Map<string, string>;
  subscriptionSet: SubscriptionData[];
  mqTable: MessageQueueEntries<ProcessQueueInfo>;
  statusTable: Map<string, ConsumeStatus>;
  jstack?: string;
}

export function encodeConsumerRunningInfo(info: ConsumerRunningInfo): Buffer {
  const json = {
    properties: info.properties,
    subscriptionSet: info.subscriptionSet.map(subscriptionDataToJson),
    mqTable: messageQueueEntriesToJson(info.mqTable, (q) => ({ ...q })),
    statusTable: new Map([...info.statusTable].map(([topic, status]) => [topic, { ...status }])),
    jstack: info.jstack,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

function processQueueInfoFromJson(v: JsonValue, what: string): ProcessQueueInfo {
  const o = asObject(v, what);
  return {
    commitOffset: longField(o, 'commitOffset', what),
    cachedMsgMinOffset: longField(o, 'cachedMsgMinOffset', what),
    cachedMsgMaxOffset: longField(o, 'cachedMsgMaxOffset', what),
    cachedMsgCount: intField(o, 'cachedMsgCount', what),
    cachedMsgSizeInMiB: intField(o, 'cachedMsgSizeInMiB', what),
    transactionMsgMinOffset: longField(o, 'transactionMsgMinOffset', what),
    transactionMsgMaxOffset: longField(o, 'transactionMsgMaxOffset', what),
    transactionMsgCount: intField(o, 'transactionMsgCount', what),
    locked: booleanField(o, 'locked', what),
    tryUnlockTimes: longField(o, 'tryUnlockTimes', what),
    lastLockTimestamp: longField(o, 'lastLockTimestamp', what),
    droped: booleanField(o, 'droped', what),
    lastPullTimestamp: longField(o, 'lastPullTimestamp', what),
    lastConsumeTimestamp: longField(o, 'lastConsumeTimestamp', what),
  };
}

function consumeStatusFromJson(v: JsonValue, what: string): ConsumeStatus {
  const o = asObject(v, what);
  return {
    pullRT: doubleField(o, 'pullRT', what),
    pullTPS: doubleField(o, 'pullTPS', what),
    consumeRT: doubleField(o, 'consumeRT', what),
    consumeOKTPS: doubleField(o, 'consumeOKTPS', what),
    consumeFailedTPS: doubleField(o, 'consumeFailedTPS', what),
    consumeFailedMsgs: longField(o, 'consumeFailedMsgs', what),
  };
}

export function decodeConsumerRunningInfo(body: Buffer | string): ConsumerRunningInfo {
  const what = 'ConsumerRunningInfo';
  const o = parseBodyObject(body, what);
  const info: ConsumerRunningInfo = {
    properties: mapField(o, 'properties', what, stringKey, asString),
    subscriptionSet: o.subscriptionSet == null ? [] : arrayField(o, 'subscriptionSet', what, subscriptionDataFromJson),
    mqTable: o.mqTable == null ? [] : messageQueueEntriesFromJson(o.mqTable, `${what}.mqTable`, processQueueInfoFromJson),
    statusTable: mapField(o, 'statusTable', what, stringKey, consumeStatusFromJson),
  };
  const jstack = optionalString(o, 'jstack', what);
  if (jstack !== undefined) info.jstack = jstack;
  return info;
}
