// CONSUMER_SEND_MSG_BACK (36): a consumer could not consume a message and hands it back
// (behaviours.md §2). The broker reads the original by its commit log offset and stores a copy:
//   reconsumeTimes >= maxReconsumeTimes, or delayLevel < 0  -> %DLQ%<group>, queue 0, no delay
//   otherwise -> %RETRY%<group>, queue random % retryQueueNums, delay level = the request's, or
//                3 + reconsumeTimes when it asks for 0 (10 s, 30 s, 1 m, ... with the default levels)
// maxReconsumeTimes is the request's from client version 121 on, else the group's retryMaxTimes.
// The copy keeps body, flag, sysFlag, born time and host and properties, counts one more
// reconsume, names the first topic (RETRY_TOPIC) and the first message id (ORIGIN_MESSAGE_ID),
// and WAIT=false. A delayed copy is parked in SCHEDULE_TOPIC_XXXX like any delayed message.
import { PropertyKey } from '../../common/message/property-keys.js';
import { decodeProperties, encodeProperties } from '../../common/message/properties-codec.js';
import { decodeStoredMessage } from '../../common/message/stored-message-decoder.js';
import type { StoredMessage } from '../../common/message/stored-message-types.js';
import { ResponseCode } from '../../common/response-code.js';
import type { ProcessorRegistry } from '../../remoting/net/index.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { Perm } from '../../remoting/protocol/bodies/topic-config.js';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/protocol/headers/send-back.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { MessageStoreApi, PutMessage } from '../../store/api.js';
import type { BrokerConfig } from '../broker-config.js';
import type { SubscriptionGroupManager } from '../managers/subscription-group-manager.js';
import type { TopicConfigManager } from '../managers/topic-config-manager.js';
import { SystemTopic, dlqTopic, retryTopic } from '../managers/topic-names.js';
import type { DelayLevels } from '../schedule/delay-levels.js';
import { rewriteForDelay } from '../schedule/schedule-rewrite.js';
import type { BrokerStats } from '../stats/broker-stats.js';
import { failure, success } from './shared/responses.js';

/** From this client version (MQVersion V3_4_9) the request's maxReconsumeTimes is honoured. */
export const maxReconsumeTimesHeaderVersionMin = 121;
/** Queues of a dead-letter topic (MixAll DLQ_NUMS_PER_GROUP). */
export const dlqQueueNums = 1;
/** First retry level: the first retry of a message waits for level 3 (10 s by default). */
export const retryDelayLevelBase = 3;
/** TopicSysFlag of a retry topic made for a unit-mode consumer (FLAG_UNIT_SUB). */
const topicSysFlagUnitSub = 0x2;
const readWrite = Perm.read | Perm.write;

export interface SendBackContext {
  /** Read at each request: brokerPermission may change at run time. */
  config: Pick<BrokerConfig, 'brokerPermission' | 'brokerIP1'>;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'findSubscriptionGroupConfig'>;
  topics: Pick<TopicConfigManager, 'createTopicInSendMessageBackMethod'>;
  store: Pick<MessageStoreApi, 'readMessage' | 'put'>;
  stats: Pick<BrokerStats, 'onPut' | 'onSendBack'>;
  delayLevels: DelayLevels;
  /** Uniform in [0, 1); picks the retry queue. */
  random?: () => number;
}

export interface SendBackDecisionInput {
  group: string;
  /** Reconsume count of the message handed back. */
  reconsumeTimes: number;
  maxReconsumeTimes: number;
  /** The request's delayLevel. */
  delayLevel: number;
  retryQueueNums: number;
  random: () => number;
}

export type SendBackTarget =
  | { kind: 'dlq'; topic: string; queueId: number }
  | { kind: 'retry'; topic: string; queueId: number; delayLevel: number };

/** Where a handed-back message goes, and with which delay. */
export function sendBackTarget(input: SendBackDecisionInput): SendBackTarget {
  if (input.reconsumeTimes >= input.maxReconsumeTimes || input.delayLevel < 0) {
    return { kind: 'dlq', topic: dlqTopic(input.group), queueId: Math.floor(input.random() * dlqQueueNums) };
  }
  return {
    kind: 'retry',
    topic: retryTopic(input.group),
    queueId: Math.floor(input.random() * input.retryQueueNums),
    delayLevel: input.delayLevel === 0 ? retryDelayLevelBase + input.reconsumeTimes : input.delayLevel,
  };
}

