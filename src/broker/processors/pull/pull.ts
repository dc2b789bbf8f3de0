// PULL_MESSAGE and LITE_PULL_MESSAGE (PullMessageProcessor; RocketMQ 5's lite pull consumer
// sends the latter, the same header with the lite-pull sysFlag), checks in RocketMQ's order
// (behaviours.md §5):
//   broker readable               else NO_PERMISSION
//   LITE_PULL_MESSAGE allowed     litePullMessageEnable, else NO_PERMISSION
//   consumer group config         found or auto-created, else SUBSCRIPTION_GROUP_NOT_EXIST
//   group consumeEnable           else NO_PERMISSION
//   topic exists and readable     else TOPIC_NOT_EXIST / NO_PERMISSION
//   0 <= queueId < readQueueNums  else SYSTEM_ERROR
//   subscription                  from the request or the heartbeats (subscription.ts)
// then the store read with the tag filter (hash on the consume queue, then the exact tag on the
// returned records), the status mapped to a code (status.ts), the committed offset stored
// when the commit-offset flag is set, and a PULL_NOT_FOUND with the suspend flag held by long
// polling until a message arrives or its suspend time ends (long-polling/pull-hold-service.ts).
//
// Every pull answer (0, 19, 20, 21) carries nextBeginOffset, minOffset, maxOffset and
// suggestWhichBrokerId (0, the master: slave reads are not offered); remark = store status name;
// the body of a SUCCESS is the stored records back to back, as they lie in the commit log (one
// slice of the store's read, not a copy, when they were read together).
import type { Logger } from '../../../common/logger.js';
import { ResponseCode } from '../../../common/response-code.js';
import type { Connection, RemotingServer, RequestHandler } from '../../../remoting/net/index.js';
import { createResponse, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { Perm } from '../../../remoting/protocol/bodies/topic-config.js';
import { PullMessageRequestHeader, PullMessageResponseHeader, PullSysFlag } from '../../../remoting/protocol/headers/pull.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { GetResult, MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { TagSubscription } from '../../filter/tag-expression.js';
import { TagFilter } from '../../filter/tag-filter.js';
import { PullHoldService } from '../../long-polling/pull-hold-service.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { SubscriptionGroupManager } from '../../managers/subscription-group-manager.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import type { BrokerStats } from '../../stats/broker-stats.js';
import { failure } from '../shared/responses.js';
import { pullCodeOf } from './status.js';
import { resolvePullSubscription } from './subscription.js';

/**
 * Longest hold of a suspended pull: clients time a suspended pull out after 30 s
 * (CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND), so the answer must leave before that. Java sends 15 s.
 */
export const longPollHoldMsMax = 25_000;
/** How often held pulls are re-checked against their queue's max offset (PullRequestHoldService). */
export const longPollCheckIntervalMs = 5_000;
/** The broker id a pull answer suggests: the master (slave reads are not offered). */
export const masterBrokerId = 0;

export interface PullContext {
  config: Pick<BrokerConfig, 'brokerPermission' | 'brokerIP1' | 'brokerRole' | 'longPollingEnable' | 'shortPollingTimeMills' | 'litePullMessageEnable'>;
  topics: Pick<TopicConfigManager, 'select'>;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'findSubscriptionGroupConfig'>;
  consumers: { getConsumerGroupInfo(group: string): Pick<ConsumerGroupInfo<Connection>, 'mode' | 'subscriptions'> | undefined };
  offsets: Pick<ConsumerOffsetManager, 'commitOffset'>;
  store: Pick<MessageStoreApi, 'get' | 'maxOffsetInQueue' | 'onMessageArrived'>;
  stats: Pick<BrokerStats, 'onGet'>;
  logger: Logger;
}

export function registerPullProcessors(server: RemotingServer, ctx: PullContext): void {
  const holds = new PullHoldService({
    maxOffsetInQueue: (topic, queueId) => ctx.store.maxOffsetInQueue(topic, queueId),
    checkIntervalMs: ctx.config.longPollingEnable ? longPollCheckIntervalMs : ctx.config.shortPollingTimeMills,
    logger: ctx.logger,
  });
  ctx.store.onMessageArrived((arrival) => holds.notifyMessageArriving(arrival));
  server.on('connectionClose', (connection) => holds.dropOwner(connection));
  const serve: RequestHandler = (request, { connection }) => pullMessage(ctx, holds, request, connection, true);
  server.registerProcessor(RequestCode.PULL_MESSAGE, serve);
  server.registerProcessor(RequestCode.LITE_PULL_MESSAGE, serve);
}

/** `allowSuspend` is false when a held pull is re-run: it answers whatever it finds. */
function pullMessage(
  ctx: PullContext,
  holds: PullHoldService,
  request: RemotingCommand,
  connection: Connection,
  allowSuspend: boolean,
): RemotingCommand | Promise<RemotingCommand> {
  const header = PullMessageRequestHeader.decode(request.extFields);
  const { consumerGroup, topic, queueId } = header;
  if ((ctx.config.brokerPermission & Perm.read) === 0) {
    return failure(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.config.brokerIP1}] pulling message is forbidden`);
  }
  if (request.code === RequestCode.LITE_PULL_MESSAGE && !ctx.config.litePullMessageEnable) {
    return failure(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.config.brokerIP1}] for lite pull consumer is forbidden`);
  }
  const group = ctx.subscriptionGroups.findSubscriptionGroupConfig(consumerGroup);
  if (group === undefined) {
    return failure(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group [${consumerGroup}] does not exist`);
  }
  if (!group.consumeEnable) return failure(request, ResponseCode.NO_PERMISSION, `subscription group no permission, ${consumerGroup}`);
  const topicConfig = ctx.topics.select(topic);
  if (topicConfig === undefined) return failure(request, ResponseCode.TOPIC_NOT_EXIST, `topic[${topic}] not exist, apply first please!`);
  if ((topicConfig.perm & Perm.read) === 0) return failure(request, ResponseCode.NO_PERMISSION, `the topic[${topic}] pulling message is forbidden`);
  if (queueId < 0 || queueId >= topicConfig.readQueueNums) {
    const remark = `queueId[${queueId}] is illegal, topic:[${topic}] topicConfig.readQueueNums:[${topicConfig.readQueueNums}] consumer:[${connection.remoteAddress}]`;
    return failure(request, ResponseCode.SYSTEM_ERROR, remark);
  }
  const resolved = resolvePullSubscription(header, group, ctx.consumers.getConsumerGroupInfo(consumerGroup));
  if ('code' in resolved) return failure(request, resolved.code, resolved.remark);
  const filter = filterOf(resolved.subscription);

  const maxBytes = header.maxMsgBytes !== undefined && header.maxMsgBytes > 0 ? header.maxMsgBytes : Number.MAX_SAFE_INTEGER;
  const result = ctx.store.get(consumerGroup, topic, queueId, header.queueOffset, header.maxMsgNums, maxBytes, filter);
  const records = result.status === 'FOUND' ? filter.exactMatches(result.messages) : result.messages;
  const status = result.status === 'FOUND' && records.length === 0 ? 'NO_MATCHED_MESSAGE' : result.status;
  const code = pullCodeOf(status, header.queueOffset);

  const response = pullResponse(request, code, status, result, records);
  if (response.body !== undefined) ctx.stats.onGet(consumerGroup, topic, records.length, response.body.length);
  let answer: RemotingCommand | Promise<RemotingCommand> = response;
  const suspend = allowSuspend && (header.sysFlag & PullSysFlag.suspend) !== 0;
  if (code === ResponseCode.PULL_NOT_FOUND && suspend) {
    const holdMs = ctx.config.longPollingEnable ? Math.min(Math.max(header.suspendTimeoutMillis, 0), longPollHoldMsMax) : ctx.config.shortPollingTimeMills;
    answer = new Promise<RemotingCommand>((resolve, reject) => {
      const held = holds.hold({
        topic,
        queueId,
        fromOffset: header.queueOffset,
        deadline: Date.now() + holdMs,
        filter,
        owner: connection,
        wake: () => {
          try {
            resolve(pullMessage(ctx, holds, request, connection, false));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        },
      });
      if (!held) resolve(pullResponse(request, code, status, result, records));
    });
  }
  // Once per request, before it is held (RocketMQ: storeOffsetEnable); a slave stores no offsets.
  const commit = allowSuspend && (header.sysFlag & PullSysFlag.commitOffset) !== 0 && header.commitOffset >= 0 && ctx.config.brokerRole !== 'SLAVE';
  if (commit) ctx.offsets.commitOffset(consumerGroup, topic, queueId, header.commitOffset);
  return answer;
}

/** One filter per parsed subscription (a filter's scratch space is only used synchronously). */
const filters = new WeakMap<TagSubscription, TagFilter>();

function filterOf(subscription: TagSubscription): TagFilter {
  let filter = filters.get(subscription);
  if (filter === undefined) {
    filter = new TagFilter(subscription);
    filters.set(subscription, filter);
  }
  return filter;
}

function pullResponse(request: RemotingCommand, code: number, status: string, result: GetResult, records: readonly Buffer[]): RemotingCommand {
  const extFields = PullMessageResponseHeader.encode({
    suggestWhichBrokerId: masterBrokerId,
    nextBeginOffset: result.nextBeginOffset,
    minOffset: result.minOffset,
    maxOffset: result.maxOffset,
  });
  const response = createResponse(request, code, { remark: status, extFields });
  if (code === ResponseCode.SUCCESS) response.body = joinRecords(records);
  return response;
}

/**
 * The records as one body. Records the store read with one call lie back to back in one buffer:
 * they go out as one slice of it, not copied; others are concatenated.
 */
export function joinRecords(records: readonly Buffer[]): Buffer {
  const first = records[0];
  if (first === undefined) return Buffer.alloc(0);
  let end = first.byteOffset + first.length;
  for (let i = 1; i < records.length; i++) {
    const record = records[i]!;
    if (record.buffer !== first.buffer || record.byteOffset !== end) return Buffer.concat(records);
    end += record.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}
