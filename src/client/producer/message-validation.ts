// Client-side checks of what a user sends (RocketMQ's Validators and Message.putUserProperty):
// bad input is refused with InvalidArgumentError before anything goes on the wire.
import { InvalidArgumentError } from '../../common/errors.js';
import { reservedPropertyKeys } from '../../common/message/property-keys.js';
import type { Message } from '../api.js';

/** TopicValidator: topic and group names are made of these characters only. */
const nameCharacters = /^[%|a-zA-Z0-9_-]+$/;
/** Validators.TOPIC_MAX_LENGTH */
export const topicNameLengthMax = 127;
/** Validators.CHARACTER_MAX_LENGTH */
export const groupNameLengthMax = 255;
/** Highest delay level accepted from users; brokers clamp to their own highest level. */
export const delayLevelMax = 0x7fffffff;

/** Topics clients may not send to (TopicValidator.NOT_ALLOWED_SEND_TOPIC_SET). */
export const notAllowedSendTopics: ReadonlySet<string> = new Set([
  'SCHEDULE_TOPIC_XXXX',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC',
  'SELF_TEST_TOPIC',
  'OFFSET_MOVED_EVENT',
]);

/** Retry topics start with this (MixAll.RETRY_GROUP_TOPIC_PREFIX). */
export const retryTopicPrefix = '%RETRY%';

export function checkTopicName(topic: unknown): asserts topic is string {
  if (typeof topic !== 'string' || topic.trim() === '') throw new InvalidArgumentError('the topic is blank');
  if (topic.length > topicNameLengthMax) throw new InvalidArgumentError(`the topic is longer than ${topicNameLengthMax} characters`);
  if (!nameCharacters.test(topic)) {
    throw new InvalidArgumentError(`the topic ${JSON.stringify(topic)} contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`);
  }
}

export function checkGroupName(group: unknown): asserts group is string {
  if (typeof group !== 'string' || group.trim() === '') throw new InvalidArgumentError('the group is blank');
  if (group.length > groupNameLengthMax) throw new InvalidArgumentError(`the group is longer than ${groupNameLengthMax} characters`);
  if (!nameCharacters.test(group)) {
    throw new InvalidArgumentError(`the group ${JSON.stringify(group)} contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`);
  }
}

/** The separators of the properties encoding may not appear inside names or values. */
const hasPropertySeparator = (text: string): boolean => text.includes('\u0001') || text.includes('\u0002');

/** Checks everything but the body size (checked on the encoded bytes). */
export function checkMessage(message: Message): void {
  if (typeof message !== 'object' || message === null) throw new InvalidArgumentError('the message is not an object');
  checkTopicName(message.topic);
  if (notAllowedSendTopics.has(message.topic)) throw new InvalidArgumentError(`sending to topic ${message.topic} is forbidden`);
  if (message.tags !== undefined) checkPropertyText('tags', message.tags);
  const keys = message.keys;
  if (typeof keys === 'string') checkPropertyText('key', keys);
  else if (keys !== undefined) for (const key of keys) checkPropertyText('key', key);
  if (message.properties !== undefined) checkUserProperties(message);
  const level = message.delayLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > delayLevelMax)) {
    throw new InvalidArgumentError(`delayLevel must be an integer >= 0, not ${level}`);
  }
  const flag = message.flag;
  if (flag !== undefined && (!Number.isInteger(flag) || flag < -0x80000000 || flag > 0x7fffffff)) {
    throw new InvalidArgumentError(`flag must be an int32, not ${flag}`);
  }
}

function checkUserProperties(message: Message): void {
  for (const [name, value] of userPropertyEntries(message)) {
    if (reservedPropertyKeys.has(name)) throw new InvalidArgumentError(`the property name ${name} is used by the system, choose another`);
    if (typeof name !== 'string' || name.trim() === '' || typeof value !== 'string' || value.trim() === '') {
      throw new InvalidArgumentError('the name or value of a property may not be blank');
    }
    if (hasPropertySeparator(name) || hasPropertySeparator(value)) {
      throw new InvalidArgumentError(`the property ${JSON.stringify(name)} contains a \\u0001 or \\u0002 separator`);
    }
  }
}

export function checkBodySize(topic: string, bodyBytes: number, maxBytes: number): void {
  if (bodyBytes === 0) throw new InvalidArgumentError(`the message body for topic ${topic} is empty`);
  if (bodyBytes > maxBytes) throw new InvalidArgumentError(`the message body (${bodyBytes} bytes) is over maxMessageSize ${maxBytes}`);
}

export function userPropertyEntries(message: Message): Iterable<[string, string]> {
  const p = message.properties;
  if (p === undefined) return [];
  return p instanceof Map ? p.entries() : Object.entries(p);
}

function checkPropertyText(what: string, text: unknown): void {
  if (typeof text !== 'string' || text === '') throw new InvalidArgumentError(`a message ${what} must be a non-empty string`);
  if (hasPropertySeparator(text)) throw new InvalidArgumentError(`a message ${what} contains a \\u0001 or \\u0002 separator`);
}
