// The client instance (RocketMQ's MQClientInstance): what the producers, consumers and admin
// clients of one process share when they have the same client id. It owns the remoting
// connections, the NameServer choice, the route cache with the broker address table, the
// heartbeats and the route refresh, and the registered producer and consumer groups; the
// requests brokers send to it go to those consumers (broker-requests.ts).
// Instances are made and shared by instance-registry.ts; each client releases its share and
// the last release shuts the instance down.
import { EventEmitter } from 'node:events';
import { InvalidArgumentError } from '../../common/errors.js';
import { createLogger, type Logger } from '../../common/logger.js';
import type { MessageQueue } from '../../common/message/message-queue.js';
import { ResponseCode } from '../../common/response-code.js';
import { RemotingClient } from '../../remoting/net/remoting-client.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { encodeHeartbeatData, type HeartbeatData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import { decodeTopicRouteData, type TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { UnregisterClientRequestHeader } from '../../remoting/protocol/headers/client.js';
import { GetRouteInfoRequestHeader } from '../../remoting/protocol/headers/namesrv.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { ClientOptions } from '../api.js';
import { TopicNotExistError } from '../errors/broker-response-errors.js';
import { ClientStateError } from '../errors/client-errors.js';
import { errorFromResponse } from '../errors/response-error-table.js';
import { BrokerAddressTable, type BrokerAddress } from './broker-address-table.js';
import { registerBrokerRequestHandlers } from './broker-requests.js';
import { heartbeatInitialDelayMs, resolveClientConfig, routeRefreshInitialDelayMs, type ClientConfig } from './client-config.js';
import { NameServerSelector, type NameServerSwitch } from './name-server-selector.js';
import { clientInnerProducerGroup, type ConsumerRegistration, type ProducerRegistration } from './registrations.js';
import { clientRequest } from './requests.js';
import { heartbeatTask, sendHeartbeatToAllBrokers, type HeartbeatContext } from './tasks/heartbeat-task.js';
import type { PeriodicTask } from './tasks/periodic-task.js';
import { refreshAllTopicRoutes, routeRefreshTask, type RouteRefreshContext } from './tasks/route-refresh-task.js';
import { subscribeQueuesFromRoute, type TopicPublishInfo } from './topic-publish-info.js';
import { TopicRouteCache, type AutoCreateTopic } from './topic-route-cache.js';

export type { AutoCreateTopic } from './topic-route-cache.js';

export type HeartbeatOutcome = { version: number } | { error: unknown };

export interface ClientInstanceEvents {
  routeChanged: [topic: string, route: TopicRouteData];
  nameServerSwitched: [event: NameServerSwitch];
  heartbeat: [broker: BrokerAddress, outcome: HeartbeatOutcome];
}

export interface InvokeOptions {
  timeoutMs?: number;
  /** Response codes that are answers, not failures (default: SUCCESS only). */
  accept?: readonly number[];
}

const successOnly: readonly number[] = [ResponseCode.SUCCESS];

export class ClientInstance extends EventEmitter<ClientInstanceEvents> {
  readonly config: ClientConfig;
  readonly clientId: string;
  readonly remoting: RemotingClient;
  readonly nameServers: NameServerSelector;
  readonly brokers = new BrokerAddressTable();
  readonly logger: Logger;
  private readonly routes: TopicRouteCache;
  private readonly brokerVersions = new Map<string, number>();
  private readonly producers = new Map<string, ProducerRegistration>();
  private readonly consumers = new Map<string, ConsumerRegistration>();
  private readonly tasks: PeriodicTask[];
  private readonly onClosed: ((instance: ClientInstance) => void) | undefined;
  private shares = 0;
  private closed = false;

