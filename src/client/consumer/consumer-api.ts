// Public types of the consumers: the push consumer (RocketMQ's DefaultMQPushConsumer: the
// client pulls, rebalances and calls your handler) and the lite pull consumer
// (DefaultLitePullConsumer: you poll or iterate). The classes live in push/ and lite/.
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { ClientOptions, ReceivedMessage } from '../api.js';
import type { AllocateStrategyChoice } from './allocate/registry.js';

export type { AllocateStrategyChoice };

/** CLUSTERING: the group shares the queues, each message goes to one member. BROADCASTING: every member gets every message. */
export type MessageModel = 'CLUSTERING' | 'BROADCASTING';

/**
 * Where a queue is read from when the group has no committed offset for it (behaviours.md §5):
 * LAST_OFFSET: the queue's end (retry topics: their start); FIRST_OFFSET: its start;
 * TIMESTAMP: the first message stored at or after consumeTimestamp (retry topics: their end).
 * A broker answers offset 0 for a queue whose first message is still in memory, so a new group
 * reads such queues from the start whatever this says, as RocketMQ does.
 */
export type ConsumeFromWhere = 'LAST_OFFSET' | 'FIRST_OFFSET' | 'TIMESTAMP';

/** What a handler answers. A handler that returns nothing succeeded; one that throws asked for RECONSUME_LATER. */
export type ConsumeStatus = 'CONSUME_SUCCESS' | 'RECONSUME_LATER';

/** A message handed to a consumer. */
export interface ConsumedMessage extends ReceivedMessage {
  /**
   * The queue it was pulled from. For a retried message that is a queue of %RETRY%group, while
   * `topic` is the original topic again (restored from the RETRY_TOPIC property).
   */
  messageQueue: MessageQueue;
}

/** Given to a push consumer's handler with each message (or batch). */
export interface ConsumeContext {
  readonly messageQueue: MessageQueue;
  /**
   * Concurrent consumption: the delay level of the retry when the handler asks for
   * RECONSUME_LATER. 0 (default) lets the broker choose 3 + reconsumeTimes; -1 sends the message
   * straight to %DLQ%group.
   */
  delayLevelWhenNextConsume: number;
  /** Orderly consumption: how long the queue waits before the failed message is retried. */
  suspendCurrentQueueTimeMs: number;
}

type Outcome = ConsumeStatus | void | undefined;

/** Consumes one message. Resolve (or return) 'RECONSUME_LATER', or throw, to have it retried. */
export type MessageHandler = (message: ConsumedMessage, context: ConsumeContext) => Outcome | Promise<Outcome>;

/** Consumes up to consumeMessageBatchMaxSize messages of one queue at once; the answer applies to all. */
export type BatchMessageHandler = (messages: ConsumedMessage[], context: ConsumeContext) => Outcome | Promise<Outcome>;

/** Options both consumers share. */
export interface ConsumerOptions extends ClientOptions {
  group: string;
  /** CLUSTERING (default) or BROADCASTING. */
  messageModel?: MessageModel;
  /** LAST_OFFSET (default), FIRST_OFFSET or TIMESTAMP. */
  consumeFromWhere?: ConsumeFromWhere;
  /** For TIMESTAMP: ms since the epoch or a Date (default: 30 minutes before the consumer was made). */
  consumeTimestamp?: number | Date;
  /** How the group splits queues: 'AVG' (default), 'AVG_BY_CIRCLE', 'CONSISTENT_HASH', a spec or your own strategy. */
  allocateStrategy?: AllocateStrategyChoice;
  /** Most messages cached per queue before pulls pause (pullThresholdForQueue, 1000). */
  pullThresholdForQueue?: number;
  /** Most MiB of bodies cached per queue before pulls pause (pullThresholdSizeForQueue, 100). */
  pullThresholdSizeForQueueMiB?: number;
  /** Time between offset commits to the broker, or writes of the local offset file (persistConsumerOffsetInterval, 5000). */
  persistConsumerOffsetIntervalMs?: number;
  /** Time between rebalances; membership changes the brokers report trigger one at once (20000). */
  rebalanceIntervalMs?: number;
  /**
   * BROADCASTING offsets go to <offsetStoreDir>/<clientId>/<group>/offsets.json. Default:
   * ~/.rocketmq_offsets (RocketMQ's rocketmq.client.localOffsetStoreDir). Give the consumer a
   * fixed instanceName so that a restarted process finds its file again.
   */
  offsetStoreDir?: string;
}

export interface PushConsumerOptions extends ConsumerOptions {
  /** topic -> tag expression ('*' or 'TagA || TagB'); more with subscribe(). */
  subscriptions?: Readonly<Record<string, string>>;
  /** The handler (or use onMessage / onMessages). */
  handler?: MessageHandler;
  batchHandler?: BatchMessageHandler;
  /**
   * Orderly consumption: each queue is locked on its broker (LOCK_BATCH_MQ, renewed every 20 s)
   * and consumed one batch at a time, in queue order; a failure pauses the queue
   * (suspendCurrentQueueTimeMs) and retries locally, up to maxReconsumeTimes, then the message
   * goes to %DLQ%group.
   */
  orderly?: boolean;
  /** Handlers running at once over all queues (consumeThreadMax, 20). */
  consumeConcurrency?: number;
  /** Messages per handler call (consumeMessageBatchMaxSize, 1); more than 1 needs a batch handler. */
  consumeMessageBatchMaxSize?: number;
  /** Messages asked for per pull (pullBatchSize, 32). */
  pullBatchSize?: number;
  /** Concurrent consumption: pulls pause while the cached offsets of a queue span more than this (consumeConcurrentlyMaxSpan, 2000). */
  consumeConcurrentlyMaxSpan?: number;
  /** Wait between pulls of a queue (pullInterval, 0). */
  pullIntervalMs?: number;
  /**
   * Deliveries after the first before a message goes to %DLQ%group (16). Orderly default:
   * unlimited local retries, as RocketMQ (Integer.MAX_VALUE).
   */
  maxReconsumeTimes?: number;
  /** Orderly: wait before a failed message is retried (suspendCurrentQueueTimeMillis, 1000). */
  suspendCurrentQueueTimeMs?: number;
  /** Send the subscription with every pull (pull sysFlag bit 0x4) instead of relying on heartbeats (false). */
  postSubscriptionWhenPull?: boolean;
  /** shutdown() waits this long for running handlers before it commits offsets (5000). */
  awaitTerminationMs?: number;
}

