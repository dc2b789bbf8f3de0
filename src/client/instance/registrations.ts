// What producers and consumers tell the client instance they share. The instance asks them for
// heartbeat data and the topics to keep routes for, and tells consumers about route changes and
// NOTIFY_CONSUMER_IDS_CHANGED, and asks them for their running info (GET_CONSUMER_RUNNING_INFO)
// their offsets (GET_CONSUMER_STATUS_FROM_CLIENT) and to consume a message directly
// (CONSUME_MESSAGE_DIRECTLY).
// (The push and lite-pull consumers implement ConsumerRegistration.)
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { ConsumeMessageDirectlyResult } from '../../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumerRunningInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import type { ConsumerData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { ReceivedMessage } from '../api.js';

export interface ProducerRegistration {
  readonly group: string;
}

export interface ConsumerRegistration {
  readonly group: string;
  /** Topics whose routes the instance keeps fresh (the subscriptions, %RETRY%group included). */
  subscribedTopics(): Iterable<string>;
  /** This consumer's entry in the HEART_BEAT body. */
  consumerData(): ConsumerData;
  /** A subscribed topic's readable queues changed (or were learnt for the first time). */
  onSubscribeQueuesChanged?(topic: string, queues: readonly MessageQueue[]): void;
  /** The broker said the group's membership changed: rebalance now. */
  onConsumerIdsChanged?(): void;
  /** A broker reset the group's offsets of a topic (RESET_CONSUMER_CLIENT_OFFSET, mqadmin resetOffsetByTime). */
  onResetOffset?(topic: string, offsets: ReadonlyArray<readonly [MessageQueue, number]>): void;
  /**
   * GET_CONSUMER_RUNNING_INFO: this consumer's settings (as properties), subscriptions and
   * queues; the instance adds the NameServers, the consume type and the client version.
   */
  runningInfo?(): Promise<ConsumerRunningInfo>;
  /** GET_CONSUMER_STATUS_FROM_CLIENT: the offsets this consumer holds for the topic's queues. */
  consumerStatus?(topic: string): Promise<Array<[MessageQueue, number]>>;
  /** CONSUME_MESSAGE_DIRECTLY: hand `message` (a record of broker `brokerName`) to the handler once. */
  consumeMessageDirectly?(message: ReceivedMessage, brokerName: string): Promise<ConsumeMessageDirectlyResult>;
}

/** The producer group RocketMQ clients always list in heartbeats (used for the send-back fallback). */
export const clientInnerProducerGroup = 'CLIENT_INNER_PRODUCER';
