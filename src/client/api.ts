// Public types of the client SDK: what users write and what they get back. Classes in
// instance/, producer/, admin/ (and consumer/) implement these interfaces; the admin client's
// types are in admin-api.ts and exported from here too.
import type { Logger } from '../common/logger.js';
import type { MessageQueue } from '../common/message/message-queue.js';
import type { BrokerStatsData, BrokerStatsItem } from '../remoting/protocol/bodies/broker-stats-data.js';
import type { ClusterInfo } from '../remoting/protocol/bodies/cluster-info.js';
import type { ConsumeStats, ConsumeStatsList, TopicStatsTable } from '../remoting/protocol/bodies/consume-stats.js';
import type { ConsumerConnection, ProducerConnection } from '../remoting/protocol/bodies/connection.js';
import type { ConsumeMessageDirectlyResult } from '../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumerRunningInfo } from '../remoting/protocol/bodies/consumer-running-info.js';
import type { ProducerInfo } from '../remoting/protocol/bodies/producer-table-info.js';
import type { QueryConsumeQueueResponseBody } from '../remoting/protocol/bodies/query-consume-queue.js';
import type { QueueTimeSpan } from '../remoting/protocol/bodies/consume-time-span.js';
import type { ConsumerOffsetSerializeWrapper, DelayOffsetSerializeWrapper } from '../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { MessageQueueEntries } from '../remoting/protocol/bodies/message-queue.js';
import type { SubscriptionGroupConfig, SubscriptionGroupWrapper } from '../remoting/protocol/bodies/subscription-group.js';
import type { TopicConfigSerializeWrapper } from '../remoting/protocol/bodies/topic-config.js';
import type { TopicList } from '../remoting/protocol/bodies/topic-list.js';
import type { TopicRouteData } from '../remoting/protocol/bodies/topic-route-data.js';
import type { BackoffPolicy } from './retry.js';

export type { MessageQueue, TopicRouteData, ClusterInfo, ConsumeStats, ConsumeStatsList, TopicStatsTable, ConsumerConnection, ConsumerRunningInfo, ConsumeMessageDirectlyResult, ProducerConnection, ProducerInfo, QueryConsumeQueueResponseBody, QueueTimeSpan };
export type { SubscriptionGroupConfig, SubscriptionGroupWrapper, TopicConfigSerializeWrapper, TopicList, MessageQueueEntries };
export type { ConsumerOffsetSerializeWrapper, DelayOffsetSerializeWrapper, BackoffPolicy, Logger, BrokerStatsData, BrokerStatsItem };

// ---------------------------------------------------------------------------------------------
// Client instance

/**
 * Options every client (producer, consumer, admin) shares. Clients of one process with the same
 * client id (clientIp@instanceName) share one client instance: one connection per server, one
 * route cache, one heartbeat.
 */
export interface ClientOptions {
  /** NameServer addresses: "host:port", a list of them, or RocketMQ's "a:9876;b:9876". */
  nameServer?: string | readonly string[];
  /** RocketMQ's key for the same ("a:9876;b:9876"). Default: the NAMESRV_ADDR environment variable. */
  namesrvAddr?: string;
  /** Default: the process id and a hash of the NameServer list, so one instance per NameServer set. */
  instanceName?: string;
  /** The address put in the client id and in message ids. Default: the first non-internal IPv4. */
  clientIp?: string;
  /** Timeout of each call to a NameServer or broker (RocketMQ's mqClientApiTimeout, 3000). */
  requestTimeoutMs?: number;
  /** Route refresh interval (pollNameServerInterval, 30000). */
  pollNameServerIntervalMs?: number;
  /** Heartbeat interval (heartbeatBrokerInterval, 30000). */
  heartbeatBrokerIntervalMs?: number;
  /**
   * Where the client logs, its connections' lines included (those carry component "remoting");
   * default: JSON lines on stderr at RMQ_LOG_LEVEL.
   */
  logger?: Logger;
}

// ---------------------------------------------------------------------------------------------
// Messages

export type MessageBody = Buffer | Uint8Array | string;

