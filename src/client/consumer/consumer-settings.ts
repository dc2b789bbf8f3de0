// Consumer options resolved with RocketMQ's defaults (DefaultMQPushConsumer.java,
// DefaultLitePullConsumer.java) and checked: a bad value is a ConfigError naming the option.
import { ConfigError } from '../../common/errors.js';
import { checkGroupName } from '../producer/message-validation.js';
import { createAllocateStrategy } from './allocate/registry.js';
import type { AllocateStrategy } from './allocate/strategy.js';
import type { ConsumeFromWhere, ConsumerOptions, LitePullConsumerOptions, MessageModel, PushConsumerOptions } from './consumer-api.js';
import { defaultOffsetStoreDir } from './offset-store/local-offset-store.js';
import { rebalanceIntervalMsDefault } from './rebalance/rebalance-scheduler.js';

/** consumeTimestamp default: half an hour before the consumer was made. */
export const consumeTimestampLookbackMs = 30 * 60_000;
export const pullThresholdForQueueDefault = 1000;
export const pullThresholdSizeForQueueMiBDefault = 100;
export const persistConsumerOffsetIntervalMsDefault = 5_000;
/** consumeThreadMax */
export const consumeConcurrencyDefault = 20;
export const consumeMessageBatchMaxSizeDefault = 1;
/** Upper bound of consumeMessageBatchMaxSize and pullBatchSize, as RocketMQ checks. */
export const batchSizeMax = 1024;
export const pushPullBatchSizeDefault = 32;
export const consumeConcurrentlyMaxSpanDefault = 2000;
/** maxReconsumeTimes of concurrent consumption (the broker's retryMaxTimes default). */
export const maxReconsumeTimesDefault = 16;
/** Orderly default: retry locally without end (Integer.MAX_VALUE). */
export const orderlyMaxReconsumeTimesDefault = 0x7fffffff;
export const suspendCurrentQueueTimeMsDefault = 1_000;
export const awaitTerminationMsDefault = 5_000;
export const autoCommitIntervalMsDefault = 5_000;
export const litePullBatchSizeDefault = 10;
export const pullThresholdForAllDefault = 10_000;
export const consumeMaxSpanDefault = 2000;
export const pollTimeoutMsDefault = 5_000;

const consumeFromWhereValues: readonly ConsumeFromWhere[] = ['LAST_OFFSET', 'FIRST_OFFSET', 'TIMESTAMP'];
const messageModels: readonly MessageModel[] = ['CLUSTERING', 'BROADCASTING'];

export interface ConsumerSettings {
  group: string;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  consumeTimestamp: number;
  strategy: AllocateStrategy;
  pullThresholdForQueue: number;
  pullThresholdSizeForQueueBytes: number;
  persistConsumerOffsetIntervalMs: number;
  rebalanceIntervalMs: number;
  offsetStoreDir: string;
}

export interface PushConsumerSettings extends ConsumerSettings {
  orderly: boolean;
  consumeConcurrency: number;
  consumeMessageBatchMaxSize: number;
  pullBatchSize: number;
  consumeConcurrentlyMaxSpan: number;
  pullIntervalMs: number;
  maxReconsumeTimes: number;
  suspendCurrentQueueTimeMs: number;
  postSubscriptionWhenPull: boolean;
  awaitTerminationMs: number;
}

export interface LitePullConsumerSettings extends ConsumerSettings {
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  pullBatchSize: number;
  pullThresholdForAll: number;
  consumeMaxSpan: number;
  pollTimeoutMs: number;
}

