// Broker: the composition root. It builds the object graph once (config, managers, store,
// remoting server, NameServer registration), hands each processor family a narrow context of
// just what it uses, and runs the scheduled tasks:
//   consumer offsets written   every flushConsumerOffsetInterval (5 s) and at stop
//   client channels scanned    every clientChannelScanIntervalMs (10 s); idle > channelExpiredTimeout -> dropped
//   NameServer registration    at start, every registerNameServerPeriod (30 s), oneway after topic changes
//   delayed messages (master)  delivered when due; delay offsets written every flushDelayOffsetInterval (10 s) and at stop
//
// Start order: metadata files load; with listenPort 0 the server listens first (the store
// writes the real port into every record's STOREHOST); the store opens and recovers; the
// processors are registered; the server listens (if not yet); the broker registers with every
// NameServer. With a fixed port nothing is accepted before recovery is done, as in RocketMQ.
// With a fixed port the broker also listens on listenPort - 2, RocketMQ's VIP channel
// (vip-channel.ts), with every processor but the pulls; a busy VIP port is logged, not fatal.
// Stop: unregister from the NameServers, stop the tasks, close the server and its connections,
// write the metadata, shut the store down cleanly.
import { createLogger, type Logger } from '../common/logger.js';
import { hostBytes } from '../common/message/message-id.js';
import { formatAddress, RemotingClient, RemotingServer, type Connection, type HostPort, type ProcessorRegistry } from '../remoting/net/index.js';
import { MessageStore } from '../store/message-store.js';
import type { MessageStoreApi } from '../store/api.js';
import { resolveBrokerConfig, storeConfigOf, type BrokerConfig } from './broker-config.js';
import { MetadataFileName, metadataFile } from './managers/config-file.js';
import { ConsumerManager, clientChannelScanIntervalMs } from './managers/consumer-manager.js';
import { ConsumerOffsetManager } from './managers/consumer-offset-manager.js';
import { ProducerManager } from './managers/producer-manager.js';
import { RebalanceLockManager } from './managers/rebalance-lock-manager.js';
import { SubscriptionGroupManager } from './managers/subscription-group-manager.js';
import { TopicConfigManager } from './managers/topic-config-manager.js';
import { registerAdminBrokerConfigRuntimeProcessors } from './processors/admin/broker-config-runtime.js';
import { registerAdminBrokerStatsDataProcessors } from './processors/admin/broker-stats-data.js';
import { registerAdminConnectionsProcessors } from './processors/admin/connections.js';
import { registerAdminConsumeTimeSpanProcessors } from './processors/admin/consume-time-span.js';
import { registerAdminConsumerCallsProcessors } from './processors/admin/consumer-calls.js';
import { registerAdminOffsetsProcessors } from './processors/admin/offsets.js';
import { registerAdminQueryConsumeQueueProcessors } from './processors/admin/query-consume-queue.js';
import { registerAdminStatsProcessors } from './processors/admin/stats.js';
import { registerAdminStoreCleanupProcessors } from './processors/admin/store-cleanup.js';
import { registerAdminSubscriptionGroupProcessors } from './processors/admin/subscription-group.js';
import { registerAdminTopicProcessors } from './processors/admin/topic.js';
import { registerClientProcessors } from './processors/client.js';
import { registerConsumerOffsetProcessors } from './processors/consumer-offset.js';
import { registerLockProcessors } from './processors/lock.js';
import { registerPullProcessors } from './processors/pull/pull.js';
import { registerQueryProcessors } from './processors/query.js';
import { registerSendProcessors } from './processors/send/send.js';
import { registerSendBackProcessors } from './processors/send-back.js';
import { BrokerStats } from './stats/broker-stats.js';
import { notifyConsumerIdsChanged } from './processors/shared/broker-to-client.js';
import { BrokerRegistrar } from './registration/broker-registrar.js';
import { DelayLevels } from './schedule/delay-levels.js';
import { ScheduleMessageService } from './schedule/schedule-message-service.js';
import { everyRegistry, vipChannelPortOf } from './vip-channel.js';