/** A message to send. Strings are sent as UTF-8. */
export interface Message {
  topic: string;
  body: MessageBody;
  /** One tag (TAGS), used by consumers' tag filters. */
  tags?: string;
  /** Keys indexed by the broker (KEYS, joined with a space). */
  keys?: string | readonly string[];
  /** User properties; RocketMQ's reserved names (TAGS, KEYS, UNIQ_KEY, DELAY, ...) are refused. */
  properties?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  /** Delay level 1..18 (1 s .. 2 h with the broker's default messageDelayLevel); 0 = none. */
  delayLevel?: number;
  /** User flag stored with the message (Message.flag). */
  flag?: number;
  /** Whether the broker waits for flush/replication before answering (WAIT, default true). */
  waitStoreMsgOk?: boolean;
}

/** A message read back from a broker (consumers, admin queries). */
export interface ReceivedMessage {
  topic: string;
  /** Inflated when the producer compressed it. */
  body: Buffer;
  tags: string | undefined;
  keys: string[];
  /** Every property, reserved ones included. */
  properties: ReadonlyMap<string, string>;
  /** UNIQ_KEY (the producer's id) when present, else offsetMsgId. */
  msgId: string;
  /** Store host + commit-log offset, as the broker makes it. */
  offsetMsgId: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  bornTimestamp: number;
  storeTimestamp: number;
  /** "ip:port" */
  bornHost: string;
  /** "ip:port" */
  storeHost: string;
  reconsumeTimes: number;
  flag: number;
  sysFlag: number;
  bodyCrc: number;
  preparedTransactionOffset: number;
}

// ---------------------------------------------------------------------------------------------
// Producer

export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

export interface SendResult {
  /** Anything but SEND_OK still means stored (codes.md §2). */
  status: SendStatus;
  /** The client-made unique id (UNIQ_KEY). */
  msgId: string;
  /** The broker-made id (store host + commit-log offset). */
  offsetMsgId: string;
  messageQueue: MessageQueue;
  queueOffset: number;
  /** MSG_REGION of the answering broker. */
  regionId?: string;
  /** TRACE_ON of the answering broker. */
  traceOn?: boolean;
  transactionId?: string;
}

/** The result of one SEND_BATCH_MESSAGE request (a batch larger than 4 MiB takes several). */
export interface BatchSendResult {
  status: SendStatus;
  /** UNIQ_KEY of each message of this request, in order. */
  msgIds: string[];
  /** Broker ids of each message of this request, in order. */
  offsetMsgIds: string[];
  messageQueue: MessageQueue;
  /** Queue offset of the first message; the others follow consecutively. */
  queueOffset: number;
  regionId?: string;
  traceOn?: boolean;
}

/** Chooses a queue for a message (ordered sends). Gets the topic's writable queues in route order. */
export type MessageQueueSelector<A = unknown> = (queues: readonly MessageQueue[], message: Message, arg: A) => MessageQueue;

/**
 * Where a send goes. Nothing: round robin over the topic's writable queues with latency-based
 * fault avoidance and retries on another broker. The others pin the queue (ordered messages):
 * - shardingKey: queue = |javaStringHash(key) % queueCount| (Java's SelectMessageQueueByHash on a
 *   String argument), so Java and TS producers put a key on the same queue;
 * - selector(queues, message, arg): your choice;
 * - messageQueue: exactly this queue.
 * Pinned sends are retried only after 'backoff' and 'refreshRoute' failures, never moved to
 * another broker, so that order per key holds.
 */
export type QueueTarget =
  | { shardingKey?: undefined; selector?: undefined; messageQueue?: undefined }
  | { shardingKey: string; selector?: undefined; messageQueue?: undefined }
  | { shardingKey?: undefined; selector: MessageQueueSelector; arg?: unknown; messageQueue?: undefined }
  | { shardingKey?: undefined; selector?: undefined; messageQueue: MessageQueue };

export type SendOptions = QueueTarget & {
  /**
   * Stops waiting and retrying; the promise rejects with `signal.reason`. A request already
   * written may still be stored by the broker.
   */
  signal?: AbortSignal;
  /** Budget for the whole send, retries included (default sendMsgTimeoutMs). */
  timeoutMs?: number;
};

