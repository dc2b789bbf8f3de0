// Admin: QUERY_CONSUME_TIME_SPAN (MQAdminExt.queryConsumeTimeSpan): for each write queue of the
// topic, the store times of its first and last message, the store time of the group's last
// consumed message (of the first message when it has consumed none), and how long the next
// message to consume has waited (0 when the group is at the end), as RocketMQ computes them.
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { encodeQueryConsumeTimeSpanBody, type QueueTimeSpan } from '../../../remoting/protocol/bodies/consume-time-span.js';
import { QueryConsumeTimeSpanRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import { failure, success } from '../shared/responses.js';

export interface AdminConsumeTimeSpanContext {
  config: Pick<BrokerConfig, 'brokerName'>;
  topics: Pick<TopicConfigManager, 'select'>;
  offsets: Pick<ConsumerOffsetManager, 'queryOffset'>;
  store: Pick<MessageStoreApi, 'earliestMessageTime' | 'maxOffsetInQueue' | 'messageStoreTime'>;
  now?: () => number;
}

export function registerAdminConsumeTimeSpanProcessors(server: ProcessorRegistry, ctx: AdminConsumeTimeSpanContext): void {
  server.registerProcessor(RequestCode.QUERY_CONSUME_TIME_SPAN, (request) => queryConsumeTimeSpan(ctx, request));
}

function queryConsumeTimeSpan(ctx: AdminConsumeTimeSpanContext, request: RemotingCommand): RemotingCommand {
  const { topic, group } = QueryConsumeTimeSpanRequestHeader.decode(request.extFields);
  const config = ctx.topics.select(topic);
  if (config === undefined) return failure(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist`);
  const { store } = ctx;
  const now = (ctx.now ?? Date.now)();
  const spans: QueueTimeSpan[] = [];
  for (let queueId = 0; queueId < config.writeQueueNums; queueId++) {
    const minTimeStamp = store.earliestMessageTime(topic, queueId);
    const maxOffset = store.maxOffsetInQueue(topic, queueId);
    const consumerOffset = ctx.offsets.queryOffset(group, topic, queueId);
    // A group without an offset here (-1) waits for the queue's first message.
    const next = Math.max(consumerOffset, 0);
    spans.push({
      messageQueue: { topic, brokerName: ctx.config.brokerName, queueId },
      minTimeStamp,
      maxTimeStamp: store.messageStoreTime(topic, queueId, maxOffset - 1),
      consumeTimeStamp: consumerOffset > 0 ? store.messageStoreTime(topic, queueId, consumerOffset - 1) : minTimeStamp,
      delayTime: next < maxOffset ? now - store.messageStoreTime(topic, queueId, next) : 0,
    });
  }
  return success(request, { body: encodeQueryConsumeTimeSpanBody(spans) });
}
