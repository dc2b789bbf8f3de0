// Where a send may go (AbstractSendMessageProcessor.msgCheck), checked in this order:
//   broker is a master                  else SERVICE_NOT_AVAILABLE (a slave stores nothing sent)
//   broker perm has WRITE               else NO_PERMISSION
//   topic name valid                    else SYSTEM_ERROR (TopicValidator's remarks)
//   topic open to clients               else NO_PERMISSION (SCHEDULE_TOPIC_XXXX, the transaction topics, ...)
//   topic exists, or is created from the request's default topic (TBW102) when that one is
//   inheritable, or is a retry topic (created with 1 queue)     else TOPIC_NOT_EXIST
//   topic perm has WRITE                else NO_PERMISSION
//   queueId < max(writeQueueNums, readQueueNums)                else SYSTEM_ERROR
// A negative queueId asks the broker to pick one of the write queues at random.
import { ResponseCode } from '../../../common/response-code.js';
import { Perm, type TopicConfig } from '../../../remoting/protocol/bodies/topic-config.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { TopicConfigManager } from '../../managers/topic-config-manager.js';
import { isNotAllowedSendTopic, isRetryTopic, topicNameProblem } from '../../managers/topic-names.js';

/** Queues of a retry topic created by a send (createTopicInSendMessageBackMethod with 1 queue). */
export const retryTopicQueueNumsOnSend = 1;

export interface SendRefusal {
  code: number;
  remark: string;
}

export interface SendTarget {
  topicConfig: Readonly<TopicConfig>;
  queueId: number;
}

export interface SendCheckContext {
  config: Pick<BrokerConfig, 'brokerPermission' | 'brokerIP1' | 'brokerRole'>;
  topics: Pick<TopicConfigManager, 'select' | 'createTopicInSendMessageMethod' | 'createTopicInSendMessageBackMethod'>;
}

export interface SendAddress {
  topic: string;
  defaultTopic: string;
  defaultTopicQueueNums: number;
  queueId: number;
}

export function isRefusal(x: SendTarget | SendRefusal): x is SendRefusal {
  return 'code' in x;
}

/**
 * The last topic name that passed the name checks (a pure function of the name): a producer sends
 * many messages to one topic, and comparing equal strings is cheaper than the regular expression.
 */
let lastSendableTopicName: string | undefined;

/** `producer` is the client's address, for remarks; `random` picks a queue for a negative queueId. */
export function checkSendTarget(ctx: SendCheckContext, send: SendAddress, producer: string, random: () => number = Math.random): SendTarget | SendRefusal {
  const { config, topics } = ctx;
  const { topic } = send;
  if (config.brokerRole === 'SLAVE') {
    return { code: ResponseCode.SERVICE_NOT_AVAILABLE, remark: `the broker[${config.brokerIP1}] is a slave, messages are sent to its master` };
  }
  if ((config.brokerPermission & Perm.write) === 0) {
    return { code: ResponseCode.NO_PERMISSION, remark: `the broker[${config.brokerIP1}] sending message is forbidden` };
  }
  if (topic !== lastSendableTopicName) {
    const nameProblem = topicNameProblem(topic);
    if (nameProblem !== undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: nameProblem };
    if (isNotAllowedSendTopic(topic)) return { code: ResponseCode.NO_PERMISSION, remark: `Sending message to topic[${topic}] is forbidden.` };
    lastSendableTopicName = topic;
  }

  let topicConfig = topics.select(topic) ?? topics.createTopicInSendMessageMethod(topic, send.defaultTopic, send.defaultTopicQueueNums);
  if (topicConfig === undefined && isRetryTopic(topic)) {
    topicConfig = topics.createTopicInSendMessageBackMethod(topic, retryTopicQueueNumsOnSend, Perm.read | Perm.write);
  }
  if (topicConfig === undefined) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${topic}] not exist, apply first please!` };
  if ((topicConfig.perm & Perm.write) === 0) return { code: ResponseCode.NO_PERMISSION, remark: `the topic[${topic}] sending message is forbidden` };

  const queueIdLimit = Math.max(topicConfig.writeQueueNums, topicConfig.readQueueNums);
  if (send.queueId >= queueIdLimit) {
    const remark =
      `request queueId[${send.queueId}] is illegal, topic[${topic}] has writeQueueNums ${topicConfig.writeQueueNums} ` +
      `and readQueueNums ${topicConfig.readQueueNums}, Producer: ${producer}`;
    return { code: ResponseCode.SYSTEM_ERROR, remark };
  }
  if (send.queueId >= 0) return { topicConfig, queueId: send.queueId };
  if (topicConfig.writeQueueNums <= 0) return { code: ResponseCode.SYSTEM_ERROR, remark: `topic[${topic}] has no write queue` };
  return { topicConfig, queueId: Math.floor(random() * topicConfig.writeQueueNums) };
}
