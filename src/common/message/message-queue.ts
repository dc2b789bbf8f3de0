// A message queue: one queue of a topic on one broker group. RocketMQ's MessageQueue
// (org.apache.rocketmq.common.message) names it by topic, broker name and queue id; clients
// allocate, lock, pull from and commit offsets for these.

export interface MessageQueue {
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
}

/**
 * A string that names one queue, for Map and Set keys and logs. Unique because topic names
 * cannot contain '@' (RocketMQ allows only letters, digits, '%', '-', '_' and '|') and the
 * queue id is the integer after the last '@'; broker names may contain '@' ("<idc>@<name>").
 */
export function mqKey(mq: MessageQueue): string {
  return `${mq.topic}@${mq.brokerName}@${mq.queueId}`;
}

/** Java's String.compareTo: UTF-16 code units in order, then length (JS's < does the same). */
export function compareJavaStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** RocketMQ's MessageQueue.compareTo: by topic, then broker name, then queue id. */
export function compareMessageQueues(a: MessageQueue, b: MessageQueue): number {
  return compareJavaStrings(a.topic, b.topic) || compareJavaStrings(a.brokerName, b.brokerName) || a.queueId - b.queueId;
}

/** RocketMQ's MessageQueue.toString(); ConsistentHash hashes this exact text. */
export function mqJavaString(mq: MessageQueue): string {
  return `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
}
