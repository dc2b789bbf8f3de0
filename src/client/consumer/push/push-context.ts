// What the parts of a push consumer share (a narrow context instead of the consumer itself):
// settings, broker calls, the offset store, delayed tasks, the handler call and failure
// reporting. Plus the record of one queue being read.
import type { Logger } from '../../../common/logger.js';
import type { MessageQueue } from '../../../common/message/message-queue.js';
import type { SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import type { ConsumeContext, ConsumedMessage, ConsumerErrorEvent, ConsumeStatus } from '../consumer-api.js';
import type { PushConsumerSettings } from '../consumer-settings.js';
import type { ConsumerRpc } from '../consumer-rpc.js';
import type { DelayedTasks } from '../delayed-tasks.js';
import type { Limiter } from '../limiter.js';
import type { OffsetStore } from '../offset-store/offset-store.js';
import type { ProcessQueue } from '../process-queue.js';
import type { ConsumerStats } from './consumer-stats.js';
import type { RetrySender } from './retry-send.js';

/** A queue this consumer reads: its cache and flags, the offset of the next pull, and what stops its pull loop. */
export interface PushQueue {
  readonly queue: MessageQueue;
  readonly pq: ProcessQueue;
  /** Aborted when the queue is dropped or the consumer stops. */
  readonly controller: AbortController;
  nextOffset: number;
}

export interface PushContext {
  readonly settings: PushConsumerSettings;
  readonly rpc: ConsumerRpc;
  readonly offsetStore: OffsetStore;
  readonly delays: DelayedTasks;
  readonly limiter: Limiter;
  readonly retrySender: RetrySender;
  readonly stats: Pick<ConsumerStats, 'onPullFound'>;
  readonly logger: Logger;
  /** The subscription of a topic (the %RETRY% one included), if subscribed. */
  subscription(topic: string): SubscriptionData | undefined;
  /** Calls the user's handler; a throw or an unknown answer is RECONSUME_LATER. */
  callHandler(messages: ConsumedMessage[], context: ConsumeContext): Promise<ConsumeStatus>;
  /** Keeps a consume task so that shutdown can wait for it. */
  track(task: Promise<void>): void;
  /** The consumer is stopping: start no handler. */
  stopping(): boolean;
  failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void;
  /** The broker lacks our subscription (e.g. it restarted): send a heartbeat soon (coalesced). */
  requestHeartbeat(): void;
  /** Drops a queue whose offset moved and lets the next rebalance take it again (PULL_OFFSET_MOVED). */
  dropQueue(entry: PushQueue): void;
}

/** How pulled messages reach the handler: concurrently or orderly. */
export interface ConsumeService {
  start(): void;
  /** `dispatch`: ProcessQueue.putMessages said a consume loop must start (orderly). */
  submit(messages: ConsumedMessage[], entry: PushQueue, dispatch: boolean): void;
  /** Stops the periodic work; shutdown unlocks and so on after this. */
  shutdown(): Promise<void>;
}
