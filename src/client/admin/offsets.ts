// Admin: consumer progress and offsets (mqadmin consumerProgress, resetOffsetByTime,
// cloneGroupOffset, queryConsumeTimeSpan, brokerConsumeStats, and the broker tables GET_ALL_CONSUMER_OFFSET / GET_ALL_DELAY_OFFSET /
// GET_ALL_TOPIC_CONFIG).
import { ResponseCode } from '../../common/response-code.js';
import { decodeConsumeStats, decodeConsumeStatsList, type ConsumeStatsList } from '../../remoting/protocol/bodies/consume-stats.js';
import {
  decodeConsumerOffsetSerializeWrapper,
  decodeDelayOffsetSerializeWrapper,
  type ConsumerOffsetSerializeWrapper,
  type DelayOffsetSerializeWrapper,
} from '../../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { MessageQueue, MessageQueueEntries } from '../../remoting/protocol/bodies/message-queue.js';
import { decodeResetOffsetBody } from '../../remoting/protocol/bodies/reset-offset-body.js';
import { decodeTopicConfigSerializeWrapper, type TopicConfigSerializeWrapper } from '../../remoting/protocol/bodies/topic-config.js';
import { decodeQueryConsumeTimeSpanBody, type QueueTimeSpan } from '../../remoting/protocol/bodies/consume-time-span.js';
import {
  CloneGroupOffsetRequestHeader,
  GetConsumeStatsInBrokerHeader,
  GetConsumeStatsRequestHeader,
  QueryConsumeTimeSpanRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/protocol/headers/broker-admin.js';
import {
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { ConsumeProgress } from '../api.js';
import { ConsumerNotOnlineError, TopicNotExistError } from '../errors/broker-response-errors.js';
import { clientRequest } from '../instance/requests.js';
import { isReadable } from '../instance/topic-publish-info.js';
import { retryTopicPrefix } from '../producer/message-validation.js';
import { onEachBroker, topicMasters, type AdminContext, type MasterBroker } from './admin-context.js';

export async function consumeProgress(ctx: AdminContext, group: string, topic?: string): Promise<ConsumeProgress> {
  let masters: MasterBroker[];
  try {
    masters = await topicMasters(ctx, retryTopicPrefix + group);
  } catch (error) {
    if (!(error instanceof TopicNotExistError) || topic === undefined) throw error;
    masters = await topicMasters(ctx, topic);
  }
  const extFields = GetConsumeStatsRequestHeader.encode({ consumerGroup: group, topic });
  const stats = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeConsumeStats((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.GET_CONSUME_STATS, { extFields }))).body ?? '{}'),
  );
  const offsetTable = stats.flatMap((s) => s.offsetTable);
  return {
    offsetTable,
    consumeTps: stats.reduce((sum, s) => sum + s.consumeTps, 0),
    diffTotal: offsetTable.reduce((sum, [, w]) => sum + (w.brokerOffset - w.consumerOffset), 0),
  };
}

/**
 * INVOKE_BROKER_TO_RESET_OFFSET on every master of the topic. A broker answering
 * CONSUMER_NOT_ONLINE has its offsets set directly instead (mqadmin's resetOffsetByTimeOld):
 * per readable queue, SEARCH_OFFSET_BY_TIMESTAMP then UPDATE_CONSUMER_OFFSET — unless `force` is
 * false and the committed offset is already lower.
 */
export async function resetOffsetByTime(
  ctx: AdminContext,
  group: string,
  topic: string,
  timestamp: number,
  options: { force?: boolean } = {},
): Promise<MessageQueueEntries<number>> {
  const force = options.force ?? true;
  const route = await ctx.instance.fetchTopicRoute(topic);
  const masters = await topicMasters(ctx, topic);
  const extFields = ResetOffsetRequestHeader.encode({ topic, group, timestamp, isForce: force });
  const perBroker = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr): Promise<MessageQueueEntries<number>> => {
      try {
        const response = await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { extFields }));
        return decodeResetOffsetBody(response.body ?? '{}').offsetTable;
      } catch (error) {
        if (!(error instanceof ConsumerNotOnlineError)) throw error;
        const master = masters.find((m) => m.addr === addr)!;
        const queueData = route.queueDatas.find((q) => q.brokerName === master.brokerName && isReadable(q.perm));
        const queues = Array.from({ length: queueData?.readQueueNums ?? 0 }, (_, queueId) => ({ topic, brokerName: master.brokerName, queueId }));
        return Promise.all(queues.map(async (mq) => [mq, await resetQueueOffline(ctx, addr, group, mq, timestamp, force)] as [MessageQueue, number]));
      }
    },
  );
  return perBroker.flat();
}