/** A change of the queues a consumer reads. */
export interface RebalanceEvent {
  topic: string;
  /** Every queue of the topic this consumer reads now. */
  assigned: MessageQueue[];
  added: MessageQueue[];
  removed: MessageQueue[];
}

/** A background failure (pull, offset commit, send-back); the consumer goes on. */
export interface ConsumerErrorEvent {
  operation: 'pull' | 'rebalance' | 'commitOffset' | 'sendBack' | 'lock' | 'decode';
  messageQueue?: MessageQueue;
  error: Error;
}

export interface ConsumerEvents {
  /** After a rebalance changed this consumer's queues of a topic. */
  rebalance: [event: RebalanceEvent];
  /** Background failures; built only when someone listens. */
  failure: [event: ConsumerErrorEvent];
}

export interface PushConsumer extends AsyncDisposable {
  readonly group: string;
  /** "clientIp@instanceName" of the shared client instance (after start). */
  readonly clientId: string;
  /** Subscribes a topic ('*' or 'TagA || TagB'); also after start (then a heartbeat and a rebalance follow). */
  subscribe(topic: string, expression?: string): this;
  unsubscribe(topic: string): this;
  onMessage(handler: MessageHandler): this;
  onMessages(handler: BatchMessageHandler): this;
  /** Registers with the brokers, rebalances and starts pulling. */
  start(): Promise<void>;
  /** Stops pulling, waits for running handlers (awaitTerminationMs), commits offsets, unlocks, unregisters. */
  shutdown(): Promise<void>;
  /** The queues this consumer reads now. */
  assignment(): MessageQueue[];
  on<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
  off<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
  once<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
}

export interface LitePullConsumerOptions extends ConsumerOptions {
  /** Commit consumed offsets by themselves every autoCommitIntervalMs (true); false: call commitSync(). */
  autoCommit?: boolean;
  /** 5000 */
  autoCommitIntervalMs?: number;
  /** Messages asked for per pull (10). */
  pullBatchSize?: number;
  /** Most messages held over all queues before pulls pause (pullThresholdForAll, 10000). */
  pullThresholdForAll?: number;
  /** Pulls of a queue pause while its cached offsets span more than this (consumeMaxSpan, 2000). */
  consumeMaxSpan?: number;
  /** Default timeout of poll() (pollTimeoutMillis, 5000). */
  pollTimeoutMs?: number;
}

export interface PollOptions {
  /** Stops waiting: poll resolves with what it has (nothing). */
  signal?: AbortSignal;
}

export interface LitePullConsumer extends AsyncDisposable, AsyncIterable<ConsumedMessage> {
  readonly group: string;
  readonly clientId: string;
  /** Subscribes a topic: the group's rebalance gives this consumer its queues. Not with assign(). */
  subscribe(topic: string, expression?: string): this;
  unsubscribe(topic: string): this;
  /** Reads exactly these queues (no rebalance). Not with subscribe(). */
  assign(queues: Iterable<MessageQueue>): this;
  start(): Promise<void>;
  /** Stops pulling; with autoCommit commits what was consumed; persists offsets; unregisters. */
  shutdown(): Promise<void>;
  /** The readable queues of a topic, from its route. */
  fetchMessageQueues(topic: string): Promise<MessageQueue[]>;
  /**
   * Messages pulled so far, at least one unless `timeoutMs` (default pollTimeoutMs) passes or
   * the signal aborts first. The returned messages count as consumed.
   */
  poll(timeoutMs?: number, options?: PollOptions): Promise<ConsumedMessage[]>;
  /**
   * One message at a time; a message counts as consumed when the next one is asked for. Ends
   * (without an error) when the signal aborts or the consumer shuts down.
   */
  messages(options?: PollOptions): AsyncIterableIterator<ConsumedMessage>;
  /** The next poll of `queue` starts at `offset` (within the queue's min and max offsets). */
  seek(queue: MessageQueue, offset: number): Promise<void>;
  seekToBegin(queue: MessageQueue): Promise<void>;
  seekToEnd(queue: MessageQueue): Promise<void>;
  /** Stops pulling these queues until resume(). */
  pause(queues: Iterable<MessageQueue>): this;
  resume(queues: Iterable<MessageQueue>): this;
  /** Commits what was consumed (or the given offsets) and waits for the brokers to store it. */
  commitSync(offsets?: Iterable<readonly [MessageQueue, number]>): Promise<void>;
  /** The group's stored offset of a queue (-1 when none). */
  committed(queue: MessageQueue): Promise<number>;
  /** The queues this consumer reads now. */
  assignment(): MessageQueue[];
  on<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
  off<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
  once<E extends keyof ConsumerEvents>(event: E, listener: (...args: ConsumerEvents[E]) => void): this;
}
