// The queues a producer may send a topic's messages to, built from its route as RocketMQ's
// MQClientInstance.topicRouteData2TopicPublishInfo does:
// - with orderTopicConf ("brokerA:4;brokerB:4", from the NameServer's ORDER_TOPIC_CONFIG):
//   queues 0..n-1 of each listed broker, in that order, and the topic is ordered;
// - otherwise: QueueDatas sorted by broker name; for each writable one whose broker has a master
//   (brokerId 0) in the route, queues 0..writeQueueNums-1.
// Round-robin selection keeps one index per topic (RocketMQ's sendWhichQueue).
import type { MessageQueue } from '../../common/message/message-queue.js';
import { compareJavaStrings } from '../../common/message/message-queue.js';
import { Perm } from '../../remoting/protocol/bodies/topic-config.js';
import type { TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';

export const masterBrokerId = 0;

export const isWritable = (perm: number): boolean => (perm & Perm.write) !== 0;
export const isReadable = (perm: number): boolean => (perm & Perm.read) !== 0;

export class TopicPublishInfo {
  private index: number;

  constructor(
    readonly topic: string,
    readonly queues: readonly MessageQueue[],
    readonly orderTopic: boolean,
    readonly route: TopicRouteData,
    startIndex: number = Math.floor(Math.random() * 0x7fffffff),
  ) {
    this.index = startIndex | 0;
  }

  static fromRoute(topic: string, route: TopicRouteData, startIndex?: number): TopicPublishInfo {
    const conf = route.orderTopicConf;
    if (conf !== undefined && conf.length > 0) return new TopicPublishInfo(topic, orderedQueues(topic, conf), true, route, startIndex);
    const queues: MessageQueue[] = [];
    const queueDatas = [...route.queueDatas].sort((a, b) => compareJavaStrings(a.brokerName, b.brokerName));
    for (const qd of queueDatas) {
      if (!isWritable(qd.perm)) continue;
      const broker = route.brokerDatas.find((b) => b.brokerName === qd.brokerName);
      if (broker === undefined || !broker.brokerAddrs.has(masterBrokerId)) continue;
      for (let queueId = 0; queueId < qd.writeQueueNums; queueId++) queues.push({ topic, brokerName: qd.brokerName, queueId });
    }
    return new TopicPublishInfo(topic, queues, false, route, startIndex);
  }

  /** Whether there is at least one queue to send to. */
  get ok(): boolean {
    return this.queues.length > 0;
  }

  /** Advances the round-robin index and returns its position in `queues`. */
  nextPosition(): number {
    this.index = (this.index + 1) | 0;
    return (this.index & 0x7fffffff) % this.queues.length;
  }

  /** Next queue in round robin, skipping queues of `avoidBrokerName` while others exist. */
  selectOne(avoidBrokerName?: string): MessageQueue {
    if (avoidBrokerName !== undefined) {
      for (let i = 0; i < this.queues.length; i++) {
        const mq = this.queues[this.nextPosition()]!;
        if (mq.brokerName !== avoidBrokerName) return mq;
      }
    }
    return this.queues[this.nextPosition()]!;
  }

  /** writeQueueNums of the broker's writable QueueData, or -1 when it has none. */
  writeQueueNumsOf(brokerName: string): number {
    const qd = this.route.queueDatas.find((q) => q.brokerName === brokerName && isWritable(q.perm));
    return qd === undefined ? -1 : qd.writeQueueNums;
  }
}

function orderedQueues(topic: string, conf: string): MessageQueue[] {
  const queues: MessageQueue[] = [];
  for (const item of conf.split(';')) {
    const colon = item.lastIndexOf(':');
    const count = Number(item.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(count) || count < 0) continue;
    const brokerName = item.slice(0, colon);
    for (let queueId = 0; queueId < count; queueId++) queues.push({ topic, brokerName, queueId });
  }
  return queues;
}

/** The readable queues of a topic (RocketMQ's topicRouteData2TopicSubscribeInfo), in route order. */
export function subscribeQueuesFromRoute(topic: string, route: TopicRouteData): MessageQueue[] {
  const queues: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if (!isReadable(qd.perm)) continue;
    for (let queueId = 0; queueId < qd.readQueueNums; queueId++) queues.push({ topic, brokerName: qd.brokerName, queueId });
  }
  return queues;
}
