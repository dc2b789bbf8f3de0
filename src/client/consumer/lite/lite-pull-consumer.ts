// The lite pull consumer (RocketMQ's DefaultLitePullConsumer): background pull loops fill a cache
// that you drain with poll() or an async iterator; you choose the queues (assign) or let the
// group's rebalance choose them (subscribe), seek, pause, and commit by yourself or
// automatically.
//
//   const consumer = createLitePullConsumer({ nameServer: '127.0.0.1:9876', group: 'G', autoCommit: false });
//   await consumer.start();
//   consumer.assign(await consumer.fetchMessageQueues('TopicA'));
//   for await (const msg of consumer.messages({ signal })) { handle(msg); }
//   await consumer.commitSync();
//   await consumer.shutdown();
//
// Consumed means: handed out by poll(), or, with messages(), the caller asked for the next
// message (or left the loop) after it. With autoCommit, poll() and messages() commit the
// consumed offsets every autoCommitIntervalMs (oneway) and shutdown commits the rest (awaited);
// without it only commitSync() commits. CONSUME_ACTIVELY in heartbeats; no %RETRY% topic.
//
// Parts: the queue table (lite-queues.ts), each queue's pull loop (lite-pull-loop.ts), the
// cache of pulled batches (lite-queue.ts), and poll() / messages() (lite-reader.ts).
import { EventEmitter } from 'node:events';
import type { Logger } from '../../../common/logger.js';
import { InvalidArgumentError } from '../../../common/errors.js';
import { mqKey, type MessageQueue } from '../../../common/message/message-queue.js';
import type { ConsumerRunningInfo } from '../../../remoting/protocol/bodies/consumer-running-info.js';
import type { ConsumerData, SubscriptionData } from '../../../remoting/protocol/bodies/heartbeat-data.js';
import { ClientStateError } from '../../errors/client-errors.js';
import { resolveClientConfig } from '../../instance/client-config.js';
import { acquireClientInstance } from '../../instance/instance-registry.js';
import type { ConsumerRegistration } from '../../instance/registrations.js';
import type {
  ConsumedMessage,
  ConsumerErrorEvent,
  ConsumerEvents,
  LitePullConsumer as LitePullConsumerApi,
  LitePullConsumerOptions,
  PollOptions,
  RebalanceEvent,
} from '../consumer-api.js';
import { consumerDataOf } from '../consumer-data.js';
import { consumerRunningInfo, litePullConsumerProperties } from '../running-info.js';
import { ConsumerRpc } from '../consumer-rpc.js';
import { resolveLitePullConsumerSettings, type LitePullConsumerSettings } from '../consumer-settings.js';
import { DelayedTasks } from '../delayed-tasks.js';
import { createOffsetStore } from '../offset-store/create-offset-store.js';
import { RebalanceScheduler } from '../rebalance/rebalance-scheduler.js';
import { rebalanceOnce, RebalanceTopicError, type RebalanceHost } from '../rebalance/rebalancer.js';
import { buildSubscriptionData } from '../subscription.js';
import type { LitePullContext } from './lite-pull-loop.js';
import { BatchCache } from './lite-queue.js';
import { LiteQueues, type LiteRun } from './lite-queues.js';
import { iterateMessages, pollBatch, type LiteReaderHost } from './lite-reader.js';

type State = 'created' | 'running' | 'stopping' | 'stopped';
type Mode = 'none' | 'subscribe' | 'assign';

const allTags = '*';

export class LitePullConsumerClient extends EventEmitter<ConsumerEvents> implements LitePullConsumerApi, ConsumerRegistration {
  readonly group: string;
  readonly clientId: string;
  private readonly options: LitePullConsumerOptions;
  private readonly settings: LitePullConsumerSettings;
  private readonly subscriptionTable = new Map<string, SubscriptionData>();
  private assignedQueues: MessageQueue[] = [];
  private readonly cache = new BatchCache();
  private readonly delays = new DelayedTasks();
  private readonly queues: LiteQueues;
  private readonly reader: LiteReaderHost;
  private mode: Mode = 'none';
  private state: State = 'created';
  private run: LiteRun | undefined;
  private startedAt = 0;
  private logger: Logger | undefined;
  private lastAutoCommitAt = Date.now();