export interface ProducerOptions extends ClientOptions {
  group: string;
  /** Budget of one send, retries included (sendMsgTimeout, 3000). */
  sendMsgTimeoutMs?: number;
  /** Extra attempts after a failed send, on another broker when possible (2). */
  retryTimesWhenSendFailed?: number;
  /** Also resend on another broker when the status is not SEND_OK (false). */
  retryAnotherBrokerWhenNotStoreOk?: boolean;
  /** Bodies of at least this many bytes are zlib-compressed (4096). */
  compressMsgBodyOverHowmuch?: number;
  /** zlib level 0..9 (5). */
  compressLevel?: number;
  /** Largest body accepted, and largest batch request body (4 MiB). */
  maxMessageSize?: number;
  /** Template topic for auto-creation ("TBW102"). */
  createTopicKey?: string;
  /** Queues per broker of an auto-created topic (4). */
  defaultTopicQueueNums?: number;
  /** Latency-based fault avoidance (RocketMQ's MQFaultStrategy; Java's default is false, ours true). */
  sendLatencyFaultEnable?: boolean;
  /** Latency thresholds (ms) of the fault strategy. */
  latencyMaxMs?: readonly number[];
  /** How long (ms) a broker is avoided after a send that took at least the matching latencyMaxMs. */
  notAvailableDurationMs?: readonly number[];
  /** Waits between retries after 'backoff' failures (SYSTEM_BUSY, ...). */
  backoff?: Partial<BackoffPolicy>;
  /**
   * Auto-batching (RocketMQ 5's setAutoBatch; off by default): plain sends to one topic are held
   * and go out together as one SEND_BATCH_MESSAGE; each send() still resolves with its own
   * message's result (msgId, offsetMsgId, queueOffset). `true` takes the defaults below. Sends
   * pinned to a queue, with a signal or their own timeoutMs, a delay level, a compressed body or
   * to a retry topic always go alone, after what is held for their topic: a one-queue topic
   * stores every send in call order. A failed batch rejects each of its sends with its error.
   */
  autoBatch?: boolean | AutoBatchOptions;
}

export interface AutoBatchOptions {
  /** How long a batch may wait for more sends (0: until the end of the current event-loop turn; at most 30,000). */
  maxDelayMs?: number;
  /** A batch goes out as soon as its request body reaches this many bytes (32 KiB; at most 2 MiB). */
  maxBytes?: number;
  /** While this many bytes are held or sent and not yet answered, further sends go out alone (32 MiB). */
  totalMaxBytes?: number;
}

interface SendAttemptBase {
  /** 'send' (sync), 'oneway' or 'batch'. */
  kind: 'send' | 'oneway' | 'batch';
  topic: string;
  messageQueue: MessageQueue;
  brokerAddr: string;
  /** 0 for the first attempt. */
  attempt: number;
  latencyMs: number;
}

/** One attempt of a send, successful or not. */
export type SendAttemptEvent = SendAttemptBase & ({ outcome: 'ok'; status: SendStatus } | { outcome: 'error'; error: Error });

export interface ProducerEvents {
  /** After every attempt. Built only when someone listens. */
  send: [event: SendAttemptEvent];
}

export interface Producer extends AsyncDisposable {
  readonly group: string;
  /** "clientIp@instanceName" of the shared client instance. */
  readonly clientId: string;
  start(): Promise<void>;
  /** Unregisters from every broker (UNREGISTER_CLIENT) and releases the client instance. */
  shutdown(): Promise<void>;
  send(message: Message, options?: SendOptions): Promise<SendResult>;
  /** One attempt, no answer awaited: resolves once the request is written. */
  sendOneway(message: Message, options?: SendOptions): Promise<void>;
  /**
   * Sends messages of one topic (no delay, not a retry topic) as SEND_BATCH_MESSAGE requests of at
   * most maxMessageSize bytes each; one result per request, in order.
   */
  sendBatch(messages: readonly Message[], options?: SendOptions): Promise<BatchSendResult[]>;
  on<E extends keyof ProducerEvents>(event: E, listener: (...args: ProducerEvents[E]) => void): this;
  off<E extends keyof ProducerEvents>(event: E, listener: (...args: ProducerEvents[E]) => void): this;
}

export type * from './admin-api.js';
