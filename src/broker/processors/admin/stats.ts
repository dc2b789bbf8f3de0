// Admin: queue and consumer progress. GET_TOPIC_STATS_INFO (mqadmin topicStatus: min/max offset
// and last store time of each write queue), GET_CONSUME_STATS (consumerProgress: per read queue
// of each topic the group consumes, the queue's max offset, the group's committed offset and the
// store time of the last consumed message) and QUERY_TOPIC_CONSUME_BY_WHO (GroupList of the
// groups subscribed to, or with offsets on, a topic) and GET_BROKER_CONSUME_STATS (mqadmin
// brokerConsumeStats: the consume stats of every subscription group on each topic it has offsets
// on, only orderly topics with isOrder, and the total not yet consumed). The stats bodies are
// keyed by MessageQueue objects, as fastjson writes them.
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import {
  encodeConsumeStats,
  encodeConsumeStatsList,
  encodeTopicStatsTable,
  type ConsumeStats,
  type TopicStatsTable,
} from '../../../remoting/protocol/bodies/consume-stats.js';
import { encodeGroupList } from '../../../remoting/protocol/bodies/topic-list.js';
import type { TopicConfig } from '../../../remoting/protocol/bodies/topic-config.js';
import {
  GetConsumeStatsInBrokerHeader,
  GetConsumeStatsRequestHeader,
  GetTopicStatsInfoRequestHeader,
  QueryTopicConsumeByWhoRequestHeader,
} from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerManager } from '../../managers/consumer-manager.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { SubscriptionGroupManager } from '../../managers/subscription-group-manager.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import type { ClientChannel } from '../../managers/client-channel.js';
import { failure, success } from '../shared/responses.js';

export type StatsStore = Pick<MessageStoreApi, 'minOffsetInQueue' | 'maxOffsetInQueue' | 'messageStoreTime'>;

export interface AdminStatsContext {
  config: Pick<BrokerConfig, 'brokerName'>;
  topics: Pick<TopicConfigManager, 'select'>;
  offsets: Pick<ConsumerOffsetManager, 'topicsOfGroup' | 'queryOffset' | 'groupsOfTopic'>;
  consumers: Pick<ConsumerManager<ClientChannel>, 'getConsumerGroupInfo' | 'queryTopicConsumeByWho'>;
  store: StatsStore;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'groups'>;
  /** "brokerIP1:port", as registered. */
  brokerAddr: () => string;
}

export function registerAdminStatsProcessors(server: ProcessorRegistry, ctx: AdminStatsContext): void {
  server.registerProcessor(RequestCode.GET_TOPIC_STATS_INFO, (request) => getTopicStatsInfo(ctx, request));
  server.registerProcessor(RequestCode.GET_CONSUME_STATS, (request) => getConsumeStats(ctx, request));
  server.registerProcessor(RequestCode.GET_BROKER_CONSUME_STATS, (request) => getBrokerConsumeStats(ctx, request));
  server.registerProcessor(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, (request) => {
    const { topic } = QueryTopicConsumeByWhoRequestHeader.decode(request.extFields);
    const groups = new Set([...ctx.consumers.queryTopicConsumeByWho(topic), ...ctx.offsets.groupsOfTopic(topic)]);
    return success(request, { body: encodeGroupList({ groupList: [...groups] }) });
  });
}

/** Store time of the message at `queueOffset`, 0 when there is none. */
function storeTimeOrZero(store: StatsStore, topic: string, queueId: number, queueOffset: number): number {
  if (queueOffset < 0) return 0;
  const time = store.messageStoreTime(topic, queueId, queueOffset);
  return time > 0 ? time : 0;
}