async function resetQueueOffline(ctx: AdminContext, addr: string, group: string, mq: MessageQueue, timestamp: number, force: boolean): Promise<number> {
  const search = await ctx.instance.invokeBroker(
    addr,
    clientRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { extFields: SearchOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId, timestamp }) }),
  );
  const offset = SearchOffsetResponseHeader.decode(search.extFields).offset;
  if (!force) {
    const current = await ctx.instance.invokeBroker(
      addr,
      clientRequest(RequestCode.QUERY_CONSUMER_OFFSET, { extFields: QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId }) }),
      { accept: [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND] },
    );
    if (current.code === ResponseCode.SUCCESS) {
      const committed = QueryConsumerOffsetResponseHeader.decode(current.extFields).offset;
      if (committed <= offset) return committed;
    }
  }
  const update = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId, commitOffset: offset });
  await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields: update }));
  return offset;
}

/** GET_BROKER_CONSUME_STATS of one broker (mqadmin brokerConsumeStats); `isOrder` keeps orderly topics only. */
export async function brokerConsumeStats(ctx: AdminContext, brokerAddr: string, options: { isOrder?: boolean } = {}): Promise<ConsumeStatsList> {
  const extFields = GetConsumeStatsInBrokerHeader.encode({ isOrder: options.isOrder ?? false });
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_BROKER_CONSUME_STATS, { extFields }));
  return decodeConsumeStatsList(response.body ?? '{}');
}

/** QUERY_CONSUME_TIME_SPAN on every master of the topic's route, their queues together. */
export async function consumeTimeSpan(ctx: AdminContext, topic: string, group: string): Promise<QueueTimeSpan[]> {
  const extFields = QueryConsumeTimeSpanRequestHeader.encode({ topic, group });
  const masters = await topicMasters(ctx, topic);
  const answers = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeQueryConsumeTimeSpanBody((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.QUERY_CONSUME_TIME_SPAN, { extFields }))).body ?? '{}'),
  );
  return answers.flat();
}

/** CLONE_GROUP_OFFSET on every master of the topic's route (mqadmin cloneGroupOffset). */
export async function cloneGroupOffset(ctx: AdminContext, srcGroup: string, destGroup: string, topic: string, options: { offline?: boolean } = {}): Promise<void> {
  const extFields = CloneGroupOffsetRequestHeader.encode({ srcGroup, destGroup, topic, offline: options.offline ?? false });
  const masters = await topicMasters(ctx, topic);
  await onEachBroker(
    masters.map((m) => m.addr),
    (addr) => ctx.instance.invokeBroker(addr, clientRequest(RequestCode.CLONE_GROUP_OFFSET, { extFields })),
  );
}

export async function allConsumerOffsets(ctx: AdminContext, brokerAddr: string): Promise<ConsumerOffsetSerializeWrapper> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_ALL_CONSUMER_OFFSET));
  return decodeConsumerOffsetSerializeWrapper(response.body ?? '{}');
}

export async function allDelayOffsets(ctx: AdminContext, brokerAddr: string): Promise<DelayOffsetSerializeWrapper> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_ALL_DELAY_OFFSET));
  return decodeDelayOffsetSerializeWrapper(response.body ?? '{}');
}

export async function allTopicConfig(ctx: AdminContext, brokerAddr: string): Promise<TopicConfigSerializeWrapper> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_ALL_TOPIC_CONFIG));
  return decodeTopicConfigSerializeWrapper(response.body ?? '{}');
}
