// Consumer offsets and queue offsets (ConsumerManageProcessor and the offset requests of
// AdminBrokerProcessor): QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET, GET_MAX_OFFSET,
// GET_MIN_OFFSET, GET_EARLIEST_MSG_STORETIME and SEARCH_OFFSET_BY_TIMESTAMP.
import { totalmem } from 'node:os';
import { StoredMessagePosition } from '../../common/message/stored-message-layout.js';
import { ResponseCode } from '../../common/response-code.js';
import type { ProcessorRegistry } from '../../remoting/net/index.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import {
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMaxOffsetRequestHeader,
  GetMaxOffsetResponseHeader,
  GetMinOffsetRequestHeader,
  GetMinOffsetResponseHeader,
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  SearchOffsetRequestHeader,
  SearchOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../store/api.js';
import type { ConsumerOffsetManager } from '../managers/consumer-offset-manager.js';
import { failure, success } from './shared/responses.js';

/**
 * A message further behind the commit log's end than this share of RAM counts as swapped out
 * of the page cache (MessageStoreConfig.accessMessageInMemoryMaxRatio, 40 %).
 */
export const accessMessageInMemoryMaxRatio = 0.4;

export const queryNotFoundRemark = 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first';

export interface ConsumerOffsetContext {
  offsets: Pick<ConsumerOffsetManager, 'commitOffset' | 'queryOffset'>;
  store: Pick<
    MessageStoreApi,
    'get' | 'commitLogMaxOffset' | 'maxOffsetInQueue' | 'minOffsetInQueue' | 'earliestMessageTime' | 'offsetInQueueByTime'
  >;
}

export function registerConsumerOffsetProcessors(server: ProcessorRegistry, ctx: ConsumerOffsetContext): void {
  server.registerProcessor(RequestCode.QUERY_CONSUMER_OFFSET, (request) => queryConsumerOffset(ctx, request));
  server.registerProcessor(RequestCode.UPDATE_CONSUMER_OFFSET, (request) => updateConsumerOffset(ctx, request));
  server.registerProcessor(RequestCode.GET_MAX_OFFSET, (request) => {
    const { topic, queueId } = GetMaxOffsetRequestHeader.decode(request.extFields);
    const offset = ctx.store.maxOffsetInQueue(topic, queueId);
    return success(request, { extFields: GetMaxOffsetResponseHeader.encode({ offset }) });
  });
  server.registerProcessor(RequestCode.GET_MIN_OFFSET, (request) => {
    const { topic, queueId } = GetMinOffsetRequestHeader.decode(request.extFields);
    const offset = ctx.store.minOffsetInQueue(topic, queueId);
    return success(request, { extFields: GetMinOffsetResponseHeader.encode({ offset }) });
  });
  server.registerProcessor(RequestCode.GET_EARLIEST_MSG_STORETIME, (request) => {
    const { topic, queueId } = GetEarliestMsgStoretimeRequestHeader.decode(request.extFields);
    const timestamp = ctx.store.earliestMessageTime(topic, queueId);
    return success(request, { extFields: GetEarliestMsgStoretimeResponseHeader.encode({ timestamp }) });
  });
  server.registerProcessor(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, (request) => {
    const { topic, queueId, timestamp } = SearchOffsetRequestHeader.decode(request.extFields);
    const offset = ctx.store.offsetInQueueByTime(topic, queueId, timestamp);
    return success(request, { extFields: SearchOffsetResponseHeader.encode({ offset }) });
  });
}

/**
 * The committed offset; without one, 0 when the queue still starts at its first message and
 * that message is still in memory (a new group then consumes the whole queue), else
 * QUERY_NOT_FOUND and the client picks its start from consumeFromWhere.
 */
function queryConsumerOffset(ctx: ConsumerOffsetContext, request: RemotingCommand): RemotingCommand {
  const { consumerGroup, topic, queueId, setZeroIfNotFound } = QueryConsumerOffsetRequestHeader.decode(request.extFields);
  const committed = ctx.offsets.queryOffset(consumerGroup, topic, queueId);
  if (committed >= 0) return success(request, { extFields: QueryConsumerOffsetResponseHeader.encode({ offset: committed }) });
  const startsAtZero = setZeroIfNotFound !== false && ctx.store.minOffsetInQueue(topic, queueId) <= 0;
  if (startsAtZero && !firstMessageSwappedOut(ctx, consumerGroup, topic, queueId)) {
    return success(request, { extFields: QueryConsumerOffsetResponseHeader.encode({ offset: 0 }) });
  }
  return failure(request, ResponseCode.QUERY_NOT_FOUND, queryNotFoundRemark);
}

/** checkInDiskByConsumeOffset(0): the queue's first message lies too far behind the commit log's end. */
function firstMessageSwappedOut(ctx: ConsumerOffsetContext, group: string, topic: string, queueId: number): boolean {
  const first = ctx.store.get(group, topic, queueId, 0, 1, Number.MAX_SAFE_INTEGER);
  const record = first.status === 'FOUND' ? first.messages[0] : undefined;
  if (record === undefined) return false;
  const physicalOffset = Number(record.readBigInt64BE(StoredMessagePosition.physicalOffset));
  return ctx.store.commitLogMaxOffset() - physicalOffset > totalmem() * accessMessageInMemoryMaxRatio;
}

function updateConsumerOffset(ctx: ConsumerOffsetContext, request: RemotingCommand): RemotingCommand {
  const { consumerGroup, topic, queueId, commitOffset } = UpdateConsumerOffsetRequestHeader.decode(request.extFields);
  if (queueId < 0 || commitOffset < 0) {
    return failure(request, ResponseCode.SYSTEM_ERROR, `bad consumer offset: queueId ${queueId}, commitOffset ${commitOffset}`);
  }
  ctx.offsets.commitOffset(consumerGroup, topic, queueId, commitOffset);
  return success(request);
}