/** One entry per write queue: min and max offset, store time of the last message (0 when empty). */
export function topicStatsOf(topic: Readonly<TopicConfig>, brokerName: string, store: StatsStore): TopicStatsTable {
  const offsetTable: TopicStatsTable['offsetTable'] = [];
  for (let queueId = 0; queueId < topic.writeQueueNums; queueId++) {
    const maxOffset = Math.max(0, store.maxOffsetInQueue(topic.topicName, queueId));
    offsetTable.push([
      { topic: topic.topicName, brokerName, queueId },
      {
        minOffset: Math.max(0, store.minOffsetInQueue(topic.topicName, queueId)),
        maxOffset,
        lastUpdateTimestamp: storeTimeOrZero(store, topic.topicName, queueId, maxOffset - 1),
      },
    ]);
  }
  return { offsetTable };
}

/**
 * One entry per read queue of each topic: the group's own topics (those it has offsets on),
 * or the requested one. A topic the broker does not have, or that an online group does not
 * subscribe to, is left out, as RocketMQ does. consumeTps is 0: per-group rates are not kept.
 */
export function consumeStatsOf(ctx: AdminStatsContext, group: string, requestedTopic: string | undefined): ConsumeStats {
  const topics = requestedTopic !== undefined && requestedTopic.trim() !== '' ? [requestedTopic] : [...ctx.offsets.topicsOfGroup(group)];
  const subscriptions = ctx.consumers.getConsumerGroupInfo(group)?.subscriptions;
  const brokerName = ctx.config.brokerName;
  const offsetTable: ConsumeStats['offsetTable'] = [];
  for (const topicName of topics) {
    const topic = ctx.topics.select(topicName);
    if (topic === undefined) continue;
    if (subscriptions !== undefined && subscriptions.size > 0 && !subscriptions.has(topicName)) continue;
    for (let queueId = 0; queueId < topic.readQueueNums; queueId++) {
      const consumerOffset = Math.max(0, ctx.offsets.queryOffset(group, topicName, queueId));
      offsetTable.push([
        { topic: topicName, brokerName, queueId },
        {
          brokerOffset: Math.max(0, ctx.store.maxOffsetInQueue(topicName, queueId)),
          consumerOffset,
          lastTimestamp: storeTimeOrZero(ctx.store, topicName, queueId, consumerOffset - 1),
        },
      ]);
    }
  }
  return { offsetTable, consumeTps: 0 };
}

function getBrokerConsumeStats(ctx: AdminStatsContext, request: RemotingCommand): RemotingCommand {
  const { isOrder } = GetConsumeStatsInBrokerHeader.decode(request.extFields);
  const consumeStatsList: Array<Map<string, ConsumeStats[]>> = [];
  let totalDiff = 0;
  for (const group of ctx.subscriptionGroups.groups.keys()) {
    const perTopic: ConsumeStats[] = [];
    for (const topic of ctx.offsets.topicsOfGroup(group)) {
      if (isOrder && ctx.topics.select(topic)?.order !== true) continue;
      const stats = consumeStatsOf(ctx, group, topic);
      if (stats.offsetTable.length === 0) continue;
      for (const [, offsets] of stats.offsetTable) totalDiff += offsets.brokerOffset - offsets.consumerOffset;
      perTopic.push(stats);
    }
    consumeStatsList.push(new Map([[group, perTopic]]));
  }
  return success(request, { body: encodeConsumeStatsList({ brokerAddr: ctx.brokerAddr(), consumeStatsList, totalDiff }) });
}

function getTopicStatsInfo(ctx: AdminStatsContext, request: RemotingCommand): RemotingCommand {
  const { topic } = GetTopicStatsInfoRequestHeader.decode(request.extFields);
  const config = ctx.topics.select(topic);
  if (config === undefined) return failure(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist`);
  return success(request, { body: encodeTopicStatsTable(topicStatsOf(config, ctx.config.brokerName, ctx.store)) });
}

function getConsumeStats(ctx: AdminStatsContext, request: RemotingCommand): RemotingCommand {
  const { consumerGroup, topic } = GetConsumeStatsRequestHeader.decode(request.extFields);
  return success(request, { body: encodeConsumeStats(consumeStatsOf(ctx, consumerGroup, topic)) });
}
