// Admin: QUERY_CONSUME_QUEUE (mqadmin queryCq): the raw entries of one consume queue from an
// index (commit log offset, size, tags hash code), the queue's bounds and, with a consumer group,
// that group's subscription to the topic as its members sent it ("<group>@<topic> is not
// online!" as filterData when none has). An unknown queue is a SYSTEM_ERROR, an index outside the
// queue a SUCCESS with no entries and a remark, as in RocketMQ. No SQL92 filter data is kept,
// so filterData is "null" for an online group and eval stays false (RocketMQ sets it only for
// entries with consume queue extension data, which is not kept here either).
import { ResponseCode } from '../../../common/response-code.js';
import type { Connection, ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { encodeQueryConsumeQueueResponseBody, type QueryConsumeQueueResponseBody } from '../../../remoting/protocol/bodies/query-consume-queue.js';
import { QueryConsumeQueueRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { ConsumerManager } from '../../managers/consumer-manager.js';
import { failure, success } from '../shared/responses.js';

/** Most entries one answer carries. */
export const queryConsumeQueueCountMax = 10_000;

export interface AdminQueryConsumeQueueContext {
  consumers: Pick<ConsumerManager<Connection>, 'findSubscriptionData'>;
  store: Pick<MessageStoreApi, 'consumeQueueEntries'>;
}

export function registerAdminQueryConsumeQueueProcessors(server: ProcessorRegistry, ctx: AdminQueryConsumeQueueContext): void {
  server.registerProcessor(RequestCode.QUERY_CONSUME_QUEUE, (request) => queryConsumeQueue(ctx, request));
}

function queryConsumeQueue(ctx: AdminQueryConsumeQueueContext, request: RemotingCommand): RemotingCommand {
  const header = QueryConsumeQueueRequestHeader.decode(request.extFields);
  const topic = header.topic ?? '';
  const queueId = header.queueId ?? 0;
  const index = header.index ?? 0;
  const count = Math.min(Math.max(header.count ?? 0, 0), queryConsumeQueueCountMax);
  const found = ctx.store.consumeQueueEntries(topic, queueId, index, count);
  if (found === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `${queueId}@${topic} is not exist!`);
  const body: QueryConsumeQueueResponseBody = { queueData: [], maxQueueIndex: found.maxOffset, minQueueIndex: found.minOffset };
  if (header.consumerGroup !== undefined) {
    const subscription = ctx.consumers.findSubscriptionData(header.consumerGroup, topic);
    if (subscription === undefined) body.filterData = `${header.consumerGroup}@${topic} is not online!`;
    else {
      body.subscriptionData = subscription;
      body.filterData = 'null';
    }
  }
  if (index < found.minOffset || index >= found.maxOffset) {
    return success(request, { remark: `Index ${index} of ${queueId}@${topic} is not exist!`, body: encodeQueryConsumeQueueResponseBody(body) });
  }
  body.queueData = found.entries.map((e) => ({ physicOffset: e.commitLogOffset, physicSize: e.size, tagsCode: e.tagsCode, eval: false }));
  return success(request, { body: encodeQueryConsumeQueueResponseBody(body) });
}
