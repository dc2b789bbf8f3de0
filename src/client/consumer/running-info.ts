// A push consumer's answer to GET_CONSUMER_RUNNING_INFO (Java's consumerRunningInfo()): its
// settings as properties under the Java consumer's field names, where one has the same meaning,
// plus the PROP_* entries; its subscriptions; each assigned queue's state with the offset it
// would commit. No per-topic consume rates are kept, so statusTable is left empty.
import type { MessageQueue } from '../../common/message/message-queue.js';
import { RunningInfoProperty, type ConsumerRunningInfo, type ProcessQueueInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { MessageQueueEntries } from '../../remoting/protocol/bodies/message-queue.js';
import { consumeFromWhereWireName } from './consumer-data.js';
import type { PushConsumerSettings } from './consumer-settings.js';
import type { OffsetStore } from './offset-store/offset-store.js';
import type { ProcessQueue } from './process-queue.js';

const bytesPerMiB = 1024 * 1024;

export interface RunningQueue {
  readonly queue: MessageQueue;
  readonly pq: ProcessQueue;
}

export async function pushConsumerRunningInfo(
  settings: PushConsumerSettings,
  startedAt: number,
  subscriptions: Iterable<SubscriptionData>,
  queues: Iterable<RunningQueue>,
  offsetStore: OffsetStore | undefined,
): Promise<ConsumerRunningInfo> {
  const properties = new Map<string, string>([
    ['consumerGroup', settings.group],
    ['messageModel', settings.messageModel],
    ['consumeFromWhere', consumeFromWhereWireName[settings.consumeFromWhere]],
    ['allocateMessageQueueStrategy', settings.strategy.name],
    ['pullBatchSize', String(settings.pullBatchSize)],
    ['consumeMessageBatchMaxSize', String(settings.consumeMessageBatchMaxSize)],
    ['pullThresholdForQueue', String(settings.pullThresholdForQueue)],
    ['pullThresholdSizeForQueue', String(Math.floor(settings.pullThresholdSizeForQueueBytes / bytesPerMiB))],
    ['consumeConcurrentlyMaxSpan', String(settings.consumeConcurrentlyMaxSpan)],
    ['pullInterval', String(settings.pullIntervalMs)],
    ['maxReconsumeTimes', String(settings.maxReconsumeTimes)],
    ['suspendCurrentQueueTimeMillis', String(settings.suspendCurrentQueueTimeMs)],
    ['persistConsumerOffsetInterval', String(settings.persistConsumerOffsetIntervalMs)],
    ['postSubscriptionWhenPull', String(settings.postSubscriptionWhenPull)],
    [RunningInfoProperty.consumeOrderly, String(settings.orderly)],
    [RunningInfoProperty.threadPoolCoreSize, String(settings.consumeConcurrency)],
    [RunningInfoProperty.consumerStartTimestamp, String(startedAt)],
  ]);
  const mqTable: MessageQueueEntries<ProcessQueueInfo> = [];
  for (const { queue, pq } of queues) {
    const commitOffset = offsetStore === undefined ? -1 : await offsetStore.readOffset(queue, 'memory');
    mqTable.push([queue, pq.info(commitOffset)]);
  }
  return { properties, subscriptionSet: [...subscriptions], mqTable, statusTable: new Map() };
}
