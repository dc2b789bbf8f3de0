// The NameServer's view of brokers and topics, with the field names of RocketMQ's route bodies
// (QueueData, BrokerData, TopicRouteData, ClusterInfo in codes.md §6) so the processors can hand
// them to the body codecs unchanged.

/** brokerId 0 is the master of a broker group; slaves have ids > 0 (MixAll.MASTER_ID). */
export const masterBrokerId = 0;

/** A broker's version of its topic configuration; any change makes the NameServer re-read topics. */
export interface DataVersion {
  timestamp: number;
  counter: number;
  /** 5.x only; compared when present. */
  stateVersion?: number;
}

/** What a master reports per topic in its registration (TopicConfig). */
export interface RegisteredTopic {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

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
  /** brokerId -> "ip:port". */
  brokerAddrs: Map<number, string>;
}

export interface TopicRoute {
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  /** brokerAddr -> filter server addresses; usually empty. */
  filterServerTable: Map<string, string[]>;
}

export interface ClusterInfo {
  brokerAddrTable: Map<string, BrokerData>;
  clusterAddrTable: Map<string, string[]>;
}

export function sameDataVersion(a: DataVersion, b: DataVersion): boolean {
  return a.timestamp === b.timestamp && a.counter === b.counter && (a.stateVersion ?? 0) === (b.stateVersion ?? 0);
}
