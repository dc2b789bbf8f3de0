// A consumer's answer to GET_CONSUMER_RUNNING_INFO (Java's consumerRunningInfo()), and to
// GET_CONSUMER_STATUS_FROM_CLIENT (the offsets it holds for a topic). Running info: its settings
// as properties under the Java consumer's field names, where one has the same meaning, plus the
// PROP_* entries; its subscriptions; each assigned queue's state with the offset it would
// commit; a push consumer adds its pull and consume rates per subscribed topic (statusTable).
import type { MessageQueue } from '../../common/message/message-queue.js';
import { RunningInfoProperty, type ConsumeStatus, type ConsumerRunningInfo, type ProcessQueueInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { MessageQueueEntries } from '../../remoting/protocol/bodies/message-queue.js';
import { consumeFromWhereWireName } from './consumer-data.js';
import type { ConsumerSettings, LitePullConsumerSettings, PushConsumerSettings } from './consumer-settings.js';
import type { OffsetStore } from './offset-store/offset-store.js';

const bytesPerMiB = 1024 * 1024;

/** What a queue's cache tells of itself (ProcessQueue.fillProcessQueueInfo). */
export interface QueueInfoSource {
  info(commitOffset: number): ProcessQueueInfo;
}

export async function consumerRunningInfo(
  properties: Map<string, string>,
  subscriptions: Iterable<SubscriptionData>,
  queues: Iterable<readonly [MessageQueue, QueueInfoSource]>,
  offsetStore: OffsetStore | undefined,
  statusOf?: (topic: string) => ConsumeStatus,
): Promise<ConsumerRunningInfo> {
  const mqTable: MessageQueueEntries<ProcessQueueInfo> = [];
  for (const [queue, source] of queues) {
    const commitOffset = offsetStore === undefined ? -1 : await offsetStore.readOffset(queue, 'memory');
    mqTable.push([queue, source.info(commitOffset)]);
  }
  const subscriptionSet = [...subscriptions];
  const statusTable = new Map(statusOf === undefined ? [] : subscriptionSet.map((s) => [s.topic, statusOf(s.topic)] as const));
  return { properties, subscriptionSet, mqTable, statusTable };
}

/** GET_CONSUMER_STATUS_FROM_CLIENT: the offsets the store holds for the topic's assigned queues. */
export async function heldOffsets(offsetStore: OffsetStore | undefined, assigned: readonly MessageQueue[], topic: string): Promise<Array<[MessageQueue, number]>> {
  if (offsetStore === undefined) return [];
  const table: Array<[MessageQueue, number]> = [];
  for (const queue of assigned) {
    if (queue.topic !== topic) continue;
    const offset = await offsetStore.readOffset(queue, 'memory');
    if (offset >= 0) table.push([queue, offset]);
  }
  return table;
}

function commonProperties(settings: ConsumerSettings, startedAt: number): Array<[string, string]> {
  return [
    ['consumerGroup', settings.group],
    ['messageModel', settings.messageModel],
    ['consumeFromWhere', consumeFromWhereWireName[settings.consumeFromWhere]],
    ['allocateMessageQueueStrategy', settings.strategy.name],
    ['pullThresholdForQueue', String(settings.pullThresholdForQueue)],
    ['pullThresholdSizeForQueue', String(Math.floor(settings.pullThresholdSizeForQueueBytes / bytesPerMiB))],
    ['persistConsumerOffsetInterval', String(settings.persistConsumerOffsetIntervalMs)],
    [RunningInfoProperty.consumerStartTimestamp, String(startedAt)],
  ];
}

export function pushConsumerProperties(settings: PushConsumerSettings, startedAt: number): Map<string, string> {
  return new Map([
    ...commonProperties(settings, startedAt),
    ['pullBatchSize', String(settings.pullBatchSize)],
    ['consumeMessageBatchMaxSize', String(settings.consumeMessageBatchMaxSize)],
    ['consumeConcurrentlyMaxSpan', String(settings.consumeConcurrentlyMaxSpan)],
    ['pullInterval', String(settings.pullIntervalMs)],
    ['maxReconsumeTimes', String(settings.maxReconsumeTimes)],
    ['suspendCurrentQueueTimeMillis', String(settings.suspendCurrentQueueTimeMs)],
    ['postSubscriptionWhenPull', String(settings.postSubscriptionWhenPull)],
    [RunningInfoProperty.consumeOrderly, String(settings.orderly)],
    [RunningInfoProperty.threadPoolCoreSize, String(settings.consumeConcurrency)],
  ]);
}

export function litePullConsumerProperties(settings: LitePullConsumerSettings, startedAt: number): Map<string, string> {
  return new Map([
    ...commonProperties(settings, startedAt),
    ['autoCommit', String(settings.autoCommit)],
    ['autoCommitIntervalMillis', String(settings.autoCommitIntervalMs)],
    ['pullBatchSize', String(settings.pullBatchSize)],
    ['pullThresholdForAll', String(settings.pullThresholdForAll)],
    ['consumeMaxSpan', String(settings.consumeMaxSpan)],
    ['pollTimeoutMillis', String(settings.pollTimeoutMs)],
  ]);
}
