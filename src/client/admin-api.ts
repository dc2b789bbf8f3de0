// Public types of the admin client (mqadmin's operations as methods); admin/admin-client.ts
// implements them. Re-exported by api.ts with the rest of the SDK's public types.
import type { BrokerStatsData } from '../remoting/protocol/bodies/broker-stats-data.js';
import type { ClusterInfo } from '../remoting/protocol/bodies/cluster-info.js';
import type { ConsumeStats, ConsumeStatsList, TopicStatsTable } from '../remoting/protocol/bodies/consume-stats.js';
import type { ConsumerConnection, ProducerConnection } from '../remoting/protocol/bodies/connection.js';
import type { ConsumeMessageDirectlyResult } from '../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumerRunningInfo } from '../remoting/protocol/bodies/consumer-running-info.js';
import type { ProducerInfo } from '../remoting/protocol/bodies/producer-table-info.js';
import type { QueryConsumeQueueResponseBody } from '../remoting/protocol/bodies/query-consume-queue.js';
import type { QueueTimeSpan } from '../remoting/protocol/bodies/consume-time-span.js';
import type { ConsumerOffsetSerializeWrapper, DelayOffsetSerializeWrapper } from '../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { MessageQueueEntries } from '../remoting/protocol/bodies/message-queue.js';
import type { SubscriptionGroupConfig, SubscriptionGroupWrapper } from '../remoting/protocol/bodies/subscription-group.js';
import type { TopicConfigSerializeWrapper } from '../remoting/protocol/bodies/topic-config.js';
import type { TopicList } from '../remoting/protocol/bodies/topic-list.js';
import type { TopicRouteData } from '../remoting/protocol/bodies/topic-route-data.js';
import type { ClientOptions, ReceivedMessage } from './api.js';

export type AdminOptions = ClientOptions;

/** A broker by address, or every master of a cluster. */
export type BrokerTarget = { brokerAddr: string; clusterName?: undefined } | { clusterName: string; brokerAddr?: undefined };

export interface CreateTopicOptions {
  /** 8, as mqadmin updateTopic. */
  readQueueNums?: number;
  /** 8 */
  writeQueueNums?: number;
  /** PermName bits: 6 = read + write (default), 4 = read only, 2 = write only. */
  perm?: number;
  topicFilterType?: 'SINGLE_TAG' | 'MULTI_TAG';
  topicSysFlag?: number;
  /** Also records the topic as ordered in the NameServers' ORDER_TOPIC_CONFIG (mqadmin -o). */
  order?: boolean;
}

export interface DeleteSubscriptionGroupOptions {
  /** Also drop the group's committed offsets. */
  removeOffset?: boolean;
  /** Also delete %RETRY%group and %DLQ%group in the brokers and NameServers (mqadmin -c). */
  removeRetryAndDlqTopics?: boolean;
}

export interface QueryMessageOptions {
  /** Most messages per broker (32). */
  maxNum?: number;
  /** Store-time window, ms (default: all time). */
  beginTimestamp?: number;
  endTimestamp?: number;
}

/** A topic's offsets on every queue of every master broker. */
export interface TopicStats {
  offsetTable: TopicStatsTable['offsetTable'];
}

/** A group's progress on every queue, merged over the brokers. */
export interface ConsumeProgress {
  offsetTable: ConsumeStats['offsetTable'];
  consumeTps: number;
  /** Sum over all queues of brokerOffset - consumerOffset. */
  diffTotal: number;
}

export interface Admin extends AsyncDisposable {
  readonly clientId: string;
  start(): Promise<void>;
  shutdown(): Promise<void>;

  // Topics
  /** UPDATE_AND_CREATE_TOPIC on one broker or every master of a cluster; resolves with the brokers done. */
  createTopic(topic: string, target: BrokerTarget, options?: CreateTopicOptions): Promise<string[]>;
  /** DELETE_TOPIC_IN_BROKER on every master of the cluster, then DELETE_TOPIC_IN_NAMESRV on every NameServer. */
  deleteTopic(topic: string, clusterName: string): Promise<void>;
  /** GET_ALL_TOPIC_LIST_FROM_NAMESERVER */
  listTopics(): Promise<string[]>;
  /** GET_TOPICS_BY_CLUSTER */
  listTopicsByCluster(clusterName: string): Promise<string[]>;
  /** GET_SYSTEM_TOPIC_LIST_FROM_NS */
  listSystemTopics(): Promise<TopicList>;
  /** GET_ROUTEINFO_BY_TOPIC */
  topicRoute(topic: string): Promise<TopicRouteData>;
  /** GET_TOPIC_STATS_INFO on every master of the topic's route. */
  topicStats(topic: string): Promise<TopicStats>;
  /** QUERY_TOPIC_CONSUME_BY_WHO on every master of the topic's route. */
  topicConsumerGroups(topic: string): Promise<string[]>;

