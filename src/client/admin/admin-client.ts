// The admin client (RocketMQ's DefaultMQAdminExt): every administration operation of the
// NameServers and brokers, one family per file, through a shared client instance.
//
//   const admin = createAdmin({ nameServer: '127.0.0.1:9876' });
//   await admin.start();
//   await admin.createTopic('T', { clusterName: 'DefaultCluster' }, { writeQueueNums: 8 });
//   await admin.shutdown();
import type {
  Admin,
  AdminOptions,
  BrokerTarget,
  ConsumeProgress,
  CreateTopicOptions,
  DeleteSubscriptionGroupOptions,
  QueryMessageOptions,
  ReceivedMessage,
  TopicStats,
} from '../api.js';
import type { BrokerStatsData } from '../../remoting/protocol/bodies/broker-stats-data.js';
import type { ClusterInfo } from '../../remoting/protocol/bodies/cluster-info.js';
import type { ConsumerConnection, ProducerConnection } from '../../remoting/protocol/bodies/connection.js';
import type { ConsumeMessageDirectlyResult } from '../../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumerRunningInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import type { ProducerInfo } from '../../remoting/protocol/bodies/producer-table-info.js';
import type { QueryConsumeQueueResponseBody } from '../../remoting/protocol/bodies/query-consume-queue.js';
import type { QueueTimeSpan } from '../../remoting/protocol/bodies/consume-time-span.js';
import type { ConsumeStatsList } from '../../remoting/protocol/bodies/consume-stats.js';
import type { ConsumerOffsetSerializeWrapper, DelayOffsetSerializeWrapper } from '../../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { MessageQueueEntries } from '../../remoting/protocol/bodies/message-queue.js';
import type { SubscriptionGroupConfig, SubscriptionGroupWrapper } from '../../remoting/protocol/bodies/subscription-group.js';
import type { TopicConfigSerializeWrapper } from '../../remoting/protocol/bodies/topic-config.js';
import type { TopicList } from '../../remoting/protocol/bodies/topic-list.js';
import type { TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { ClientStateError } from '../errors/client-errors.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { acquireClientInstance } from '../instance/instance-registry.js';
import type { AdminContext } from './admin-context.js';
import * as cluster from './cluster.js';
import * as connections from './connections.js';
import * as groups from './groups.js';
import * as kv from './kv-config.js';
import * as messages from './messages.js';
import * as offsets from './offsets.js';
import * as topics from './topics.js';

type State = 'created' | 'running' | 'stopped';

export class AdminClient implements Admin {
  private instance: ClientInstance | undefined;
  private state: State = 'created';

  constructor(private readonly options: AdminOptions) {}

  /** The shared instance's client id (known from start() on). */
  get clientId(): string {
    if (this.instance === undefined) throw new ClientStateError('admin client is not started');
    return this.instance.clientId;
  }

  async start(): Promise<void> {
    if (this.state !== 'created') throw new ClientStateError('admin client was already started');
    this.instance = acquireClientInstance(this.options);
    this.state = 'running';
  }

  async shutdown(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.state = 'stopped';
    if (wasRunning) await this.instance!.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  private ctx(): AdminContext {
    if (this.state !== 'running') throw new ClientStateError(`admin client is ${this.state === 'stopped' ? 'shut down' : 'not started'}`);
    return { instance: this.instance! };
  }

  async createTopic(topic: string, target: BrokerTarget, options?: CreateTopicOptions): Promise<string[]> {
    return topics.createTopic(this.ctx(), topic, target, options);
  }
  async deleteTopic(topic: string, clusterName: string): Promise<void> {
    return topics.deleteTopic(this.ctx(), topic, clusterName);
  }
  async listTopics(): Promise<string[]> {
    return topics.listTopics(this.ctx());
  }
  async listTopicsByCluster(clusterName: string): Promise<string[]> {
    return topics.listTopicsByCluster(this.ctx(), clusterName);
  }
  async listSystemTopics(): Promise<TopicList> {
    return topics.listSystemTopics(this.ctx());
  }
  async topicRoute(topic: string): Promise<TopicRouteData> {
    return topics.topicRoute(this.ctx(), topic);
  }
  async topicStats(topic: string): Promise<TopicStats> {
    return topics.topicStats(this.ctx(), topic);
  }
  async topicConsumerGroups(topic: string): Promise<string[]> {
    return topics.topicConsumerGroups(this.ctx(), topic);
  }

  async createOrUpdateSubscriptionGroup(config: Partial<SubscriptionGroupConfig> & { groupName: string }, target: BrokerTarget): Promise<string[]> {
    return groups.createOrUpdateSubscriptionGroup(this.ctx(), config, target);
  }
  async deleteSubscriptionGroup(group: string, target: BrokerTarget, options?: DeleteSubscriptionGroupOptions): Promise<void> {
    return groups.deleteSubscriptionGroup(this.ctx(), group, target, options);
  }
  async subscriptionGroups(brokerAddr: string): Promise<SubscriptionGroupWrapper> {
    return groups.subscriptionGroups(this.ctx(), brokerAddr);
  }

  async consumeProgress(group: string, topic?: string): Promise<ConsumeProgress> {
    return offsets.consumeProgress(this.ctx(), group, topic);
  }
  async resetOffsetByTime(group: string, topic: string, timestamp: number, options?: { force?: boolean }): Promise<MessageQueueEntries<number>> {
    return offsets.resetOffsetByTime(this.ctx(), group, topic, timestamp, options);
  }
  async brokerConsumeStats(brokerAddr: string, options?: { isOrder?: boolean }): Promise<ConsumeStatsList> {
    return offsets.brokerConsumeStats(this.ctx(), brokerAddr, options);
  }
  async consumeTimeSpan(topic: string, group: string): Promise<QueueTimeSpan[]> {
    return offsets.consumeTimeSpan(this.ctx(), topic, group);
  }
  async cloneGroupOffset(srcGroup: string, destGroup: string, topic: string, options?: { offline?: boolean }): Promise<void> {
    return offsets.cloneGroupOffset(this.ctx(), srcGroup, destGroup, topic, options);
  }
  async allConsumerOffsets(brokerAddr: string): Promise<ConsumerOffsetSerializeWrapper> {
    return offsets.allConsumerOffsets(this.ctx(), brokerAddr);
  }
  async allDelayOffsets(brokerAddr: string): Promise<DelayOffsetSerializeWrapper> {
    return offsets.allDelayOffsets(this.ctx(), brokerAddr);
  }
  async allTopicConfig(brokerAddr: string): Promise<TopicConfigSerializeWrapper> {
    return offsets.allTopicConfig(this.ctx(), brokerAddr);
  }

  async consumerConnections(group: string): Promise<ConsumerConnection> {
    return connections.consumerConnections(this.ctx(), group);
  }
  async producerConnections(group: string, topic: string): Promise<ProducerConnection> {
    return connections.producerConnections(this.ctx(), group, topic);
  }
  async consumerStatus(group: string, topic: string, clientId?: string): Promise<Map<string, MessageQueueEntries<number>>> {
    return connections.consumerStatus(this.ctx(), group, topic, clientId);
  }
  async allProducerInfo(brokerAddr: string): Promise<Map<string, ProducerInfo[]>> {
    return connections.allProducerInfo(this.ctx(), brokerAddr);
  }
  async consumerRunningInfo(group: string, clientId: string): Promise<ConsumerRunningInfo> {
    return connections.consumerRunningInfo(this.ctx(), group, clientId);
  }
  async consumeMessageDirectly(group: string, clientId: string, offsetMsgId: string): Promise<ConsumeMessageDirectlyResult> {
    return connections.consumeMessageDirectly(this.ctx(), group, clientId, offsetMsgId);
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return cluster.clusterInfo(this.ctx());
  }
  async nameServerConfig(): Promise<Map<string, Map<string, string>>> {
    return cluster.nameServerConfig(this.ctx());
  }
  async updateNameServerConfig(properties: Readonly<Record<string, string>>): Promise<void> {
    return cluster.updateNameServerConfig(this.ctx(), properties);
  }
  async brokerRuntimeInfo(brokerAddr: string): Promise<Map<string, string>> {
    return cluster.brokerRuntimeInfo(this.ctx(), brokerAddr);
  }
  async brokerStatsData(brokerAddr: string, statsName: string, statsKey: string): Promise<BrokerStatsData> {
    return cluster.brokerStatsData(this.ctx(), brokerAddr, statsName, statsKey);
  }
  async brokerConfig(brokerAddr: string): Promise<Map<string, string>> {
    return cluster.brokerConfig(this.ctx(), brokerAddr);
  }
  async updateBrokerConfig(brokerAddr: string, properties: Readonly<Record<string, string>>): Promise<void> {
    return cluster.updateBrokerConfig(this.ctx(), brokerAddr, properties);
  }
  async wipeWritePerm(brokerName: string): Promise<Map<string, number>> {
    return cluster.wipeWritePerm(this.ctx(), brokerName);
  }
  async addWritePerm(brokerName: string): Promise<Map<string, number>> {
    return cluster.addWritePerm(this.ctx(), brokerName);
  }

  async putKvConfig(namespace: string, key: string, value: string): Promise<void> {
    return kv.putKvConfig(this.ctx(), namespace, key, value);
  }
  async getKvConfig(namespace: string, key: string): Promise<string | undefined> {
    return kv.getKvConfig(this.ctx(), namespace, key);
  }
  async deleteKvConfig(namespace: string, key: string): Promise<void> {
    return kv.deleteKvConfig(this.ctx(), namespace, key);
  }
  async kvConfigList(namespace: string): Promise<Map<string, string>> {
    return kv.kvConfigList(this.ctx(), namespace);
  }

  async viewMessage(offsetMsgId: string): Promise<ReceivedMessage> {
    return messages.viewMessage(this.ctx(), offsetMsgId);
  }
  async consumeQueueEntries(
    brokerAddr: string,
    query: { topic: string; queueId: number; index: number; count: number; consumerGroup?: string },
  ): Promise<QueryConsumeQueueResponseBody> {
    return messages.consumeQueueEntries(this.ctx(), brokerAddr, query);
  }
  async queryMessagesByKey(topic: string, key: string, options?: QueryMessageOptions): Promise<ReceivedMessage[]> {
    return messages.queryMessagesByKey(this.ctx(), topic, key, options);
  }
  async queryMessageByUniqueKey(topic: string, msgId: string, options?: QueryMessageOptions): Promise<ReceivedMessage | undefined> {
    return messages.queryMessageByUniqueKey(this.ctx(), topic, msgId, options);
  }
}

export function createAdmin(options: AdminOptions): AdminClient {
  return new AdminClient(options);
}
