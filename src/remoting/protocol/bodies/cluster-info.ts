// ClusterInfo (GET_BROKER_CLUSTER_INFO body):
//   {"brokerAddrTable":{"broker-a":{BrokerData}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}
// Written with quoted brokerAddrs keys like TopicRouteData (standard JSON, read by fastjson too).
import { writeFastjson } from './fastjson-write.js';
import { asStringArray, mapField, parseBodyObject, stringKey } from './json-fields.js';
import { brokerDataFromJson, brokerDataToJson, type BrokerData } from './topic-route-data.js';

export interface ClusterInfo {
  /** brokerName -> BrokerData */
  brokerAddrTable: Map<string, BrokerData>;
  /** clusterName -> brokerNames */
  clusterAddrTable: Map<string, string[]>;
}

export function encodeClusterInfo(info: ClusterInfo): Buffer {
  const brokers = new Map<string, object>();
  for (const [name, data] of info.brokerAddrTable) brokers.set(name, brokerDataToJson(data));
  return Buffer.from(writeFastjson({ brokerAddrTable: brokers, clusterAddrTable: info.clusterAddrTable }, { quoteMapKeys: true }), 'utf8');
}

export function decodeClusterInfo(body: Buffer | string): ClusterInfo {
  const what = 'ClusterInfo';
  const o = parseBodyObject(body, what);
  return {
    brokerAddrTable: mapField(o, 'brokerAddrTable', what, stringKey, brokerDataFromJson),
    clusterAddrTable: mapField(o, 'clusterAddrTable', what, stringKey, asStringArray),
  };
}
