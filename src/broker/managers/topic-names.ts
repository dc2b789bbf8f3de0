// Topic names with a meaning of their own (TopicValidator, MixAll) and the name rule
// (behaviours.md §1): letters, digits, '%', '|', '-', '_', at most 127 characters.

export const SystemTopic = {
  /** Template of topics created on send (AUTO_CREATE_TOPIC_KEY_TOPIC). */
  autoCreate: 'TBW102',
  schedule: 'SCHEDULE_TOPIC_XXXX',
  benchmark: 'BenchmarkTest',
  transHalf: 'RMQ_SYS_TRANS_HALF_TOPIC',
  transOpHalf: 'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  transCheckMaxTime: 'TRANS_CHECK_MAX_TIME_TOPIC',
  trace: 'RMQ_SYS_TRACE_TOPIC',
  selfTest: 'SELF_TEST_TOPIC',
  offsetMovedEvent: 'OFFSET_MOVED_EVENT',
} as const;

export const systemTopicPrefix = 'rmq_sys_';
export const retryTopicPrefix = '%RETRY%';
export const dlqTopicPrefix = '%DLQ%';
export const topicNameLengthMax = 127;

const systemTopics: ReadonlySet<string> = new Set(Object.values(SystemTopic));

/** Topics no client may send to. */
const notAllowedSendTopics: ReadonlySet<string> = new Set([
  SystemTopic.schedule,
  SystemTopic.transHalf,
  SystemTopic.transOpHalf,
  SystemTopic.transCheckMaxTime,
  SystemTopic.selfTest,
  SystemTopic.offsetMovedEvent,
]);

const validName = /^[%|a-zA-Z0-9_-]+$/;

/** Why a topic name is refused (TopicValidator's remark), or undefined when it is valid. */
export function topicNameProblem(topic: string): string | undefined {
  if (topic.trim() === '') return 'The specified topic is blank.';
  if (!validName.test(topic)) return 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$';
  if (topic.length > topicNameLengthMax) return 'The specified topic is longer than topic max length.';
  return undefined;
}

export function isSystemTopic(topic: string): boolean {
  return systemTopics.has(topic) || topic.startsWith(systemTopicPrefix);
}

export function isNotAllowedSendTopic(topic: string): boolean {
  return notAllowedSendTopics.has(topic);
}

export function retryTopic(group: string): string {
  return retryTopicPrefix + group;
}

export function dlqTopic(group: string): string {
  return dlqTopicPrefix + group;
}

export function isRetryTopic(topic: string): boolean {
  return topic.startsWith(retryTopicPrefix);
}

/** The request-reply topic of a cluster (MixAll.getReplyTopic). */
export function replyTopic(clusterName: string): string {
  return `${clusterName}_REPLY_TOPIC`;
}
