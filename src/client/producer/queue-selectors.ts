// Queue choice for pinned (ordered) sends. The built-in one hashes a sharding key like Java's
// SelectMessageQueueByHash given a String argument: |String.hashCode(key) % queueCount|, so a
// key lands on the same queue whether a Java or a TS producer sends it (same route, same queue
// list order: QueueDatas sorted by broker name, queue ids ascending).
import { InvalidArgumentError } from '../../common/errors.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { Message, SendOptions } from '../api.js';

export function selectByShardingKey(queues: readonly MessageQueue[], shardingKey: string): MessageQueue {
  if (queues.length === 0) throw new InvalidArgumentError('no queue to select from');
  return queues[Math.abs(javaStringHash(shardingKey) % queues.length)]!;
}

/** The queue a pinned send targets, or undefined for an unpinned send (round robin with retries). */
export function pinnedQueue(queues: readonly MessageQueue[], message: Message, options: SendOptions): MessageQueue | undefined {
  const given = [options.shardingKey, options.selector, options.messageQueue].filter((v) => v !== undefined).length;
  if (given > 1) throw new InvalidArgumentError('give at most one of shardingKey, selector and messageQueue');
  if (options.shardingKey !== undefined) {
    if (typeof options.shardingKey !== 'string') throw new InvalidArgumentError('shardingKey must be a string');
    return selectByShardingKey(queues, options.shardingKey);
  }
  if (options.selector !== undefined) {
    const mq = options.selector(queues, message, options.arg);
    if (mq === undefined || mq === null || typeof mq.brokerName !== 'string' || !Number.isInteger(mq.queueId)) {
      throw new InvalidArgumentError('the queue selector did not return a message queue');
    }
    return { topic: message.topic, brokerName: mq.brokerName, queueId: mq.queueId };
  }
  if (options.messageQueue !== undefined) {
    const mq = options.messageQueue;
    if (mq.topic !== message.topic) throw new InvalidArgumentError(`messageQueue is of topic ${mq.topic}, the message of ${message.topic}`);
    return mq;
  }
  return undefined;
}

export function isPinned(options: SendOptions): boolean {
  return options.shardingKey !== undefined || options.selector !== undefined || options.messageQueue !== undefined;
}