  // Subscription groups
  /** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP; unspecified fields take RocketMQ's defaults. */
  createOrUpdateSubscriptionGroup(config: Partial<SubscriptionGroupConfig> & { groupName: string }, target: BrokerTarget): Promise<string[]>;
  /** DELETE_SUBSCRIPTIONGROUP on one broker or every master of a cluster. */
  deleteSubscriptionGroup(group: string, target: BrokerTarget, options?: DeleteSubscriptionGroupOptions): Promise<void>;
  /** GET_ALL_SUBSCRIPTIONGROUP_CONFIG of one broker. */
  subscriptionGroups(brokerAddr: string): Promise<SubscriptionGroupWrapper>;

  // Offsets and progress
  /** GET_CONSUME_STATS on every master of %RETRY%group's route (or the topic's), merged. */
  consumeProgress(group: string, topic?: string): Promise<ConsumeProgress>;
  /**
   * INVOKE_BROKER_TO_RESET_OFFSET on every master of the topic; when the group is offline,
   * falls back to SEARCH_OFFSET_BY_TIMESTAMP + UPDATE_CONSUMER_OFFSET per queue (as mqadmin).
   * Resolves with the new offset of each queue.
   */
  resetOffsetByTime(group: string, topic: string, timestamp: number, options?: { force?: boolean }): Promise<MessageQueueEntries<number>>;
  /** GET_BROKER_CONSUME_STATS of one broker: every group's consume stats per topic, and the total not yet consumed. */
  brokerConsumeStats(brokerAddr: string, options?: { isOrder?: boolean }): Promise<ConsumeStatsList>;
  /**
   * QUERY_CONSUME_TIME_SPAN on every master of the topic's route: per queue, the store times of
   * the first and last message and of the group's last consumed one, and how long the next has waited.
   */
  consumeTimeSpan(topic: string, group: string): Promise<QueueTimeSpan[]>;
  /**
   * CLONE_GROUP_OFFSET on every master of the topic's route: destGroup gets srcGroup's offsets on
   * the topic. Unless `offline`, a broker skips it when srcGroup is online without subscribing to it.
   */
  cloneGroupOffset(srcGroup: string, destGroup: string, topic: string, options?: { offline?: boolean }): Promise<void>;
  /** GET_ALL_CONSUMER_OFFSET of one broker. */
  allConsumerOffsets(brokerAddr: string): Promise<ConsumerOffsetSerializeWrapper>;
  /** GET_ALL_DELAY_OFFSET of one broker. */
  allDelayOffsets(brokerAddr: string): Promise<DelayOffsetSerializeWrapper>;
  /** GET_ALL_TOPIC_CONFIG of one broker. */
  allTopicConfig(brokerAddr: string): Promise<TopicConfigSerializeWrapper>;

  // Connections
  /** GET_CONSUMER_CONNECTION_LIST on every master of %RETRY%group's route, merged. */
  consumerConnections(group: string): Promise<ConsumerConnection>;
  /** GET_PRODUCER_CONNECTION_LIST on every master of the topic's route, merged. */
  producerConnections(group: string, topic: string): Promise<ProducerConnection>;
  /**
   * GET_CONSUMER_RUNNING_INFO of one client of the group (a clientId of consumerConnections):
   * asked of a master of %RETRY%group's route, which forwards it to the client (mqadmin
   * consumerStatus).
   */
  consumerRunningInfo(group: string, clientId: string): Promise<ConsumerRunningInfo>;
  /**
   * INVOKE_BROKER_TO_GET_CONSUMER_STATUS on every master of the topic (mqadmin getConsumerStatus):
   * the offsets each member of the group holds for the topic's queues, by client id (only
   * `clientId`'s when given).
   */
  consumerStatus(group: string, topic: string, clientId?: string): Promise<Map<string, MessageQueueEntries<number>>>;
  /** GET_ALL_PRODUCER_INFO of one broker: every producer group it has heard from, with its clients. */
  allProducerInfo(brokerAddr: string): Promise<Map<string, ProducerInfo[]>>;
  /**
   * CONSUME_MESSAGE_DIRECTLY: the stored message `offsetMsgId` names is handed once to the handler
   * of the group's push consumer `clientId` (no offset moves, no retry); resolves with what it did.
   */
  consumeMessageDirectly(group: string, clientId: string, offsetMsgId: string): Promise<ConsumeMessageDirectlyResult>;

