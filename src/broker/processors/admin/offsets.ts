// Admin: offset tables, cloning and reset. GET_ALL_CONSUMER_OFFSET (consumerOffset.json) and
// GET_ALL_DELAY_OFFSET (delayOffset.json), which slaves sync from; CLONE_GROUP_OFFSET (mqadmin
// cloneGroupOffset: destGroup gets srcGroup's offsets on the topic, or on every topic srcGroup
// has offsets on when none is named; a topic unknown here is skipped, and unless `offline` so is
// one that srcGroup's online members do not subscribe to); INVOKE_BROKER_TO_RESET_OFFSET
// (mqadmin resetOffsetByTime), as Broker2Client.resetOffset:
//   for each write queue of the topic, target = the first offset stored at or after `timestamp`
//   (the max offset when timestamp is -1); new offset = target if isForce or target < committed,
//   else the committed one (without force an offset only moves back);
//   a queue the group has no offset on -> SYSTEM_ERROR; no member of the group online ->
//   CONSUMER_NOT_ONLINE and nothing changes (mqadmin then sets offsets itself);
//   else the new offsets are committed here and sent to every member (RESET_CONSUMER_CLIENT_OFFSET,
//   oneway, body ResetOffsetBody), and answered in the same body.
import type { Logger } from '../../../common/logger.js';
import { ResponseCode } from '../../../common/response-code.js';
import type { Connection, ProcessorRegistry } from '../../../remoting/net/index.js';
import { createRequest, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { encodeResetOffsetBody, type ResetOffsetBody } from '../../../remoting/protocol/bodies/reset-offset-body.js';
import { CloneGroupOffsetRequestHeader, ResetOffsetRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerManager } from '../../managers/consumer-manager.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import type { ScheduleMessageService } from '../../schedule/schedule-message-service.js';
import { failure, success } from '../shared/responses.js';

/** The timestamp meaning "the end of each queue". */
export const resetToMaxOffsetTimestamp = -1;

export type ResetOffsetStore = Pick<MessageStoreApi, 'maxOffsetInQueue' | 'offsetInQueueByTime'>;

export interface AdminOffsetsContext {
  config: Pick<BrokerConfig, 'brokerName'>;
  topics: Pick<TopicConfigManager, 'select'>;
  offsets: Pick<ConsumerOffsetManager, 'encode' | 'queryOffset' | 'commitOffset' | 'cloneOffset' | 'topicsOfGroup'>;
  delayOffsets: Pick<ScheduleMessageService, 'encode'>;
  consumers: Pick<ConsumerManager<Connection>, 'getConsumerGroupInfo'>;
  store: ResetOffsetStore;
  logger: Logger;
}

export function registerAdminOffsetsProcessors(server: ProcessorRegistry, ctx: AdminOffsetsContext): void {
  server.registerProcessor(RequestCode.GET_ALL_CONSUMER_OFFSET, (request) => success(request, { body: ctx.offsets.encode() }));
  server.registerProcessor(RequestCode.GET_ALL_DELAY_OFFSET, (request) => success(request, { body: ctx.delayOffsets.encode() }));
  server.registerProcessor(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, (request) => resetOffset(ctx, request));
  server.registerProcessor(RequestCode.CLONE_GROUP_OFFSET, (request) => cloneGroupOffset(ctx, request));
}

function cloneGroupOffset(ctx: AdminOffsetsContext, request: RemotingCommand): RemotingCommand {
  const { srcGroup, destGroup, topic, offline } = CloneGroupOffsetRequestHeader.decode(request.extFields);
  const topics = topic === undefined || topic.trim() === '' ? ctx.offsets.topicsOfGroup(srcGroup) : new Set([topic]);
  const online = ctx.consumers.getConsumerGroupInfo(srcGroup)?.subscriptions;
  for (const each of topics) {
    if (ctx.topics.select(each) === undefined) {
      ctx.logger.warn({ topic: each, srcGroup, destGroup }, 'clone group offset: topic not here');
      continue;
    }
    if (offline !== true && online !== undefined && online.size > 0 && !online.has(each)) {
      ctx.logger.warn({ topic: each, srcGroup, destGroup }, 'clone group offset: the online group does not subscribe to the topic');
      continue;
    }
    ctx.offsets.cloneOffset(srcGroup, destGroup, each);
  }
  return success(request);
}

export interface ResetOffsetInput {
  topic: string;
  writeQueueNums: number;
  brokerName: string;
  timestamp: number;
  isForce: boolean;
  /** The group's committed offset of a queue, -1 when none. */
  committed: (queueId: number) => number;
  store: ResetOffsetStore;
}

/** The new offset of every write queue, or the queue the group has no offset on. */
export function resetOffsetTable(input: ResetOffsetInput): { ok: true; body: ResetOffsetBody } | { ok: false; queueIdWithoutOffset: number } {
  const offsetTable: ResetOffsetBody['offsetTable'] = [];
  for (let queueId = 0; queueId < input.writeQueueNums; queueId++) {
    const committed = input.committed(queueId);
    if (committed < 0) return { ok: false, queueIdWithoutOffset: queueId };
    const target =
      input.timestamp === resetToMaxOffsetTimestamp
        ? input.store.maxOffsetInQueue(input.topic, queueId)
        : input.store.offsetInQueueByTime(input.topic, queueId, input.timestamp);
    const atTime = Math.max(0, target);
    offsetTable.push([{ topic: input.topic, brokerName: input.brokerName, queueId }, input.isForce || atTime < committed ? atTime : committed]);
  }
  return { ok: true, body: { offsetTable } };
}

function resetOffset(ctx: AdminOffsetsContext, request: RemotingCommand): RemotingCommand {
  const { topic, group, timestamp, isForce } = ResetOffsetRequestHeader.decode(request.extFields);
  const topicConfig = ctx.topics.select(topic);
  if (topicConfig === undefined) {
    return failure(request, ResponseCode.SYSTEM_ERROR, `[reset-offset] reset offset failed, no topic in this broker. topic=${topic}`);
  }
  const table = resetOffsetTable({
    topic,
    writeQueueNums: topicConfig.writeQueueNums,
    brokerName: ctx.config.brokerName,
    timestamp,
    isForce,
    committed: (queueId) => ctx.offsets.queryOffset(group, topic, queueId),
    store: ctx.store,
  });
  if (!table.ok) return failure(request, ResponseCode.SYSTEM_ERROR, `THe consumer group <${group}> not exist`);

  const members = ctx.consumers.getConsumerGroupInfo(group)?.allChannels() ?? [];
  if (members.length === 0) {
    return failure(request, ResponseCode.CONSUMER_NOT_ONLINE, `Consumer not online, so can not reset offset, Group: ${group} Topic: ${topic} Timestamp: ${timestamp}`);
  }
  for (const [mq, offset] of table.body.offsetTable) ctx.offsets.commitOffset(group, topic, mq.queueId, offset);
  const body = encodeResetOffsetBody(table.body);
  for (const member of members) {
    const notice = createRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, {
      extFields: ResetOffsetRequestHeader.encode({ topic, group, timestamp, isForce: false }),
      body,
    });
    member.invokeOneway(notice).catch((err: unknown) =>
      ctx.logger.warn({ err, group, topic, remoteAddress: member.remoteAddress }, 'RESET_CONSUMER_CLIENT_OFFSET not sent'),
    );
  }
  ctx.logger.info({ group, topic, timestamp, isForce, members: members.length }, 'consumer offsets reset');
  return success(request, { body });
}
