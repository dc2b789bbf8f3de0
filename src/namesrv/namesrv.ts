// NameServer: the composition root. It owns the route registry and the KV config, serves them
// over a RemotingServer with one processor family per file, and removes brokers that stop
// registering (scan every scanNotActiveBrokerInterval, expiry after brokerChannelExpiredTime)
// or whose connection closes.
//
// Unknown request codes are answered REQUEST_CODE_NOT_SUPPORTED by the RemotingServer, as
// RocketMQ 5.x's NameServer does. The 4.x NameServer sent no answer at all, which only makes
// callers wait for their timeout.
import { EventEmitter } from 'node:events';
import { resolveConfig } from '../common/config/config-loader.js';
import { RocketMQError } from '../common/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import { formatAddress, RemotingServer, type Connection, type HostPort } from '../remoting/net/index.js';
import { KvConfigTable } from './kv-config.js';
import { readKvConfigFile, writeKvConfigFile } from './kv-config-file.js';
import { namesrvConfigSchema, type NamesrvConfig } from './namesrv-config.js';
import { brokerRegistrationProcessors } from './processors/broker-registration.js';
import { clusterInfoProcessors } from './processors/cluster-info.js';
import { deleteTopicProcessors } from './processors/delete-topic.js';
import { kvConfigProcessors } from './processors/kv-config.js';
import { namesrvConfigProcessors } from './processors/namesrv-config.js';
import { topicListProcessors } from './processors/topic-list.js';
import { topicRouteProcessors } from './processors/topic-route.js';
import { writePermProcessors } from './processors/write-perm.js';
import { RouteRegistry, type RemovedBroker } from './route-registry.js';

export type BrokerRemovalReason = 'expired' | 'connectionClosed' | 'unregistered';

export interface BrokerEvent {
  brokerAddr: string;
  clusterName: string;
  brokerName: string;
  brokerId: number;
}

export interface NameServerEvents {
  /** Every REGISTER_BROKER that succeeded: the first one and each 30 s heartbeat. */
  brokerRegistered: [broker: BrokerEvent];
  brokerRemoved: [broker: BrokerEvent, reason: BrokerRemovalReason];
}

/** start() on a started NameServer, or address before start(). */
export class NameServerStateError extends RocketMQError {
  override readonly name = 'NameServerStateError';
}

export interface NameServerOptions {
  /** Values for the keys of namesrvConfigSchema; the others keep their defaults. */
  config?: Partial<NamesrvConfig>;
  logger?: Logger;
}

/** A server bound to every interface is reachable on this host through loopback. */
const unspecifiedHosts = new Set(['', '0.0.0.0', '::']);

export class NameServer extends EventEmitter<NameServerEvents> {
  readonly config: NamesrvConfig;
  readonly registry = new RouteRegistry<Connection>();
  readonly kvConfig: KvConfigTable;
  private readonly logger: Logger;
  private server: RemotingServer | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  private boundAddress: string | undefined;
  private stopping = false;

  constructor(options: NameServerOptions = {}) {
    super();
    this.config = resolveConfig(namesrvConfigSchema, options.config);
    this.logger = options.logger ?? createLogger('namesrv');
    this.kvConfig = new KvConfigTable((table) => this.persistKvConfig(table));
  }

  /** Starts listening and resolves with a connectable "host:port" (loopback when bound to all interfaces). */
  async start(): Promise<string> {
    if (this.server !== undefined) throw new NameServerStateError('NameServer already started');
    if (this.config.kvConfigPath !== '') this.kvConfig.restore(readKvConfigFile(this.config.kvConfigPath));
    const server = new RemotingServer({
      host: this.config.bindAddress === '' ? undefined : this.config.bindAddress,
      port: this.config.listenPort,
      idleTimeoutMs: this.config.serverChannelMaxIdleTimeSeconds * 1000,
      logger: this.logger.child({ component: 'remoting' }),
    });
    this.server = server;
    for (const [code, handler] of this.processors()) server.registerProcessor(code, handler);
    server.on('connectionClose', (connection) => this.onConnectionClose(connection));

    let bound: HostPort;
    try {
      bound = await server.listen();
    } catch (err) {
      this.server = undefined;
      throw err;
    }
    const host = unspecifiedHosts.has(bound.host) ? '127.0.0.1' : bound.host;
    this.boundAddress = formatAddress(host, bound.port);
    this.scanTimer = setInterval(() => this.scanNotActiveBrokers(), this.config.scanNotActiveBrokerInterval);
    this.scanTimer.unref();
    this.logger.info({ address: this.boundAddress, bound }, 'NameServer started');
    return this.boundAddress;
  }

  /** The address `start()` resolved with. */
  get address(): string {
    if (this.boundAddress === undefined) throw new NameServerStateError('NameServer not started');
    return this.boundAddress;
  }

  /** Stops the scan, closes the listener and every connection. */
  async stop(): Promise<void> {
    if (this.server === undefined || this.stopping) return;
    this.stopping = true;
    clearInterval(this.scanTimer);
    await this.server.close();
    this.logger.info('NameServer stopped');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private processors() {
    const { registry, kvConfig, config } = this;
    return [
      ...brokerRegistrationProcessors({
        registry,
        kvConfig,
        config,
        onRegistered: (broker) => this.emit('brokerRegistered', broker),
        onUnregistered: (removed) => this.brokerRemoved(removed, 'unregistered'),
      }),
      ...topicRouteProcessors({ registry, kvConfig, config }),
      ...clusterInfoProcessors({ registry }),
      ...topicListProcessors({ registry }),
      ...deleteTopicProcessors({ registry }),
      ...writePermProcessors({ registry }),
      ...kvConfigProcessors({ kvConfig }),
      ...namesrvConfigProcessors({ config, logger: this.logger }),
    ];
  }

  /** As RocketMQ does, a failed write is logged and the change stays in memory. */
  private persistKvConfig(table: KvConfigTable): void {
    if (this.config.kvConfigPath === '') return;
    try {
      writeKvConfigFile(this.config.kvConfigPath, table.snapshot());
    } catch (err) {
      this.logger.error({ err, path: this.config.kvConfigPath }, 'cannot persist KV config');
    }
  }

  private scanNotActiveBrokers(): void {
    for (const removed of this.registry.removeExpiredBrokers(this.config.brokerChannelExpiredTime)) {
      removed.connection?.close();
      this.brokerRemoved(removed, 'expired');
    }
  }

  private onConnectionClose(connection: Connection): void {
    if (this.stopping) return;
    for (const removed of this.registry.removeBrokersOfConnection(connection)) this.brokerRemoved(removed, 'connectionClosed');
  }

  private brokerRemoved(removed: RemovedBroker<Connection>, reason: BrokerRemovalReason): void {
    const { brokerAddr, clusterName, brokerName, brokerId } = removed;
    const level = reason === 'unregistered' ? 'info' : 'warn';
    this.logger[level]({ brokerAddr, clusterName, brokerName, brokerId, reason }, 'broker removed');
    this.emit('brokerRemoved', { brokerAddr, clusterName, brokerName, brokerId }, reason);
  }
}
