// Producer settings with RocketMQ's defaults (DefaultMQProducer.java).
import { ConfigError } from '../../common/errors.js';
import type { ProducerOptions } from '../api.js';
import { backoffPolicyDefault, type BackoffPolicy } from '../retry.js';
import { latencyMaxMsDefault, notAvailableDurationMsDefault } from './fault-strategy.js';
import { checkGroupName } from './message-validation.js';

/** sendMsgTimeout */
export const sendMsgTimeoutMsDefault = 3_000;
/** retryTimesWhenSendFailed */
export const retryTimesWhenSendFailedDefault = 2;
/** compressMsgBodyOverHowmuch: bodies of at least this size are compressed. */
export const compressBodyOverBytesDefault = 4 * 1024;
/** rocketmq.message.compressLevel */
export const compressLevelDefault = 5;
/** maxMessageSize: 4 MiB, the broker's default too. */
export const messageSizeMaxBytesDefault = 4 * 1024 * 1024;
/** createTopicKey (TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC) */
export const createTopicKeyDefault = 'TBW102';
/** defaultTopicQueueNums */
export const defaultTopicQueueNumsDefault = 4;

export interface ProducerSettings {
  group: string;
  sendMsgTimeoutMs: number;
  retryTimesWhenSendFailed: number;
  retryAnotherBrokerWhenNotStoreOk: boolean;
  compressBodyOverBytes: number;
  compressLevel: number;
  messageSizeMaxBytes: number;
  createTopicKey: string;
  defaultTopicQueueNums: number;
  sendLatencyFaultEnable: boolean;
  latencyMaxMs: readonly number[];
  notAvailableDurationMs: readonly number[];
  backoff: BackoffPolicy;
}

export function resolveProducerSettings(options: ProducerOptions): ProducerSettings {
  checkGroupName(options.group);
  return {
    group: options.group,
    sendMsgTimeoutMs: integer(options.sendMsgTimeoutMs, sendMsgTimeoutMsDefault, 'sendMsgTimeoutMs', 1),
    retryTimesWhenSendFailed: integer(options.retryTimesWhenSendFailed, retryTimesWhenSendFailedDefault, 'retryTimesWhenSendFailed', 0),
    retryAnotherBrokerWhenNotStoreOk: options.retryAnotherBrokerWhenNotStoreOk ?? false,
    compressBodyOverBytes: integer(options.compressMsgBodyOverHowmuch, compressBodyOverBytesDefault, 'compressMsgBodyOverHowmuch', 0),
    compressLevel: integer(options.compressLevel, compressLevelDefault, 'compressLevel', 0, 9),
    messageSizeMaxBytes: integer(options.maxMessageSize, messageSizeMaxBytesDefault, 'maxMessageSize', 1),
    createTopicKey: options.createTopicKey ?? createTopicKeyDefault,
    defaultTopicQueueNums: integer(options.defaultTopicQueueNums, defaultTopicQueueNumsDefault, 'defaultTopicQueueNums', 1),
    sendLatencyFaultEnable: options.sendLatencyFaultEnable ?? true,
    latencyMaxMs: options.latencyMaxMs ?? latencyMaxMsDefault,
    notAvailableDurationMs: options.notAvailableDurationMs ?? notAvailableDurationMsDefault,
    backoff: { ...backoffPolicyDefault, ...options.backoff },
  };
}

function integer(value: number | undefined, fallback: number, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${key} must be an integer in [${min}, ${max}], not ${value}`, key);
  return value;
}