  constructor(options: LitePullConsumerOptions) {
    super();
    this.options = options;
    this.settings = resolveLitePullConsumerSettings(options);
    this.group = this.settings.group;
    this.clientId = resolveClientConfig(options).clientId;
    const running = (): boolean => this.state === 'running';
    const failure = (operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void => this.failure(operation, queue, error);
    this.queues = new LiteQueues({ settings: this.settings, cache: this.cache, running, failure });
    this.reader = {
      cache: this.cache,
      running,
      beforeTake: () => {
        this.running();
        this.maybeAutoCommit();
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Queues

  subscribe(topic: string, expression = allTags): this {
    this.checkNotStopped();
    this.setMode('subscribe');
    this.subscriptionTable.set(topic, buildSubscriptionData(topic, expression));
    if (this.state === 'running') this.subscriptionsChanged([topic]);
    return this;
  }

  unsubscribe(topic: string): this {
    if (this.subscriptionTable.delete(topic) && this.state === 'running') this.subscriptionsChanged([]);
    return this;
  }

  assign(queues: Iterable<MessageQueue>): this {
    this.checkNotStopped();
    this.setMode('assign');
    this.assignedQueues = [...new Map([...queues].map((q) => [mqKey(q), { topic: q.topic, brokerName: q.brokerName, queueId: q.queueId }])).values()];
    for (const q of this.assignedQueues) {
      if (!this.subscriptionTable.has(q.topic)) this.subscriptionTable.set(q.topic, buildSubscriptionData(q.topic, allTags));
    }
    if (this.state === 'running') void this.applyAssignment().catch((error: unknown) => this.failure('rebalance', undefined, error));
    return this;
  }

  assignment(): MessageQueue[] {
    return this.queues.assignment();
  }

  async fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    const run = this.running();
    await run.instance.updateTopicRoute(topic);
    return run.instance.topicSubscribeQueues(topic);
  }

  pause(queues: Iterable<MessageQueue>): this {
    for (const q of queues) {
      const entry = this.queues.get(q);
      if (entry !== undefined) entry.paused = true;
    }
    return this;
  }

  resume(queues: Iterable<MessageQueue>): this {
    for (const q of queues) {
      const entry = this.queues.get(q);
      if (entry !== undefined) entry.paused = false;
    }
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  async start(): Promise<void> {
    if (this.state !== 'created') throw new ClientStateError(`consumer ${this.group} was already started`);
    const instance = acquireClientInstance(this.options);
    this.logger = instance.logger.child({ consumerGroup: this.group });
    try {
      instance.registerConsumer(this);
    } catch (error) {
      await instance.release();
      throw error;
    }
    const rpc = new ConsumerRpc(instance, this.group);
    const offsetStore = createOffsetStore(this.settings, rpc, instance.clientId);
    try {
      await offsetStore.load();
    } catch (error) {
      await instance.unregisterConsumer(this.group).catch(() => undefined);
      await instance.release();
      this.state = 'stopped';
      throw error;
    }
    const ctx: LitePullContext = {
      settings: this.settings,
      rpc,
      cache: this.cache,
      delays: this.delays,
      subscription: (topic) => this.subscriptionTable.get(topic),
      failure: (operation, entry, error) => this.failure(operation, entry.queue, error),
    };
    this.run = { instance, rpc, offsetStore, ctx, rebalance: undefined };
    this.state = 'running';
    this.startedAt = Date.now();
    await Promise.allSettled([...this.subscriptionTable.keys()].map((topic) => instance.updateTopicRoute(topic)));
    await instance.sendHeartbeatToAllBrokers().catch((error: unknown) => this.failure('rebalance', undefined, error));
    if (this.mode === 'assign') await this.applyAssignment();
    else if (this.mode === 'subscribe') this.startRebalance(this.run);
    this.logger.info({ mode: this.mode, topics: [...this.subscriptionTable.keys()] }, 'lite pull consumer started');
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') {
      if (this.state === 'created') this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const run = this.run!;
    await run.rebalance?.stop();
    const entries = this.queues.dropAll();
    this.delays.cancelAll();
    this.cache.close();
    try {
      if (this.settings.autoCommit) await this.queues.commitAll(run, false);
      else await run.offsetStore.persistAll(entries.map((e) => e.queue), { oneway: false });
    } catch (error) {
      this.failure('commitOffset', undefined, error);
    }
    this.queues.clear();
    await run.instance.unregisterConsumer(this.group);
    await run.instance.release();
    this.state = 'stopped';
    this.logger?.info('lite pull consumer shut down');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  poll(timeoutMs: number = this.settings.pollTimeoutMs, options: PollOptions = {}): Promise<ConsumedMessage[]> {
    return pollBatch(this.reader, timeoutMs, options.signal);
  }

  messages(options: PollOptions = {}): AsyncIterableIterator<ConsumedMessage> {
    return iterateMessages(this.reader, this.settings.pollTimeoutMs, options.signal);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ConsumedMessage> {
    return iterateMessages(this.reader, this.settings.pollTimeoutMs, undefined);
  }

  async seek(queue: MessageQueue, offset: number): Promise<void> {
    const run = this.running();
    const key = mqKey(queue);
    const entry = this.queues.get(queue);
    if (entry === undefined) throw new InvalidArgumentError(`queue ${key} is not read by this consumer; assign or subscribe it first`);
    if (!Number.isSafeInteger(offset)) throw new InvalidArgumentError(`seek offset must be an integer, not ${offset}`);
    const [min, max] = await Promise.all([run.rpc.minOffset(queue), run.rpc.maxOffset(queue)]);
    if (offset < min || offset > max) throw new InvalidArgumentError(`seek offset ${offset} is outside [${min}, ${max}] of ${key}`);
    if (this.queues.get(queue) !== entry || this.state !== 'running') return;
    this.queues.replace(run, entry, offset);
  }

  async seekToBegin(queue: MessageQueue): Promise<void> {
    await this.seek(queue, await this.running().rpc.minOffset(queue));
  }

  async seekToEnd(queue: MessageQueue): Promise<void> {
    await this.seek(queue, await this.running().rpc.maxOffset(queue));
  }

  async commitSync(offsets?: Iterable<readonly [MessageQueue, number]>): Promise<void> {
    const run = this.running();
    if (offsets === undefined) {
      await this.queues.commitAll(run, false);
      return;
    }
    const given = [...offsets];
    for (const [queue, offset] of given) run.offsetStore.updateOffset(queue, offset, false);
    const queues = new Map([...this.assignment(), ...given.map(([q]) => q)].map((q) => [mqKey(q), q]));
    await run.offsetStore.persistAll([...queues.values()], { oneway: false });
  }

  async committed(queue: MessageQueue): Promise<number> {
    return this.running().offsetStore.readOffset(queue, 'store');
  }

  // -------------------------------------------------------------------------------------------
  // ConsumerRegistration

  subscribedTopics(): Iterable<string> {
    return this.subscriptionTable.keys();
  }

  consumerData(): ConsumerData {
    const subscriptions = this.mode === 'subscribe' ? [...this.subscriptionTable.values()] : [];
    return consumerDataOf(this.group, 'CONSUME_ACTIVELY', this.settings, subscriptions);
  }

  onSubscribeQueuesChanged(): void {
    void this.run?.rebalance?.request();
  }

  onConsumerIdsChanged(): void {
    void this.run?.rebalance?.request();
  }

  runningInfo(): Promise<ConsumerRunningInfo> {
    const subscriptions = this.mode === 'subscribe' ? this.subscriptionTable.values() : [];
    const queues = [...this.queues.entries()].map((entry) => [entry.queue, entry] as const);
    return consumerRunningInfo(litePullConsumerProperties(this.settings, this.startedAt), subscriptions, queues, this.run?.offsetStore);
  }

  /** RESET_CONSUMER_CLIENT_OFFSET: the topic's queues read on from the broker's new offsets, as after a seek. */
  onResetOffset(topic: string, offsets: ReadonlyArray<readonly [MessageQueue, number]>): void {
    const run = this.run;
    if (this.state !== 'running' || run === undefined) return;
    for (const [queue, offset] of offsets) {
      const entry = this.queues.get(queue);
      if (entry !== undefined && queue.topic === topic) this.queues.replace(run, entry, offset);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private maybeAutoCommit(): void {
    if (!this.settings.autoCommit || Date.now() - this.lastAutoCommitAt < this.settings.autoCommitIntervalMs) return;
    this.lastAutoCommitAt = Date.now();
    this.queues.commitAll(this.run!, true).catch((error: unknown) => this.failure('commitOffset', undefined, error));
  }

  private async applyAssignment(): Promise<void> {
    const { added, removed } = await this.queues.apply(this.run!, this.assignedQueues);
    if (added.length > 0 || removed.length > 0) {
      for (const topic of new Set([...added, ...removed].map((q) => q.topic))) {
        this.rebalanced({ topic, assigned: this.assignment().filter((q) => q.topic === topic), added: added.filter((q) => q.topic === topic), removed: removed.filter((q) => q.topic === topic) });
      }
    }
  }

  private async rebalanceRound(): Promise<boolean> {
    const run = this.run;
    if (run === undefined || this.state !== 'running') return false;
    const missing = [...this.subscriptionTable.keys()].filter((topic) => run.instance.topicRoute(topic) === undefined);
    if (missing.length > 0) {
      const outcomes = await Promise.allSettled(missing.map((topic) => run.instance.updateTopicRoute(topic)));
      if (outcomes.some((o) => o.status === 'fulfilled')) await run.instance.sendHeartbeatToAllBrokers().catch(() => undefined);
    }
    return rebalanceOnce(this.rebalanceHost(run));
  }

  private rebalanceHost(run: LiteRun): RebalanceHost {
    return {
      group: this.group,
      clientId: run.instance.clientId,
      messageModel: this.settings.messageModel,
      strategy: this.settings.strategy,
      dropIdleQueues: false,
      subscriptions: () => this.subscriptionTable,
      topicQueues: (topic) => (run.instance.topicRoute(topic) === undefined ? undefined : run.instance.topicSubscribeQueues(topic)),
      consumerIds: (topic) => run.rpc.consumerIds(topic),
      heldQueues: () => [...this.queues.entries()].map((e) => ({ queue: e.queue, pullExpired: false })),
      stopQueue: async (queue) => {
        await this.queues.stop(run, queue);
        return true;
      },
      startQueue: (queue) => this.queues.start(run, queue),
      onRebalanced: (event) => this.rebalanced(event),
      onSelfMissing: () => void run.instance.sendHeartbeatToAllBrokers().catch(() => undefined),
      onTopicFailed: (topic, error) => this.failure('rebalance', undefined, new RebalanceTopicError(topic, error)),
    };
  }

  private startRebalance(run: LiteRun): void {
    run.rebalance = new RebalanceScheduler(() => this.rebalanceRound(), this.settings.rebalanceIntervalMs, (error) => this.failure('rebalance', undefined, error));
    run.rebalance.start();
  }

  private subscriptionsChanged(newTopics: string[]): void {
    const run = this.run!;
    if (run.rebalance === undefined) this.startRebalance(run);
    void (async () => {
      await Promise.allSettled(newTopics.map((topic) => run.instance.updateTopicRoute(topic)));
      await run.instance.sendHeartbeatToAllBrokers();
      await run.rebalance?.request();
    })().catch((error: unknown) => this.failure('rebalance', undefined, error));
  }

  private setMode(mode: Mode): void {
    if (this.mode !== 'none' && this.mode !== mode) throw new ClientStateError(`consumer ${this.group} already uses ${this.mode}(); subscribe and assign do not mix`);
    this.mode = mode;
  }

  private rebalanced(event: RebalanceEvent): void {
    this.logger?.info({ topic: event.topic, added: event.added.length, removed: event.removed.length, assigned: event.assigned.length }, 'queues changed');
    if (this.listenerCount('rebalance') > 0) this.emit('rebalance', event);
  }

  private failure(operation: ConsumerErrorEvent['operation'], queue: MessageQueue | undefined, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.logger?.warn({ operation, queue, err }, `consumer ${operation} failed`);
    if (this.listenerCount('failure') > 0) this.emit('failure', queue === undefined ? { operation, error: err } : { operation, messageQueue: queue, error: err });
  }

  private running(): LiteRun {
    if (this.state !== 'running') throw new ClientStateError(`consumer ${this.group} is ${this.state === 'created' ? 'not started' : 'shut down'}`);
    return this.run!;
  }

  private checkNotStopped(): void {
    if (this.state === 'stopping' || this.state === 'stopped') throw new ClientStateError(`consumer ${this.group} is shut down`);
  }
}

export function createLitePullConsumer(options: LitePullConsumerOptions): LitePullConsumerClient {
  return new LitePullConsumerClient(options);
}
