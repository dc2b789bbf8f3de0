// Sends to a retry topic %RETRY%<group> (the client's own fallback when CONSUMER_SEND_MSG_BACK
// failed; behaviours.md §2): the group must exist (or be auto-created), and a message consumed
// maxReconsumeTimes times already goes to the group's dead-letter topic %DLQ%<group> instead,
// created on demand with one queue, perm 6, undelayed.
import { dlqTopic, retryTopicPrefix } from '../../managers/topic-names.js';

/** Remoting version of V3_4_9 (MQVersion ordinal): from it on, clients put maxReconsumeTimes in the header. */
export const maxReconsumeTimesInHeaderVersion = 121;
/** Queues of a dead-letter topic (MixAll.DLQ_NUMS_PER_GROUP). */
export const dlqQueueNums = 1;

/** The consumer group of a retry topic; undefined for other topics. */
export function groupOfRetryTopic(topic: string): string | undefined {
  return topic.startsWith(retryTopicPrefix) ? topic.slice(retryTopicPrefix.length) : undefined;
}

/**
 * The reconsume limit that applies: the header's (field l) from V3_4_9 on, else the group's
 * retryMaxTimes. Java unboxes the header value blindly (a missing one fails the send); we fall
 * back to the group's.
 */
export function maxReconsumeTimesOf(requestVersion: number, headerMax: number | undefined, groupRetryMaxTimes: number): number {
  return requestVersion >= maxReconsumeTimesInHeaderVersion && headerMax !== undefined ? headerMax : groupRetryMaxTimes;
}

/** Where a message sent to `group`'s retry topic goes: the DLQ once its reconsumes reach the limit. */
export function deadLetterTopicFor(group: string, reconsumeTimes: number, maxReconsumeTimes: number): string | undefined {
  return reconsumeTimes >= maxReconsumeTimes ? dlqTopic(group) : undefined;
}
