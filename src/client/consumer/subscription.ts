// Tag subscriptions as RocketMQ's FilterAPI.buildSubscriptionData builds them: "*" (or nothing)
// takes every message; otherwise the expression lists tags separated by "||", each trimmed,
// e.g. "TagA || TagB". Each tag also goes into codeSet as its Java String.hashCode, the code the
// broker compares with the consume queue's tagsCode (message-format.md §8). Brokers filter by
// code only, so a hash collision lets foreign tags through: the client keeps only messages
// whose TAGS is in tagsSet (DefaultMQPushConsumerImpl.processPullResult).
import { InvalidArgumentError } from '../../common/errors.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import { checkTopicName } from '../producer/message-validation.js';

/** SubscriptionData.SUB_ALL */
export const subscribeAll = '*';
const tagSeparator = '||';
/** ExpressionType.TAG; SQL92 is not offered (the broker has no SQL92 filter). */
export const expressionTypeTag = 'TAG';

/** %RETRY%<group>: where failed messages come back (MixAll.RETRY_GROUP_TOPIC_PREFIX). */
export const retryTopicPrefix = '%RETRY%';

export const retryTopicOf = (group: string): string => retryTopicPrefix + group;
export const isRetryTopic = (topic: string): boolean => topic.startsWith(retryTopicPrefix);

/**
 * The SubscriptionData of a topic and TAG expression; `subVersion` is the time it was made (ms),
 * which the broker compares with the pull header's subVersion. An expression naming no tag
 * ("||", " ") is refused: it could match nothing.
 */
export function buildSubscriptionData(topic: string, expression: string | undefined, subVersion: number = Date.now()): SubscriptionData {
  checkTopicName(topic);
  const data: SubscriptionData = {
    classFilterMode: false,
    topic,
    subString: subscribeAll,
    tagsSet: [],
    codeSet: [],
    subVersion,
    expressionType: expressionTypeTag,
  };
  const text = expression?.trim() ?? '';
  if (text === '' || text === subscribeAll) return data;
  if (typeof expression !== 'string') throw new InvalidArgumentError('a subscription expression is a string');
  for (const piece of expression.split(tagSeparator)) {
    const tag = piece.trim();
    if (tag === '' || data.tagsSet.includes(tag)) continue;
    data.tagsSet.push(tag);
    data.codeSet.push(javaStringHash(tag));
  }
  if (data.tagsSet.length === 0) throw new InvalidArgumentError(`the subscription expression ${JSON.stringify(expression)} names no tag`);
  data.subString = expression;
  return data;
}

/** Whether a message with these tags passes the subscription's client-side check. */
export function tagsMatch(data: SubscriptionData, tags: string | undefined): boolean {
  if (data.tagsSet.length === 0 || data.classFilterMode) return true;
  return tags !== undefined && data.tagsSet.includes(tags);
}
