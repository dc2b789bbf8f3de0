// The push consumer (RocketMQ's DefaultMQPushConsumer): the client rebalances the group's queues,
// long-polls each of its queues and calls your handler; failed messages come back through
// %RETRY%group (CLUSTERING). Shares the process's client instance with producers and other
// consumers of the same client id (one consumer per group and client id).
//
//   const consumer = createPushConsumer({ nameServer: '127.0.0.1:9876', group: 'G' })
//     .subscribe('TopicA', 'TagA || TagB')
//     .onMessage(async (msg) => { console.log(msg.topic, msg.tags, msg.body.toString()); });
//   await consumer.start();
//   ...
//   await consumer.shutdown();
//
// Start: offsets loaded (BROADCASTING file), routes fetched, a heartbeat to every broker (so the
// brokers know the group, its subscriptions and create %RETRY%group), then the first rebalance.
// Background: rebalance every 20 s and on NOTIFY_CONSUMER_IDS_CHANGED or a route change; offsets
// persisted every 5 s; orderly CLUSTERING: locks renewed every 20 s.
// Shutdown: pulling stops, running handlers get awaitTerminationMs to finish, offsets are
// committed (awaited), orderly queues unlocked, the group unregistered.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../../common/logger.js';
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';
import type { ConsumerData, SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { ClientStateError } from '../../errors/client-errors.js';
import { resolveClientConfig } from '../../instance/client-config.js';
import type { ClientInstance } from '../../instance/client-instance.js';
import { acquireClientInstance } from '../../instance/instance-registry.js';
import type { ConsumerRegistration } from '../../instance/registrations.js';
import { PeriodicTask } from '../../instance/tasks/periodic-task.js';
import type {
  BatchMessageHandler,
  ConsumeContext,
  ConsumedMessage,
  ConsumerErrorEvent,
  ConsumerEvents,
  ConsumeStatus,
  MessageHandler,
  PushConsumer as PushConsumerApi,
  PushConsumerOptions,
  RebalanceEvent,
} from '../consumer-api.js';
import { consumerDataOf } from '../consumer-data.js';
import { ConsumerRpc } from '../consumer-rpc.js';
import { resolvePushConsumerSettings, type PushConsumerSettings } from '../consumer-settings.js';
import { DelayedTasks } from '../delayed-tasks.js';
import { Limiter } from '../limiter.js';
import { createOffsetStore } from '../offset-store/create-offset-store.js';
import type { OffsetStore } from '../offset-store/offset-store.js';
import { ProcessQueue } from '../process-queue.js';
import type { HeldQueue } from '../rebalance/rebalance-diff.js';
import { RebalanceScheduler } from '../rebalance/rebalance-scheduler.js';
import { RebalanceTopicError, rebalanceOnce, type RebalanceHost } from '../rebalance/rebalancer.js';
import { computeStartOffset } from '../start-offset.js';
import { buildSubscriptionData, retryTopicOf } from '../subscription.js';
import { ConcurrentConsumeService } from './consume-concurrently.js';
import { OrderlyConsumeService } from './consume-orderly.js';
import { runPullLoop } from './pull-loop.js';
import type { ConsumeService, PushContext, PushQueue } from './push-context.js';
import { QueueLocks } from './queue-locks.js';
import { RetrySender } from './retry-send.js';

/** UNLOCK_DELAY_TIME_MILLS: an orderly queue given away with messages still cached is unlocked this much later. */
export const unlockDelayMs = 20_000;
/** How long a rebalance waits for an orderly queue's running handler before giving the queue away later. */
export const orderlyStopWaitMs = 1_000;
/** After PULL_OFFSET_MOVED: the pause before the new offset is stored and the queue restarted. */
export const offsetMovedRestartDelayMs = 10_000;
/** Heartbeats asked for by failing pulls are at least this far apart. */
export const requestedHeartbeatIntervalMs = 1_000;

type State = 'created' | 'running' | 'stopping' | 'stopped';

/** What only exists while the consumer runs. */
interface Running {
  instance: ClientInstance;
  rpc: ConsumerRpc;
  offsetStore: OffsetStore;
  ctx: PushContext;
  consume: ConsumeService;
  orderly: OrderlyConsumeService | undefined;
  locks: QueueLocks;
  rebalance: RebalanceScheduler;
  persistTask: PeriodicTask;
}

export class PushConsumerClient extends EventEmitter<ConsumerEvents> implements PushConsumerApi, ConsumerRegistration {
  readonly group: string;
  readonly clientId: string;
  private readonly options: PushConsumerOptions;
  private readonly settings: PushConsumerSettings;
  private readonly subscriptionTable = new Map<string, SubscriptionData>();
  private readonly table = new Map<string, PushQueue>();
  /** Consume tasks running (tracked); `drained` is called when the count falls to 0. */
  private inflight = 0;
  private drained: (() => void) | undefined;
  private readonly delays = new DelayedTasks();
  private handler: MessageHandler | undefined;
  private batchHandler: BatchMessageHandler | undefined;
  private state: State = 'created';
  private run: Running | undefined;
  private logger: Logger | undefined;
  private lastRequestedHeartbeatAt = 0;

  constructor(options: PushConsumerOptions) {
    super();
    this.options = options;
    this.settings = resolvePushConsumerSettings(options);
    this.group = this.settings.group;
    this.clientId = resolveClientConfig(options).clientId;
    this.handler = options.handler;
    this.batchHandler = options.batchHandler;
    for (const [topic, expression] of Object.entries(options.subscriptions ?? {})) this.subscribe(topic, expression);
  }

  // -------------------------------------------------------------------------------------------
  // Configuration

  subscribe(topic: string, expression = '*'): this {
    if (this.state === 'stopping' || this.state === 'stopped') throw new ClientStateError(`consumer ${this.group} is shut down`);
    this.subscriptionTable.set(topic, buildSubscriptionData(topic, expression));
    if (this.state === 'running') this.subscriptionsChanged([topic]);
    return this;
  }

  unsubscribe(topic: string): this {
    if (this.subscriptionTable.delete(topic) && this.state === 'running') this.subscriptionsChanged([]);
    return this;
  }

  onMessage(handler: MessageHandler): this {
    this.handler = handler;
    this.batchHandler = undefined;
    return this;
  }

  onMessages(handler: BatchMessageHandler): this {
    this.batchHandler = handler;
    this.handler = undefined;
    return this;
  }

  assignment(): MessageQueue[] {
    return [...this.table.values()].filter((e) => !e.pq.dropped).map((e) => e.queue);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  async start(): Promise<void> {
    if (this.state !== 'created') throw new ClientStateError(`consumer ${this.group} was already started`);
    if (this.handler === undefined && this.batchHandler === undefined) throw new ClientStateError(`consumer ${this.group} has no handler: use onMessage()`);
    if (this.handler !== undefined && this.settings.consumeMessageBatchMaxSize > 1) {
      throw new ClientStateError(`consumer ${this.group}: consumeMessageBatchMaxSize > 1 needs onMessages()`);
    }
    const instance = acquireClientInstance(this.options);
    this.logger = instance.logger.child({ consumerGroup: this.group });
    if (this.settings.messageModel === 'CLUSTERING') {
      const retryTopic = retryTopicOf(this.group);
      this.subscriptionTable.set(retryTopic, buildSubscriptionData(retryTopic, '*'));
    }
    try {
      instance.registerConsumer(this);
    } catch (error) {
      await instance.release();
      throw error;
    }
    try {
      this.run = await this.startParts(instance);
    } catch (error) {
      await instance.unregisterConsumer(this.group).catch(() => undefined);
      await instance.release();
      this.state = 'stopped';
      throw error;
    }
    this.state = 'running';
    await this.refreshRoutes(instance, [...this.subscriptionTable.keys()]);
    await instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error));
    this.run.consume.start();
    this.run.persistTask.start();
    this.run.rebalance.start();
    this.logger.info({ subscriptions: [...this.subscriptionTable.keys()], orderly: this.settings.orderly, messageModel: this.settings.messageModel }, 'push consumer started');
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') {
      if (this.state === 'created') this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const run = this.run!;
    await run.rebalance.stop();
    await run.persistTask.stop();
    await run.consume.shutdown();
    for (const entry of this.table.values()) entry.controller.abort();
    await this.waitForHandlers(this.settings.awaitTerminationMs);
    this.delays.cancelAll();
    const held = [...this.table.values()];
    for (const entry of held) entry.pq.dropped = true;
    const queues = held.map((e) => e.queue);
    try {
      await run.offsetStore.persistAll(queues, { oneway: false });
    } catch (error) {
      this.failure('commitOffset', undefined, error);
    }
    if (this.settings.orderly && this.settings.messageModel === 'CLUSTERING' && queues.length > 0) {
      await run.locks.unlock(queues).catch((error: unknown) => this.failure('lock', undefined, error));
    }
    this.table.clear();
    await run.instance.unregisterConsumer(this.group);
    await run.instance.release();
    this.state = 'stopped';
    this.logger?.info('push consumer shut down');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  // -------------------------------------------------------------------------------------------
  // ConsumerRegistration (asked by the client instance)

  subscribedTopics(): Iterable<string> {
    return this.subscriptionTable.keys();
  }

  consumerData(): ConsumerData {
    return consumerDataOf(this.group, 'CONSUME_PASSIVELY', this.settings, this.subscriptionTable.values());
  }

  onSubscribeQueuesChanged(): void {
    void this.run?.rebalance.request();
  }

  onConsumerIdsChanged(): void {
    void this.run?.rebalance.request();
  }

  /**
   * RESET_CONSUMER_CLIENT_OFFSET (MQClientInstance.resetOffset): the topic's queues stop, take
   * the broker's new offsets, and the rebalance that follows starts them there. Results of
   * handlers still running on them are ignored (their queues are dropped).
   */
  onResetOffset(topic: string, offsets: ReadonlyArray<readonly [MessageQueue, number]>): void {
    const run = this.run;
    if (run === undefined || this.state !== 'running') return;
    void this.resetOffsets(run, topic, new Map(offsets.map(([queue, offset]) => [mqKey(queue), offset]))).catch((error: unknown) =>
      this.failure('commitOffset', undefined, error),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Parts

  private async startParts(instance: ClientInstance): Promise<Running> {
    const settings = this.settings;
    const rpc = new ConsumerRpc(instance, this.group);
    const offsetStore = createOffsetStore(settings, rpc, instance.clientId);
    await offsetStore.load();
    const ctx: PushContext = {
      settings,
      rpc,
      offsetStore,
      delays: this.delays,
      limiter: new Limiter(settings.consumeConcurrency),
      retrySender: new RetrySender(instance, this.group),
      logger: this.logger!,
      subscription: (topic) => this.subscriptionTable.get(topic),
      callHandler: (messages, context) => this.callHandler(messages, context),
      track: (task) => this.track(task),
      stopping: () => this.state !== 'running',
      failure: (operation, queue, error) => this.failure(operation, queue, error),
      requestHeartbeat: () => this.requestHeartbeat(instance),
      dropQueue: (entry) => this.dropMovedQueue(entry),
    };
    const locks = new QueueLocks(rpc, {
      processQueueOf: (queue) => this.table.get(mqKey(queue))?.pq,
      heldQueues: () => [...this.table.values()].filter((e) => !e.pq.dropped).map((e) => e.queue),
    });
    const orderly = settings.orderly ? new OrderlyConsumeService(ctx, locks) : undefined;
    const consume = orderly ?? new ConcurrentConsumeService(ctx);
    const rebalance = new RebalanceScheduler(() => this.rebalanceRound(), settings.rebalanceIntervalMs, (error) => this.failure('rebalance', undefined, error));
    const persistTask = new PeriodicTask(
      'persistOffsets',
      () => offsetStore.persistAll(this.assignment()),
      {
        initialDelayMs: settings.persistConsumerOffsetIntervalMs,
        intervalMs: settings.persistConsumerOffsetIntervalMs,
        onError: (error) => this.failure('commitOffset', undefined, error),
      },
    );
    return { instance, rpc, offsetStore, ctx, consume, orderly, locks, rebalance, persistTask };
  }

  private async rebalanceRound(): Promise<boolean> {
    const run = this.run;
    if (run === undefined || this.state !== 'running') return false;
    const missing = [...this.subscriptionTable.keys()].filter((topic) => run.instance.topicRoute(topic) === undefined);
    if (missing.length > 0 && (await this.refreshRoutes(run.instance, missing))) {
      await run.instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error));
    }
    return rebalanceOnce(this.rebalanceHost(run));
  }

  private rebalanceHost(run: Running): RebalanceHost {
    return {
      group: this.group,
      clientId: run.instance.clientId,
      messageModel: this.settings.messageModel,
      strategy: this.settings.strategy,
      dropIdleQueues: true,
      subscriptions: () => this.subscriptionTable,
      topicQueues: (topic) => (run.instance.topicRoute(topic) === undefined ? undefined : run.instance.topicSubscribeQueues(topic)),
      consumerIds: (topic) => run.rpc.consumerIds(topic),
      heldQueues: () => this.heldQueues(),
      stopQueue: (queue) => this.stopQueue(run, queue),
      startQueue: (queue) => this.startQueue(run, queue),
      onRebalanced: (event) => this.rebalanced(event),
      onSelfMissing: () => void run.instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error)),
      onTopicFailed: (topic, error) => this.failure('rebalance', undefined, new RebalanceTopicError(topic, error)),
    };
  }

  private *heldQueues(): Iterable<HeldQueue> {
    for (const entry of this.table.values()) yield { queue: entry.queue, pullExpired: entry.pq.dropped || entry.pq.isPullExpired() };
  }

  /** RocketMQ's removeUnnecessaryMessageQueue: persist and forget the offset; orderly: unlock. */
  private async stopQueue(run: Running, queue: MessageQueue): Promise<boolean> {
    const key = mqKey(queue);
    const entry = this.table.get(key);
    if (entry === undefined) return true;
    const { pq } = entry;
    pq.dropped = true;
    entry.controller.abort();
    const orderlyClustering = run.orderly !== undefined && this.settings.messageModel === 'CLUSTERING';
    if (orderlyClustering) {
      const loop = run.orderly!.runningLoop(pq);
      if (loop !== undefined && !(await settlesWithin(loop, orderlyStopWaitMs))) {
        pq.tryUnlockTimes++;
        this.logger?.warn({ queue, tryUnlockTimes: pq.tryUnlockTimes }, 'orderly queue is still consuming; it is given away at a later rebalance');
        return false;
      }
    }
    await run.offsetStore.persist(queue, { oneway: false }).catch((error: unknown) => this.failure('commitOffset', queue, error));
    run.offsetStore.removeOffset(queue);
    this.table.delete(key);
    if (orderlyClustering) {
      const unlock = async (): Promise<void> => {
        if (this.table.has(key)) return;
        await run.locks.unlock([queue]);
      };
      const onError = (error: unknown): void => this.failure('lock', queue, error);
      if (pq.hasTempMessage()) this.delays.schedule(unlockDelayMs, unlock, onError);
      else await unlock().catch(onError);
    }
    return true;
  }

  /** A new queue: lock it (orderly CLUSTERING), find its start offset, start its pull loop. */
  private async startQueue(run: Running, queue: MessageQueue): Promise<boolean> {
    const orderlyClustering = this.settings.orderly && this.settings.messageModel === 'CLUSTERING';
    try {
      if (orderlyClustering && !(await run.locks.lock(queue))) return false;
      run.offsetStore.removeOffset(queue);
      const offset = await computeStartOffset(queue, this.settings, run.offsetStore, run.rpc);
      if (this.state !== 'running') return false;
      const entry: PushQueue = { queue, pq: new ProcessQueue(), controller: new AbortController(), nextOffset: offset };
      if (orderlyClustering) {
        entry.pq.locked = true;
        entry.pq.lastLockTimestamp = Date.now();
      }
      this.table.set(mqKey(queue), entry);
      this.logger?.debug({ queue, offset }, 'queue added');
      runPullLoop(run.ctx, run.consume, entry).catch((error: unknown) => this.failure('pull', queue, error));
      return true;
    } catch (error) {
      this.failure('rebalance', queue, error);
      return false;
    }
  }

  private async resetOffsets(run: Running, topic: string, offsets: ReadonlyMap<string, number>): Promise<void> {
    this.logger?.info({ topic, queues: offsets.size }, 'offsets reset by the broker');
    for (const [key, entry] of [...this.table]) {
      const offset = offsets.get(key);
      if (entry.queue.topic !== topic || offset === undefined) continue;
      entry.pq.dropped = true;
      entry.controller.abort();
      run.offsetStore.updateOffset(entry.queue, offset, false);
      await run.offsetStore.persist(entry.queue, { oneway: false }).catch((error: unknown) => this.failure('commitOffset', entry.queue, error));
      run.offsetStore.removeOffset(entry.queue);
      this.table.delete(key);
      if (this.settings.orderly && this.settings.messageModel === 'CLUSTERING') {
        await run.locks.unlock([entry.queue]).catch((error: unknown) => this.failure('lock', entry.queue, error));
      }
    }
    await run.rebalance.request();
  }

  /** PULL_OFFSET_MOVED: stop now; after a pause store the broker's offset and let a rebalance restart the queue. */
  private dropMovedQueue(entry: PushQueue): void {
    const run = this.run!;
    entry.pq.dropped = true;
    entry.controller.abort();
    this.delays.schedule(
      offsetMovedRestartDelayMs,
      async () => {
        run.offsetStore.updateOffset(entry.queue, entry.nextOffset, false);
        await run.offsetStore.persist(entry.queue, { oneway: false });
        if (this.table.get(mqKey(entry.queue)) === entry) this.table.delete(mqKey(entry.queue));
        run.offsetStore.removeOffset(entry.queue);
        await run.rebalance.request();
      },
      (error) => this.failure('commitOffset', entry.queue, error),
    );
  }

  private requestHeartbeat(instance: ClientInstance): void {
    const now = Date.now();
    if (now - this.lastRequestedHeartbeatAt < requestedHeartbeatIntervalMs || this.state !== 'running') return;
    this.lastRequestedHeartbeatAt = now;
    instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error));
  }

  private rebalanced(event: RebalanceEvent): void {
    this.logger?.info({ topic: event.topic, added: event.added.length, removed: event.removed.length, assigned: event.assigned.length }, 'rebalanced');
    if (this.listenerCount('rebalance') > 0) this.emit('rebalance', event);
  }

  /** Subscriptions changed while running: routes, a heartbeat, a rebalance. */
  private subscriptionsChanged(newTopics: string[]): void {
    const run = this.run!;
    void (async () => {
      await this.refreshRoutes(run.instance, newTopics);
      await run.instance.sendHeartbeatToAllBrokers();
      await run.rebalance.request();
    })().catch((error: unknown) => this.failure('rebalance', undefined, error));
  }

  /** Fetches routes; resolves true when at least one was found. */
  private async refreshRoutes(instance: ClientInstance, topics: string[]): Promise<boolean> {
    const outcomes = await Promise.allSettled(topics.map((topic) => instance.updateTopicRoute(topic)));
    return outcomes.some((o) => o.status === 'fulfilled');
  }

  private async callHandler(messages: ConsumedMessage[], context: ConsumeContext): Promise<ConsumeStatus> {
    try {
      const answer = this.batchHandler !== undefined ? await this.batchHandler(messages, context) : await this.handler!(messages[0]!, context);
      if (answer === undefined || answer === 'CONSUME_SUCCESS') return 'CONSUME_SUCCESS';
      if (answer !== 'RECONSUME_LATER') this.logger?.warn({ answer }, 'handler answered neither CONSUME_SUCCESS nor RECONSUME_LATER; taken as RECONSUME_LATER');
      return 'RECONSUME_LATER';
    } catch (error) {
      this.logger?.warn({ err: error, queue: context.messageQueue, msgIds: messages.map((m) => m.msgId) }, 'handler threw; the messages will be consumed again');
      return 'RECONSUME_LATER';
    }
  }

  private track(task: Promise<void>): void {
    this.inflight++;
    task.then(this.taskDone, (error: unknown) => {
      this.failure('pull', undefined, error);
      this.taskDone();
    });
  }

  private readonly taskDone = (): void => {
    if (--this.inflight > 0) return;
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  };

  private async waitForHandlers(timeoutMs: number): Promise<void> {
    if (this.inflight === 0) return;
    const idle = new Promise<void>((resolve) => {
      this.drained = resolve;
    });
    if (!(await settlesWithin(idle, timeoutMs))) {
      this.logger?.warn({ running: this.inflight }, 'handlers still running at shutdown; their messages will be consumed again');
    }
  }

  private failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.logger?.warn({ operation, queue, err }, `consumer ${operation} failed`);
    if (this.listenerCount('failure') > 0) this.emit('failure', queue === undefined ? { operation, error: err } : { operation, messageQueue: queue, error: err });
  }
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createPushConsumer(options: PushConsumerOptions): PushConsumerClient {
  return new PushConsumerClient(options);
}