  // Cluster and brokers
  /** GET_BROKER_CLUSTER_INFO */
  clusterInfo(): Promise<ClusterInfo>;
  /** GET_NAMESRV_CONFIG of every NameServer, as address -> (key -> value). */
  nameServerConfig(): Promise<Map<string, Map<string, string>>>;
  /** UPDATE_NAMESRV_CONFIG on every NameServer (keys it can change while running; others are refused). */
  updateNameServerConfig(properties: Readonly<Record<string, string>>): Promise<void>;
  /** GET_BROKER_RUNTIME_INFO */
  brokerRuntimeInfo(brokerAddr: string): Promise<Map<string, string>>;
  /**
   * VIEW_BROKER_STATS_DATA (mqadmin statsAll): a broker's counter over the last minute, hour and
   * day. `statsName` as RocketMQ names them: TOPIC_PUT_NUMS and TOPIC_PUT_SIZE keyed by topic,
   * GROUP_GET_NUMS, GROUP_GET_SIZE and SNDBCK_PUT_NUMS by "topic@group", BROKER_PUT_NUMS and
   * BROKER_GET_NUMS by cluster name. A counter nothing has been added to yet is a SYSTEM_ERROR.
   */
  brokerStatsData(brokerAddr: string, statsName: string, statsKey: string): Promise<BrokerStatsData>;
  /** GET_BROKER_CONFIG, as key -> value. */
  brokerConfig(brokerAddr: string): Promise<Map<string, string>>;
  /** UPDATE_BROKER_CONFIG */
  updateBrokerConfig(brokerAddr: string, properties: Readonly<Record<string, string>>): Promise<void>;
  /** WIPE_WRITE_PERM_OF_BROKER on every NameServer: NameServer address -> topics changed. */
  wipeWritePerm(brokerName: string): Promise<Map<string, number>>;
  /** ADD_WRITE_PERM_OF_BROKER on every NameServer. */
  addWritePerm(brokerName: string): Promise<Map<string, number>>;

  // KV config (NameServers)
  /** PUT_KV_CONFIG on every NameServer. */
  putKvConfig(namespace: string, key: string, value: string): Promise<void>;
  /** GET_KV_CONFIG; undefined when absent. */
  getKvConfig(namespace: string, key: string): Promise<string | undefined>;
  /** DELETE_KV_CONFIG on every NameServer. */
  deleteKvConfig(namespace: string, key: string): Promise<void>;
  /** GET_KVLIST_BY_NAMESPACE */
  kvConfigList(namespace: string): Promise<Map<string, string>>;

  // Messages
  /** VIEW_MESSAGE_BY_ID at the broker and commit-log offset inside the offsetMsgId. */
  viewMessage(offsetMsgId: string): Promise<ReceivedMessage>;
  /** QUERY_MESSAGE on every master of the topic; only messages whose KEYS hold `key`. */
  queryMessagesByKey(topic: string, key: string, options?: QueryMessageOptions): Promise<ReceivedMessage[]>;
  /**
   * QUERY_CONSUME_QUEUE of one broker (mqadmin queryCq): `count` raw entries of a consume queue
   * from `index`, the queue's bounds, and with consumerGroup that group's subscription.
   */
  consumeQueueEntries(
    brokerAddr: string,
    query: { topic: string; queueId: number; index: number; count: number; consumerGroup?: string },
  ): Promise<QueryConsumeQueueResponseBody>;
  /** QUERY_MESSAGE with _UNIQUE_KEY_QUERY; the message whose UNIQ_KEY is `msgId`, if found. */
  queryMessageByUniqueKey(topic: string, msgId: string, options?: QueryMessageOptions): Promise<ReceivedMessage | undefined>;
}
