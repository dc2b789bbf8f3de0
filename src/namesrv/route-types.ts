// The NameServer's view of brokers and topics uses the route body types of the protocol
// (QueueData, BrokerData, ClusterInfo, DataVersion in codes.md §6), so processors hand the
// registry's answers to the body codecs unchanged.
import type { DataVersion, TopicConfig, TopicRouteData } from '../remoting/protocol/index.js';

export type { BrokerData, ClusterInfo, DataVersion, QueueData } from '../remoting/protocol/index.js';

/** brokerId 0 is the master of a broker group; slaves have ids > 0 (MixAll.MASTER_ID). */
export const masterBrokerId = 0;

/** What the registry keeps of each TopicConfig a master registers. */
export type RegisteredTopic = Pick<TopicConfig, 'topicName' | 'readQueueNums' | 'writeQueueNums' | 'perm' | 'topicSysFlag'>;

/** A topic's route as the registry knows it; orderTopicConf comes from the KV config. */
export type TopicRoute = Omit<TopicRouteData, 'orderTopicConf'>;

/** DataVersion.equals: timestamp, counter and the 5.x stateVersion (absent counts as 0). */
export function sameDataVersion(a: DataVersion, b: DataVersion): boolean {
  return a.timestamp === b.timestamp && a.counter === b.counter && (a.stateVersion ?? 0) === (b.stateVersion ?? 0);
}