export interface BrokerOptions {
  logger?: Logger;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export class Broker {
  readonly config: BrokerConfig;
  readonly topics: TopicConfigManager;
  readonly subscriptionGroups: SubscriptionGroupManager;
  readonly offsets: ConsumerOffsetManager;
  readonly consumers: ConsumerManager<Connection>;
  readonly producers: ProducerManager<Connection>;
  readonly locks: RebalanceLockManager;
  readonly delayLevels: DelayLevels;
  readonly schedule: ScheduleMessageService;
  /** Traffic counters by topic and group (VIEW_BROKER_STATS_DATA). */
  readonly stats: BrokerStats;
  private readonly logger: Logger;
  private state: State = 'new';
  private server: RemotingServer | undefined;
  private vipServer: RemotingServer | undefined;
  private messageStore: MessageStore | undefined;
  private namesrvClient: RemotingClient | undefined;
  private registrar: BrokerRegistrar | undefined;
  private brokerAddr: string | undefined;
  /** What stop must undo: metadata is written back only if it was read, the store shut only if it started. */
  private metadataLoaded = false;
  private storeStarted = false;
  private readonly timers: NodeJS.Timeout[] = [];

  /** `config`: values for the keys of brokerConfigSchema (checked); the others keep their defaults. */
  constructor(config: Partial<BrokerConfig> = {}, options: BrokerOptions = {}) {
    this.config = resolveBrokerConfig(config);
    this.logger = options.logger ?? createLogger('broker');
    const c = this.config;
    const root = c.storePathRootDir;
    const logger = this.logger;
    this.topics = new TopicConfigManager({ config: c, file: metadataFile(root, MetadataFileName.topics), logger });
    this.subscriptionGroups = new SubscriptionGroupManager({
      autoCreateSubscriptionGroup: c.autoCreateSubscriptionGroup,
      file: metadataFile(root, MetadataFileName.subscriptionGroups),
      logger,
    });
    this.offsets = new ConsumerOffsetManager({ file: metadataFile(root, MetadataFileName.consumerOffsets), logger });
    this.consumers = new ConsumerManager({ channelExpiredTimeoutMs: c.channelExpiredTimeout, logger });
    this.producers = new ProducerManager({ channelExpiredTimeoutMs: c.channelExpiredTimeout, logger });
    this.locks = new RebalanceLockManager({ logger });
    this.delayLevels = DelayLevels.parse(c.messageDelayLevel);
    this.schedule = new ScheduleMessageService({
      delayLevels: this.delayLevels,
      file: metadataFile(root, MetadataFileName.delayOffsets),
      flushDelayOffsetIntervalMs: c.flushDelayOffsetInterval,
      logger,
    });
    this.stats = new BrokerStats(c.brokerClusterName);
    this.consumers.onConsumerIdsChanged((group, members) => this.notifyConsumerIdsChanged(group, members));
  }

  /** Starts the broker; resolves with the address it registered, "brokerIP1:port". */
  async start(): Promise<string> {
    if (this.state !== 'new') throw new Error(`the broker starts once (it is ${this.state})`);
    this.state = 'starting';
    try {
      return await this.startParts();
    } catch (error) {
      await this.stopParts();
      this.state = 'stopped';
      throw error;
    }
  }

  /** "brokerIP1:port", as registered with the NameServers (after `start()`). */
  get address(): string {
    if (this.brokerAddr === undefined) throw new Error('broker not started');
    return this.brokerAddr;
  }

  /** The address the remoting server is bound to (after `start()`). */
  get boundAddress(): HostPort {
    if (this.server === undefined) throw new Error('broker not started');
    return this.server.address();
  }

  /** The message store (after `start()`). */
  get store(): MessageStoreApi {
    if (this.messageStore === undefined) throw new Error('broker not started');
    return this.messageStore;
  }

  /** Unregisters, stops the tasks and the server, writes the metadata and shuts the store down. */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    await this.stopParts();
    this.state = 'stopped';
    this.logger.info({ brokerAddr: this.brokerAddr }, 'broker stopped');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async startParts(): Promise<string> {
    const c = this.config;
    this.topics.load();
    this.subscriptionGroups.load();
    this.offsets.load();
    this.schedule.load();
    this.metadataLoaded = true;

    const host = c.bindAddress === '' ? undefined : c.bindAddress;
    const remotingLogger = this.logger.child({ component: 'remoting' });
    const server = new RemotingServer({ host, port: c.listenPort, logger: remotingLogger });
    this.server = server;
    const vipPort = vipChannelPortOf(c.listenPort);
    const vip = vipPort === undefined ? undefined : new RemotingServer({ host, port: vipPort, logger: remotingLogger.child({ channel: 'vip' }) });
    this.vipServer = vip;
    const port = c.listenPort === 0 ? (await server.listen()).port : c.listenPort;

    const store = new MessageStore({
      config: storeConfigOf(c),
      storeHost: { address: hostBytes(c.brokerIP1), port },
      logger: this.logger.child({ component: 'store' }),
    });
    this.messageStore = store;
    await store.start();
    this.storeStarted = true;

    this.registerProcessors(server, vip, store);
    for (const each of vip === undefined ? [server] : [server, vip]) each.on('connectionClose', (connection) => this.onConnectionClose(connection));
    if (c.listenPort !== 0) await server.listen();
    if (vip !== undefined && vipPort !== undefined) await this.listenVip(vip, vipPort);

    this.brokerAddr = formatAddress(c.brokerIP1, port);
    this.startScheduledTasks();
    this.stats.start();
    if (c.enablePropertyFilter) this.logger.warn('enablePropertyFilter=true: SQL92 filtering is not implemented, SQL92 subscriptions are still refused');
    if (c.brokerRole !== 'SLAVE') this.schedule.start(store);
    this.state = 'running';
    this.logger.info(
      { brokerAddr: this.brokerAddr, vipChannelPort: this.vipServer?.address().port, brokerName: c.brokerName, cluster: c.brokerClusterName },
      'broker started',
    );
    await this.startRegistration(port);
    return this.brokerAddr;
  }

  /**
   * Each processor family gets only what it uses; one line per family. Every family serves the
   * VIP channel too, except the pulls (as in RocketMQ, whose VIP channel keeps long polling out).
   */
  private registerProcessors(server: RemotingServer, vip: RemotingServer | undefined, store: MessageStoreApi): void {
    const { topics, subscriptionGroups, offsets, consumers, producers, locks, stats } = this;
    const both: ProcessorRegistry = vip === undefined ? server : everyRegistry([server, vip]);
    registerClientProcessors(both, { topics, subscriptionGroups, consumers, producers });
    registerConsumerOffsetProcessors(both, { offsets, store });
    registerLockProcessors(both, { locks });
    registerSendBackProcessors(both, { config: this.config, subscriptionGroups, topics, store, stats, delayLevels: this.delayLevels });
    registerAdminTopicProcessors(both, { config: this.config, topics, offsets, store, stats });
    registerAdminSubscriptionGroupProcessors(both, { config: this.config, subscriptionGroups, offsets, stats });
    registerAdminStatsProcessors(both, { config: this.config, topics, offsets, consumers, store, subscriptionGroups, brokerAddr: () => this.address });
    registerAdminBrokerStatsDataProcessors(both, { stats });
    registerAdminConnectionsProcessors(both, { consumers, producers });
    registerAdminConsumerCallsProcessors(both, { config: this.config, consumers, store, logger: this.logger });
    registerAdminStoreCleanupProcessors(both, { topics, store, logger: this.logger });
    registerAdminConsumeTimeSpanProcessors(both, { config: this.config, topics, offsets, store });
    registerAdminQueryConsumeQueueProcessors(both, { consumers, store });
    registerAdminBrokerConfigRuntimeProcessors(both, { config: this.config, store, logger: this.logger });
    registerAdminOffsetsProcessors(both, { config: this.config, topics, offsets, delayOffsets: this.schedule, consumers, store, logger: this.logger });
    const storeHost = { host: this.config.brokerIP1, port: this.config.listenPort || server.address().port };
    registerSendProcessors(both, { config: this.config, storeHost, topics, subscriptionGroups, store, stats, delayLevels: this.delayLevels });
    registerPullProcessors(server, { config: this.config, topics, subscriptionGroups, consumers, offsets, store, stats, logger: this.logger });
    registerQueryProcessors(both, { config: this.config, store });
  }

  /**
   * Starts the VIP channel. A port already taken leaves the broker without it (RocketMQ would not
   * start): the main port serves every client, and only clients that use the VIP channel miss it.
   */
  private async listenVip(vip: RemotingServer, port: number): Promise<void> {
    try {
      await vip.listen();
    } catch (err) {
      this.vipServer = undefined;
      this.logger.warn({ err, port }, 'VIP channel (listenPort - 2) not listening: clients with vipChannelEnabled cannot reach this broker');
    }
  }

  private startScheduledTasks(): void {
    const c = this.config;
    this.every(c.flushConsumerOffsetInterval, () => {
      this.offsets.persist().catch((err: unknown) => this.logger.error({ err }, 'consumer offsets not persisted'));
    });
    this.every(clientChannelScanIntervalMs, () => {
      this.consumers.scanNotActiveChannel();
      this.producers.scanNotActiveChannel();
    });
  }

  private async startRegistration(port: number): Promise<void> {
    const c = this.config;
    if (c.namesrvAddr.length === 0) {
      this.logger.warn('namesrvAddr is empty: the broker registers with no NameServer, clients cannot find it');
      return;
    }
    const client = new RemotingClient({ logger: this.logger.child({ component: 'remoting' }) });
    this.namesrvClient = client;
    const registrar = new BrokerRegistrar({
      identity: {
        clusterName: c.brokerClusterName,
        brokerName: c.brokerName,
        brokerId: c.brokerId,
        brokerAddr: formatAddress(c.brokerIP1, port),
        haServerAddr: formatAddress(c.brokerIP1, port + 1),
      },
      namesrvAddrs: c.namesrvAddr,
      client,
      topics: () => this.topics.buildSerializeWrapper(),
      brokerPermission: c.brokerPermission,
      timeoutMs: c.registerBrokerTimeoutMills,
      logger: this.logger,
    });
    this.registrar = registrar;
    this.topics.onChange(() => registrar.registerAllOneway());
    await registrar.start(c.registerNameServerPeriod);
  }

  private every(intervalMs: number, task: () => void): void {
    const timer = setInterval(() => {
      try {
        task();
      } catch (err) {
        this.logger.error({ err }, 'scheduled task failed');
      }
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  private notifyConsumerIdsChanged(group: string, members: Connection[]): void {
    if (!this.config.notifyConsumerIdsChangedEnable || this.state !== 'running') return;
    for (const connection of members) {
      notifyConsumerIdsChanged(connection, group).catch((err: unknown) =>
        this.logger.debug({ err, group, remoteAddress: connection.remoteAddress }, 'NOTIFY_CONSUMER_IDS_CHANGED not sent'),
      );
    }
  }

  private onConnectionClose(connection: Connection): void {
    try {
      this.consumers.doChannelCloseEvent(connection);
      this.producers.doChannelCloseEvent(connection);
    } catch (err) {
      this.logger.error({ err, remoteAddress: connection.remoteAddress }, 'client connection close handling failed');
    }
  }

  /** Stops whatever was started; each step runs even when an earlier one failed. */
  private async stopParts(): Promise<void> {
    const steps: Array<[string, () => unknown]> = [
      ['unregister from the NameServers', () => this.registrar?.stop()],
      ['stop the scheduled tasks', () => this.timers.splice(0).forEach((timer) => clearInterval(timer))],
      ['stop sampling the stats', () => this.stats.stop()],
      ['close the remoting server', () => this.server?.close()],
      ['close the VIP channel', () => this.vipServer?.close()],
      ['close the NameServer client', () => this.namesrvClient?.close()],
      ['stop delivering delayed messages', () => this.schedule.stop()],
      ['write the metadata', () => this.metadataLoaded && Promise.all([this.offsets.persist(), this.topics.persist(), this.subscriptionGroups.persist()])],
      ['shut the store down', () => this.storeStarted && this.messageStore?.shutdown()],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (err) {
        this.logger.error({ err }, `broker stop: could not ${what}`);
      }
    }
  }
}