  constructor(options: ClientOptions, onClosed?: (instance: ClientInstance) => void) {
    super();
    this.config = resolveClientConfig(options);
    this.clientId = this.config.clientId;
    this.logger = options.logger ?? createLogger('client');
    this.remoting = new RemotingClient({ logger: this.logger.child({ component: 'remoting' }) });
    this.nameServers = new NameServerSelector(this.config.nameServers, Math.random, (event) => {
      this.logger.warn({ from: event.from, to: event.to, err: event.error }, 'NameServer unreachable, switching');
      if (this.listenerCount('nameServerSwitched') > 0) this.emit('nameServerSwitched', event);
    });
    this.onClosed = onClosed;
    this.routes = new TopicRouteCache({
      fetchTopicRoute: (topic) => this.fetchTopicRoute(topic),
      routeStored: (topic, route, changed) => this.routeStored(topic, route, changed),
    });
    registerBrokerRequestHandlers(this.remoting, { consumer: (group) => this.consumers.get(group), nameServers: this.config.nameServers });
    this.tasks = [
      routeRefreshTask(this.routeRefreshContext(), routeRefreshInitialDelayMs, this.config.pollNameServerIntervalMs),
      heartbeatTask(this.heartbeatContext(), heartbeatInitialDelayMs, this.config.heartbeatBrokerIntervalMs, (error) =>
        this.logger.warn({ err: error }, 'heartbeat round failed'),
      ),
    ];
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  /** Takes a share of the instance; the first share starts the background tasks. */
  retain(): void {
    if (this.closed) throw new ClientStateError(`client instance ${this.clientId} is shut down`);
    if (this.shares++ === 0) for (const task of this.tasks) task.start();
  }

  /** Gives a share back; the last one shuts the instance down (tasks stopped, connections closed). */
  async release(): Promise<void> {
    if (this.closed || this.shares === 0) return;
    if (--this.shares > 0) return;
    this.closed = true;
    this.onClosed?.(this);
    await Promise.all(this.tasks.map((task) => task.stop()));
    this.remoting.close();
    this.logger.debug({ clientId: this.clientId }, 'client instance shut down');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // -------------------------------------------------------------------------------------------
  // Producers and consumers

  registerProducer(producer: ProducerRegistration): void {
    this.checkOpen();
    if (this.producers.has(producer.group)) {
      throw new InvalidArgumentError(`producer group ${producer.group} is already registered in client instance ${this.clientId}; give one of them another instanceName`);
    }
    this.producers.set(producer.group, producer);
  }

  /** Forgets the group and sends UNREGISTER_CLIENT for it to every known broker. */
  async unregisterProducer(group: string): Promise<void> {
    if (!this.producers.delete(group)) return;
    if (this.producers.size === 0) this.routes.publishedTopics.clear();
    await this.unregisterClient({ producerGroup: group });
  }

  registerConsumer(consumer: ConsumerRegistration): void {
    this.checkOpen();
    if (this.consumers.has(consumer.group)) {
      throw new InvalidArgumentError(`consumer group ${consumer.group} is already registered in client instance ${this.clientId}; give one of them another instanceName`);
    }
    this.consumers.set(consumer.group, consumer);
  }

  async unregisterConsumer(group: string): Promise<void> {
    if (!this.consumers.delete(group)) return;
    await this.unregisterClient({ consumerGroup: group });
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  /** A call to the current NameServer, failing over to the others on transport failures. */
  invokeNameServer(build: () => RemotingCommand, options: InvokeOptions = {}): Promise<RemotingCommand> {
    this.checkOpen();
    return this.nameServers.invoke((addr) => this.invokeChecked(addr, build(), options));
  }

  /** The same call to every NameServer, in parallel; resolves with each one's answer. */
  async invokeEachNameServer(build: () => RemotingCommand, options: InvokeOptions = {}): Promise<Map<string, RemotingCommand>> {
    this.checkOpen();
    const answers = await Promise.all(this.config.nameServers.map(async (addr) => [addr, await this.invokeChecked(addr, build(), options)] as const));
    return new Map(answers);
  }

  /** A call to one broker; a response code outside `accept` rejects with its typed error. */
  invokeBroker(addr: string, request: RemotingCommand, options: InvokeOptions = {}): Promise<RemotingCommand> {
    this.checkOpen();
    return this.invokeChecked(addr, request, options);
  }

  /** A call to one broker resolving with its answer whatever the code (the caller checks it). */
  invokeBrokerAnyAnswer(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    this.checkOpen();
    return this.remoting.invoke(addr, request, timeoutMs);
  }

  invokeBrokerOneway(addr: string, request: RemotingCommand): Promise<void> {
    this.checkOpen();
    return this.remoting.invokeOneway(addr, request);
  }

  private invokeChecked(addr: string, request: RemotingCommand, options: InvokeOptions): Promise<RemotingCommand> {
    const accept = options.accept ?? successOnly;
    return this.remoting.invoke(addr, request, options.timeoutMs ?? this.config.requestTimeoutMs).then((response) => {
      if (!accept.includes(response.code)) throw errorFromResponse(addr, request.code, response);
      return response;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Routes

  /** GET_ROUTEINFO_BY_TOPIC; rejects with TopicNotExistError when no NameServer knows the topic. */
  async fetchTopicRoute(topic: string, timeoutMs?: number): Promise<TopicRouteData> {
    const response = await this.invokeNameServer(
      () => clientRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { extFields: GetRouteInfoRequestHeader.encode({ topic }) }),
      { timeoutMs },
    );
    return decodeTopicRouteData(response.body ?? Buffer.alloc(0));
  }

  /** Fetches the topic's route (or the template topic's, for auto-creation) and stores it; concurrent updates share one request. */
  updateTopicRoute(topic: string, template?: AutoCreateTopic): Promise<TopicRouteData> {
    return this.routes.update(topic, template);
  }

  /** The periodic refresh: like updateTopicRoute, but a topic the NameServers lost keeps its last route. */
  async refreshTopicRoute(topic: string): Promise<void> {
    try {
      await this.updateTopicRoute(topic);
    } catch (error) {
      if (!(error instanceof TopicNotExistError)) throw error;
      this.logger.debug({ topic }, 'route refresh: topic not in NameServer, keeping the last route');
    }
  }

  /** Refreshes every topic in use now (the route refresh task's work). */
  refreshAllTopicRoutes(): Promise<void> {
    return refreshAllTopicRoutes(this.routeRefreshContext());
  }

  private routeRefreshContext(): RouteRefreshContext {
    return {
      topicsInUse: () => this.topicsInUse(),
      updateTopicRoute: (topic) => this.refreshTopicRoute(topic),
      onError: (topic, error) => this.logger.warn({ topic, err: error }, 'route refresh failed'),
    };
  }

  topicRoute(topic: string): TopicRouteData | undefined {
    return this.routes.route(topic);
  }

  /** The readable queues of a topic from the cached route ([] when unknown). */
  topicSubscribeQueues(topic: string): MessageQueue[] {
    return this.routes.subscribeQueues(topic);
  }

  /** The queues a producer sends `topic` to (RocketMQ's tryToFindTopicPublishInfo); see TopicRouteCache. */
  findPublishInfo(topic: string, autoCreate?: AutoCreateTopic): Promise<TopicPublishInfo> {
    return this.routes.findPublishInfo(topic, autoCreate);
  }

  /** The cached publish info of a topic when it has queues (the send path's synchronous fast path). */
  cachedPublishInfo(topic: string): TopicPublishInfo | undefined {
    return this.routes.cachedPublishInfo(topic);
  }

  /** The address of a broker group's master, from the routes seen so far. */
  findBrokerAddressInPublish(brokerName: string): string | undefined {
    return this.brokers.masterAddress(brokerName);
  }

  /** The remoting version a broker answered our last heartbeat with. */
  brokerVersion(addr: string): number | undefined {
    return this.brokerVersions.get(addr);
  }

  private routeStored(topic: string, route: TopicRouteData, changed: boolean): void {
    this.brokers.update(route.brokerDatas);
    if (!changed) return;
    this.logger.debug({ topic, route }, 'topic route changed');
    const queues = subscribeQueuesFromRoute(topic, route);
    for (const consumer of this.consumers.values()) {
      if (consumer.onSubscribeQueuesChanged !== undefined && [...consumer.subscribedTopics()].includes(topic)) {
        consumer.onSubscribeQueuesChanged(topic, queues);
      }
    }
    if (this.listenerCount('routeChanged') > 0) this.emit('routeChanged', topic, route);
  }

  private *topicsInUse(): Iterable<string> {
    yield* this.routes.publishedTopics;
    for (const consumer of this.consumers.values()) yield* consumer.subscribedTopics();
  }

  // -------------------------------------------------------------------------------------------
  // Heartbeats and unregistration

  /** One heartbeat round to every known broker now (also done every heartbeatBrokerInterval). */
  sendHeartbeatToAllBrokers(): Promise<void> {
    this.checkOpen();
    return sendHeartbeatToAllBrokers(this.heartbeatContext());
  }

  /** The HEART_BEAT body for the registered groups; undefined when nothing is registered. */
  heartbeatData(): HeartbeatData | undefined {
    if (this.producers.size === 0 && this.consumers.size === 0) return undefined;
    return {
      clientID: this.clientId,
      producerDataSet: [{ groupName: clientInnerProducerGroup }, ...[...this.producers.keys()].map((groupName) => ({ groupName }))],
      consumerDataSet: [...this.consumers.values()].map((c) => c.consumerData()),
    };
  }

  /** Forgets broker addresses that no cached route names any more. */
  cleanOfflineBrokers(): void {
    const live = new Set<string>();
    for (const route of this.routes.allRoutes()) {
      for (const bd of route.brokerDatas) for (const addr of bd.brokerAddrs.values()) live.add(addr);
    }
    for (const removed of this.brokers.retainOnly(live)) {
      this.brokerVersions.delete(removed.addr);
      this.logger.info(removed, 'broker no longer in any route, forgotten');
    }
  }

  private heartbeatContext(): HeartbeatContext {
    return {
      heartbeatData: () => this.heartbeatData(),
      brokerAddresses: () => this.brokers.all(),
      sendHeartbeat: async (addr: string, data: HeartbeatData) => {
        const response = await this.invokeChecked(addr, clientRequest(RequestCode.HEART_BEAT, { body: encodeHeartbeatData(data) }), {});
        return response.version;
      },
      cleanOfflineBrokers: () => this.cleanOfflineBrokers(),
      onHeartbeat: (broker: BrokerAddress, outcome: HeartbeatOutcome) => {
        if ('version' in outcome) this.brokerVersions.set(broker.addr, outcome.version);
        else this.logger.info({ broker, err: outcome.error }, 'heartbeat to broker failed');
        if (this.listenerCount('heartbeat') > 0) this.emit('heartbeat', broker, outcome);
      },
    };
  }

  private async unregisterClient(groups: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    const header = UnregisterClientRequestHeader.encode({ clientID: this.clientId, ...groups });
    await Promise.all(
      [...this.brokers.all()].map(async (broker) => {
        try {
          await this.invokeChecked(broker.addr, clientRequest(RequestCode.UNREGISTER_CLIENT, { extFields: header }), {});
        } catch (error) {
          this.logger.info({ broker, ...groups, err: error }, 'UNREGISTER_CLIENT failed');
        }
      }),
    );
  }

  private checkOpen(): void {
    if (this.closed) throw new ClientStateError(`client instance ${this.clientId} is shut down`);
  }
}
