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
import type { ConsumeMessageDirectlyResult } from '../../../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumerRunningInfo } from '../../../remoting/protocol/bodies/consumer-running-info.js';
import type { ConsumerData, SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { ClientStateError } from '../../errors/client-errors.js';
import { resolveClientConfig } from '../../instance/client-config.js';
import type { ClientInstance } from '../../instance/client-instance.js';
import { acquireClientInstance } from '../../instance/instance-registry.js';
import type { ReceivedMessage } from '../../api.js';
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
import { RebalanceScheduler } from '../rebalance/rebalance-scheduler.js';
import { RebalanceTopicError, rebalanceOnce, type RebalanceHost } from '../rebalance/rebalancer.js';
import { consumerRunningInfo, heldOffsets, pushConsumerProperties } from '../running-info.js';
import { buildSubscriptionData, retryTopicOf } from '../subscription.js';
import { ConcurrentConsumeService } from './consume-concurrently.js';
import { consumeDirectly } from './consume-directly.js';
import { OrderlyConsumeService } from './consume-orderly.js';
import type { PushContext } from './push-context.js';
import { PushQueues, type PushRun } from './push-queues.js';
import { QueueLocks } from './queue-locks.js';
import { ConsumeTasks } from './consume-tasks.js';
import { ConsumerStats } from './consumer-stats.js';
import { RetrySender } from './retry-send.js';

/** Heartbeats asked for by failing pulls are at least this far apart. */
export const requestedHeartbeatIntervalMs = 1_000;

type State = 'created' | 'running' | 'stopping' | 'stopped';

export class PushConsumerClient extends EventEmitter<ConsumerEvents> implements PushConsumerApi, ConsumerRegistration {
  readonly group: string;
  readonly clientId: string;
  private readonly options: PushConsumerOptions;
  private readonly settings: PushConsumerSettings;
  private readonly subscriptionTable = new Map<string, SubscriptionData>();
  private readonly queues: PushQueues;
  private readonly tasks = new ConsumeTasks((error) => this.failure('pull', undefined, error));
  private readonly delays = new DelayedTasks();
  private handler: MessageHandler | undefined;
  private batchHandler: BatchMessageHandler | undefined;
  private state: State = 'created';
  private run: PushRun | undefined;
  private startedAt = 0;
  private readonly stats: ConsumerStats;
  private logger: Logger | undefined;
  private lastRequestedHeartbeatAt = 0;

  constructor(options: PushConsumerOptions) {
    super();
    this.options = options;
    this.settings = resolvePushConsumerSettings(options);
    this.group = this.settings.group;
    this.clientId = resolveClientConfig(options).clientId;
    this.stats = new ConsumerStats(this.group);
    this.handler = options.handler;
    this.batchHandler = options.batchHandler;
    this.queues = new PushQueues({
      settings: this.settings,
      delays: this.delays,
      logger: () => this.logger,
      running: () => this.state === 'running',
      failure: (operation, queue, error) => this.failure(operation, queue, error),
    });
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
    return this.queues.assignment();
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
    this.startedAt = Date.now();
    await this.refreshRoutes(instance, [...this.subscriptionTable.keys()]);
    await instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error));
    this.run.consume.start();
    this.run.persistTask.start();
    this.run.rebalance.start();
    this.stats.start();
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
    this.stats.stop();
    await run.consume.shutdown();
    for (const entry of this.queues.entries()) entry.controller.abort();
    await this.tasks.settle(this.settings.awaitTerminationMs, this.logger);
    this.delays.cancelAll();
    const held = [...this.queues.entries()];
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
    this.queues.clear();
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

  consumeMessageDirectly(message: ReceivedMessage, brokerName: string): Promise<ConsumeMessageDirectlyResult> {
    return consumeDirectly(message, brokerName, this.group, this.settings, (messages, context) => this.invokeHandler(messages, context));
  }

  consumerStatus(topic: string): Promise<Array<[MessageQueue, number]>> {
    return heldOffsets(this.run?.offsetStore, this.assignment(), topic);
  }

  runningInfo(): Promise<ConsumerRunningInfo> {
    const queues = [...this.queues.entries()].map((entry) => [entry.queue, entry.pq] as const);
    return consumerRunningInfo(pushConsumerProperties(this.settings, this.startedAt), this.subscriptionTable.values(), queues, this.run?.offsetStore, (topic) =>
      this.stats.status(topic),
    );
  }

  /**
   * RESET_CONSUMER_CLIENT_OFFSET (MQClientInstance.resetOffset): the topic's queues stop, take
   * the broker's new offsets, and the rebalance that follows starts them there. Results of
   * handlers still running on them are ignored (their queues are dropped).
   */
  onResetOffset(topic: string, offsets: ReadonlyArray<readonly [MessageQueue, number]>): void {
    const run = this.run;
    if (run === undefined || this.state !== 'running') return;
    void this.queues.resetOffsets(run, topic, new Map(offsets.map(([queue, offset]) => [mqKey(queue), offset]))).catch((error: unknown) =>
      this.failure('commitOffset', undefined, error),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Parts

  private async startParts(instance: ClientInstance): Promise<PushRun> {
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
      stats: this.stats,
      track: (task) => this.tasks.track(task),
      stopping: () => this.state !== 'running',
      failure: (operation, queue, error) => this.failure(operation, queue, error),
      requestHeartbeat: () => this.requestHeartbeat(instance),
      dropQueue: (entry) => this.queues.dropMoved(this.run!, entry),
    };
    const locks = new QueueLocks(rpc, {
      processQueueOf: (queue) => this.queues.get(queue)?.pq,
      heldQueues: () => this.queues.assignment(),
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

  private rebalanceHost(run: PushRun): RebalanceHost {
    return {
      group: this.group,
      clientId: run.instance.clientId,
      messageModel: this.settings.messageModel,
      strategy: this.settings.strategy,
      dropIdleQueues: true,
      subscriptions: () => this.subscriptionTable,
      topicQueues: (topic) => (run.instance.topicRoute(topic) === undefined ? undefined : run.instance.topicSubscribeQueues(topic)),
      consumerIds: (topic) => run.rpc.consumerIds(topic),
      heldQueues: () => this.queues.held(),
      stopQueue: (queue) => this.queues.stop(run, queue),
      startQueue: (queue) => this.queues.start(run, queue),
      onRebalanced: (event) => this.rebalanced(event),
      onSelfMissing: () => void run.instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error)),
      onTopicFailed: (topic, error) => this.failure('rebalance', undefined, new RebalanceTopicError(topic, error)),
    };
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

  /** The handler's own answer (it throws what the handler throws). */
  private async invokeHandler(messages: ConsumedMessage[], context: ConsumeContext): Promise<unknown> {
    return this.batchHandler !== undefined ? await this.batchHandler(messages, context) : await this.handler!(messages[0]!, context);
  }

  private async callHandler(messages: ConsumedMessage[], context: ConsumeContext): Promise<ConsumeStatus> {
    const startedAt = Date.now();
    const status = await this.handlerStatus(messages, context);
    this.stats.onHandled(context.messageQueue.topic, Date.now() - startedAt, messages.length, status === 'CONSUME_SUCCESS');
    return status;
  }

  private async handlerStatus(messages: ConsumedMessage[], context: ConsumeContext): Promise<ConsumeStatus> {
    try {
      const answer = await this.invokeHandler(messages, context);
      if (answer === undefined || answer === 'CONSUME_SUCCESS') return 'CONSUME_SUCCESS';
      if (answer !== 'RECONSUME_LATER') this.logger?.warn({ answer }, 'handler answered neither CONSUME_SUCCESS nor RECONSUME_LATER; taken as RECONSUME_LATER');
      return 'RECONSUME_LATER';
    } catch (error) {
      this.logger?.warn({ err: error, queue: context.messageQueue, msgIds: messages.map((m) => m.msgId) }, 'handler threw; the messages will be consumed again');
      return 'RECONSUME_LATER';
    }
  }

  private failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.logger?.warn({ operation, queue, err }, `consumer ${operation} failed`);
    if (this.listenerCount('failure') > 0) this.emit('failure', queue === undefined ? { operation, error: err } : { operation, messageQueue: queue, error: err });
  }
}

export function createPushConsumer(options: PushConsumerOptions): PushConsumerClient {
  return new PushConsumerClient(options);
}