/** maxReconsumeTimes of a request: its header's from version 121 on, else the group's. */
export function maxReconsumeTimesOf(requestVersion: number, headerValue: number | undefined, groupRetryMaxTimes: number): number {
  return requestVersion >= maxReconsumeTimesHeaderVersionMin && headerValue !== undefined ? headerValue : groupRetryMaxTimes;
}

/** The offsetMsgId of a stored record: store host, port, commit log offset, in upper-case hex. */
export function offsetMsgIdOf(message: StoredMessage): string {
  const id = Buffer.alloc(message.storeHost.address.length + 12);
  id.set(message.storeHost.address, 0);
  id.writeInt32BE(message.storeHost.port, message.storeHost.address.length);
  id.writeBigInt64BE(BigInt(message.physicalOffset), message.storeHost.address.length + 4);
  return id.toString('hex').toUpperCase();
}

/** The copy stored for a handed-back message (before any delay rewrite). */
export function sendBackMessage(original: StoredMessage, target: SendBackTarget): PutMessage {
  const props = decodeProperties(original.properties);
  if (!props.has(PropertyKey.RETRY_TOPIC)) props.set(PropertyKey.RETRY_TOPIC, original.topic);
  if (!props.get(PropertyKey.ORIGIN_MESSAGE_ID)?.trim()) props.set(PropertyKey.ORIGIN_MESSAGE_ID, offsetMsgIdOf(original));
  props.set(PropertyKey.WAIT_STORE_MSG_OK, 'false');
  if (target.kind === 'retry') props.set(PropertyKey.DELAY_TIME_LEVEL, String(target.delayLevel));
  else props.delete(PropertyKey.DELAY_TIME_LEVEL);
  return {
    topic: target.topic,
    queueId: target.queueId,
    flag: original.flag,
    body: original.body,
    properties: encodeProperties(props),
    sysFlag: original.sysFlag,
    bornTimestamp: original.bornTimestamp,
    bornHost: original.bornHost,
    reconsumeTimes: original.reconsumeTimes + 1,
    preparedTransactionOffset: 0,
  };
}

export function registerSendBackProcessors(server: ProcessorRegistry, ctx: SendBackContext): void {
  server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK, (request) => consumerSendMsgBack(ctx, request));
}

async function consumerSendMsgBack(ctx: SendBackContext, request: RemotingCommand): Promise<RemotingCommand> {
  const header = ConsumerSendMsgBackRequestHeader.decode(request.extFields);
  const group = ctx.subscriptionGroups.findSubscriptionGroupConfig(header.group);
  if (group === undefined) {
    return failure(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${header.group}`);
  }
  if ((ctx.config.brokerPermission & Perm.write) === 0) {
    return failure(request, ResponseCode.NO_PERMISSION, `the broker[${ctx.config.brokerIP1}] sending message is forbidden`);
  }
  // A group without retry queues drops what its consumers hand back.
  if (group.retryQueueNums <= 0) return success(request);

  const retry = retryTopic(header.group);
  const retryConfig = ctx.topics.createTopicInSendMessageBackMethod(retry, group.retryQueueNums, readWrite, header.unitMode ? topicSysFlagUnitSub : 0);
  if ((retryConfig.perm & Perm.write) === 0) {
    return failure(request, ResponseCode.NO_PERMISSION, `the topic[${retry}] sending message is forbidden`);
  }

  const record = ctx.store.readMessage(header.offset);
  if (record === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${header.offset}`);
  const original = decodeStoredMessage(record);

  const target = sendBackTarget({
    group: header.group,
    reconsumeTimes: original.reconsumeTimes,
    maxReconsumeTimes: maxReconsumeTimesOf(request.version, header.maxReconsumeTimes, group.retryMaxTimes),
    delayLevel: header.delayLevel,
    retryQueueNums: group.retryQueueNums,
    random: ctx.random ?? Math.random,
  });
  if (target.kind === 'dlq') ctx.topics.createTopicInSendMessageBackMethod(target.topic, dlqQueueNums, readWrite);

  const stored = rewriteForDelay(sendBackMessage(original, target), ctx.delayLevels);
  const result = await ctx.store.put(stored, { waitStoreMsgOk: false });
  if (result.status !== 'PUT_OK' && result.status !== 'FLUSH_DISK_TIMEOUT') return failure(request, ResponseCode.SYSTEM_ERROR, result.status);
  // As RocketMQ counts it: under the first topic of the message, and a put only when it waits for its delay.
  ctx.stats.onSendBack(header.group, decodeProperties(original.properties).get(PropertyKey.RETRY_TOPIC) ?? original.topic);
  if (stored.topic === SystemTopic.schedule) ctx.stats.onPut(stored.topic, result.messageCount, result.wroteBytes);
  return success(request);
}
