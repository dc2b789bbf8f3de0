// QueryConsumeQueueResponseBody (QUERY_CONSUME_QUEUE: mqadmin queryCq): raw consume queue
// entries from an index, the queue's bounds, and with a consumer group its subscription:
//   {"filterData":"null","maxQueueIndex":3,"minQueueIndex":0,
//    "queueData":[{"eval":false,"physicOffset":0,"physicSize":210,"tagsCode":0}],
//    "subscriptionData":{...}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { subscriptionDataFromJson, subscriptionDataToJson, type SubscriptionData } from './heartbeat-data.js';
import { arrayField, asObject, booleanField, intField, longField, optionalString, parseBodyObject } from './json-fields.js';

export interface ConsumeQueueData {
  physicOffset: number;
  physicSize: number;
  tagsCode: number;
  /** Consume queue extension data (not kept here: absent). */
  extendDataJson?: string;
  bitMap?: string;
  /** Whether the consumer's filter matches the entry (RocketMQ sets it only for entries with extension data). */
  eval: boolean;
  msg?: string;
}

export interface QueryConsumeQueueResponseBody {
  subscriptionData?: SubscriptionData;
  filterData?: string;
  queueData: ConsumeQueueData[];
  maxQueueIndex: number;
  minQueueIndex: number;
}

export function encodeQueryConsumeQueueResponseBody(body: QueryConsumeQueueResponseBody): Buffer {
  const json = {
    subscriptionData: body.subscriptionData === undefined ? undefined : subscriptionDataToJson(body.subscriptionData),
    filterData: body.filterData,
    queueData: body.queueData.map((d) => ({ ...d })),
    maxQueueIndex: body.maxQueueIndex,
    minQueueIndex: body.minQueueIndex,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

function consumeQueueDataFromJson(v: JsonValue, what: string): ConsumeQueueData {
  const o = asObject(v, what);
  const data: ConsumeQueueData = {
    physicOffset: longField(o, 'physicOffset', what),
    physicSize: intField(o, 'physicSize', what),
    tagsCode: longField(o, 'tagsCode', what),
    eval: booleanField(o, 'eval', what),
  };
  for (const key of ['extendDataJson', 'bitMap', 'msg'] as const) {
    const text = optionalString(o, key, what);
    if (text !== undefined) data[key] = text;
  }
  return data;
}

export function decodeQueryConsumeQueueResponseBody(text: Buffer | string): QueryConsumeQueueResponseBody {
  const what = 'QueryConsumeQueueResponseBody';
  const o = parseBodyObject(text, what);
  const body: QueryConsumeQueueResponseBody = {
    queueData: arrayField(o, 'queueData', what, consumeQueueDataFromJson),
    maxQueueIndex: longField(o, 'maxQueueIndex', what),
    minQueueIndex: longField(o, 'minQueueIndex', what),
  };
  if (o.subscriptionData != null) body.subscriptionData = subscriptionDataFromJson(o.subscriptionData, `${what}.subscriptionData`);
  const filterData = optionalString(o, 'filterData', what);
  if (filterData !== undefined) body.filterData = filterData;
  return body;
}
