// TopicRouteData (GET_ROUTEINFO_BY_TOPIC body; codes.md §6), with QueueData and BrokerData:
//   {"brokerDatas":[{"brokerAddrs":{"0":"10.0.0.5:10911"},"brokerName":"broker-a","cluster":"C"}],
//    "filterServerTable":{},
//    "queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}
// Always written in the standard-JSON form (quoted brokerAddrs keys), which Java 4.9.4+ sends
// to new clients and which fastjson, ali-ons' JSON2 and JSON.parse all read. Both the quoted and
// fastjson's unquoted form ({0:"..."}) are read. 5.x topicQueueMappingByBroker is ignored.
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import {
  arrayField,
  asObject,
  asString,
  asStringArray,
  intField,
  longKey,
  mapField,
  optionalBoolean,
  optionalString,
  parseBodyObject,
  stringField,
  stringKey,
} from './json-fields.js';

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId (0 = master) -> "ip:port". */
  brokerAddrs: Map<number, string>;
  /** 5.x */
  enableActingMaster?: boolean;
  /** 5.x */
  zoneName?: string;
}

export interface TopicRouteData {
  /** "brokerName:queueNum;..." when the NameServer has order-message config for the topic. */
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  /** brokerAddr -> filter server addresses; usually empty. */
  filterServerTable: Map<string, string[]>;
}

export function queueDataFromJson(v: JsonValue, what = 'QueueData'): QueueData {
  const o = asObject(v, what);
  return {
    brokerName: stringField(o, 'brokerName', what),
    readQueueNums: intField(o, 'readQueueNums', what),
    writeQueueNums: intField(o, 'writeQueueNums', what),
    perm: intField(o, 'perm', what),
    topicSysFlag: intField(o, 'topicSysFlag', what),
  };
}

export function brokerDataFromJson(v: JsonValue, what = 'BrokerData'): BrokerData {
  const o = asObject(v, what);
  const out: BrokerData = {
    cluster: optionalString(o, 'cluster', what) ?? '',
    brokerName: stringField(o, 'brokerName', what),
    brokerAddrs: mapField(o, 'brokerAddrs', what, longKey, asString),
  };
  const enableActingMaster = optionalBoolean(o, 'enableActingMaster', what);
  if (enableActingMaster !== undefined) out.enableActingMaster = enableActingMaster;
  const zoneName = optionalString(o, 'zoneName', what);
  if (zoneName !== undefined) out.zoneName = zoneName;
  return out;
}

export function brokerDataToJson(b: BrokerData): object {
  return {
    cluster: b.cluster,
    brokerName: b.brokerName,
    brokerAddrs: b.brokerAddrs,
    enableActingMaster: b.enableActingMaster,
    zoneName: b.zoneName,
  };
}

function queueDataToJson(q: QueueData): object {
  return {
    brokerName: q.brokerName,
    readQueueNums: q.readQueueNums,
    writeQueueNums: q.writeQueueNums,
    perm: q.perm,
    topicSysFlag: q.topicSysFlag,
  };
}

export function encodeTopicRouteData(route: TopicRouteData): Buffer {
  const json = {
    orderTopicConf: route.orderTopicConf,
    queueDatas: route.queueDatas.map(queueDataToJson),
    brokerDatas: route.brokerDatas.map(brokerDataToJson),
    filterServerTable: route.filterServerTable,
  };
  return Buffer.from(writeFastjson(json, { quoteMapKeys: true }), 'utf8');
}

export function decodeTopicRouteData(body: Buffer | string): TopicRouteData {
  const what = 'TopicRouteData';
  const o = parseBodyObject(body, what);
  const out: TopicRouteData = {
    queueDatas: arrayField(o, 'queueDatas', what, queueDataFromJson),
    brokerDatas: arrayField(o, 'brokerDatas', what, brokerDataFromJson),
    filterServerTable: mapField(o, 'filterServerTable', what, stringKey, asStringArray),
  };
  const orderTopicConf = optionalString(o, 'orderTopicConf', what);
  if (orderTopicConf !== undefined) out.orderTopicConf = orderTopicConf;
  return out;
}