export function resolveConsumerSettings(options: ConsumerOptions, now = Date.now()): ConsumerSettings {
  checkGroupName(options.group);
  const messageModel = options.messageModel ?? 'CLUSTERING';
  if (!messageModels.includes(messageModel)) throw new ConfigError(`messageModel must be CLUSTERING or BROADCASTING, not ${messageModel}`, 'messageModel');
  const consumeFromWhere = options.consumeFromWhere ?? 'LAST_OFFSET';
  if (!consumeFromWhereValues.includes(consumeFromWhere)) {
    throw new ConfigError(`consumeFromWhere must be one of ${consumeFromWhereValues.join(', ')}, not ${consumeFromWhere}`, 'consumeFromWhere');
  }
  const ts = options.consumeTimestamp;
  const consumeTimestamp = ts === undefined ? now - consumeTimestampLookbackMs : ts instanceof Date ? ts.getTime() : ts;
  if (!Number.isFinite(consumeTimestamp)) throw new ConfigError('consumeTimestamp must be a time', 'consumeTimestamp');
  return {
    group: options.group,
    messageModel,
    consumeFromWhere,
    consumeTimestamp,
    strategy: createAllocateStrategy(options.allocateStrategy),
    pullThresholdForQueue: integer(options.pullThresholdForQueue, pullThresholdForQueueDefault, 'pullThresholdForQueue', 1, 65535),
    pullThresholdSizeForQueueBytes: integer(options.pullThresholdSizeForQueueMiB, pullThresholdSizeForQueueMiBDefault, 'pullThresholdSizeForQueueMiB', 1, 1024) * 1024 * 1024,
    persistConsumerOffsetIntervalMs: integer(options.persistConsumerOffsetIntervalMs, persistConsumerOffsetIntervalMsDefault, 'persistConsumerOffsetIntervalMs', 1),
    rebalanceIntervalMs: integer(options.rebalanceIntervalMs, rebalanceIntervalMsDefault, 'rebalanceIntervalMs', 1),
    offsetStoreDir: options.offsetStoreDir ?? defaultOffsetStoreDir(),
  };
}

export function resolvePushConsumerSettings(options: PushConsumerOptions, now = Date.now()): PushConsumerSettings {
  const orderly = options.orderly ?? false;
  const settings: PushConsumerSettings = {
    ...resolveConsumerSettings(options, now),
    orderly,
    consumeConcurrency: integer(options.consumeConcurrency, consumeConcurrencyDefault, 'consumeConcurrency', 1, 1000),
    consumeMessageBatchMaxSize: integer(options.consumeMessageBatchMaxSize, consumeMessageBatchMaxSizeDefault, 'consumeMessageBatchMaxSize', 1, batchSizeMax),
    pullBatchSize: integer(options.pullBatchSize, pushPullBatchSizeDefault, 'pullBatchSize', 1, batchSizeMax),
    consumeConcurrentlyMaxSpan: integer(options.consumeConcurrentlyMaxSpan, consumeConcurrentlyMaxSpanDefault, 'consumeConcurrentlyMaxSpan', 1, 65535),
    pullIntervalMs: integer(options.pullIntervalMs, 0, 'pullIntervalMs', 0, 65535),
    maxReconsumeTimes: integer(options.maxReconsumeTimes, orderly ? orderlyMaxReconsumeTimesDefault : maxReconsumeTimesDefault, 'maxReconsumeTimes', 0, orderlyMaxReconsumeTimesDefault),
    suspendCurrentQueueTimeMs: integer(options.suspendCurrentQueueTimeMs, suspendCurrentQueueTimeMsDefault, 'suspendCurrentQueueTimeMs', 10, 30_000),
    postSubscriptionWhenPull: options.postSubscriptionWhenPull ?? false,
    awaitTerminationMs: integer(options.awaitTerminationMs, awaitTerminationMsDefault, 'awaitTerminationMs', 0),
  };
  if (options.handler !== undefined && options.batchHandler !== undefined) throw new ConfigError('give handler or batchHandler, not both', 'handler');
  if (settings.consumeMessageBatchMaxSize > 1 && options.handler !== undefined) {
    throw new ConfigError('consumeMessageBatchMaxSize > 1 needs a batchHandler', 'consumeMessageBatchMaxSize');
  }
  return settings;
}

export function resolveLitePullConsumerSettings(options: LitePullConsumerOptions, now = Date.now()): LitePullConsumerSettings {
  return {
    ...resolveConsumerSettings(options, now),
    autoCommit: options.autoCommit ?? true,
    autoCommitIntervalMs: integer(options.autoCommitIntervalMs, autoCommitIntervalMsDefault, 'autoCommitIntervalMs', 1),
    pullBatchSize: integer(options.pullBatchSize, litePullBatchSizeDefault, 'pullBatchSize', 1, batchSizeMax),
    pullThresholdForAll: integer(options.pullThresholdForAll, pullThresholdForAllDefault, 'pullThresholdForAll', 1),
    consumeMaxSpan: integer(options.consumeMaxSpan, consumeMaxSpanDefault, 'consumeMaxSpan', 1),
    pollTimeoutMs: integer(options.pollTimeoutMs, pollTimeoutMsDefault, 'pollTimeoutMs', 0),
  };
}

function integer(value: number | undefined, fallback: number, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${key} must be an integer in [${min}, ${max}], not ${value}`, key);
  return value;
}
