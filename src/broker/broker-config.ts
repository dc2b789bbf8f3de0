// The broker's configuration: RocketMQ's BrokerConfig key names (plus the few MessageStoreConfig
// keys that are about the broker's role, not its files), merged with the store's schema so that
// one broker.conf written for RocketMQ means the same here. Loaded by `rmq broker -c FILE`
// (unknown keys warned, bad values refused with the key named) or given as typed values to
// `new Broker({...})`, checked the same way.
import { hostname, networkInterfaces } from 'node:os';
import { resolveConfig } from '../common/config/config-loader.js';
import { option, type ConfigValues } from '../common/config/config-schema.js';
import { ignoredNettyServerConfigKeys } from '../common/config/netty-server-config-keys.js';
import { ConfigError } from '../common/errors.js';
import { isIPv4, isIPv6 } from '../common/message/message-id.js';
import { storeConfigSchema, validateStoreConfig, type StoreConfig } from '../store/store-config.js';

const int32Max = 0x7fff_ffff;
const permissionAll = 7;

/** RocketMQ names a broker after its host; a host without a usable name gets "broker-a". */
function defaultBrokerName(): string {
  const name = hostname();
  return /^[%|a-zA-Z0-9_.-]+$/.test(name) ? name : 'broker-a';
}

/** The first IPv4 address of a non-loopback interface; loopback when there is none. */
export function firstExternalIPv4(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}

export const brokerOwnConfigSchema = {
  brokerClusterName: option.string({ default: 'DefaultCluster', description: 'cluster this broker group belongs to' }),
  brokerName: option.string({ default: defaultBrokerName(), description: 'broker group name shared by a master and its slaves (default: the host name)' }),
  brokerId: option.int({ default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: '0 for the master, > 0 for a slave' }),
  brokerRole: option.enum({
    default: 'ASYNC_MASTER',
    values: ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'] as const,
    description: 'master acknowledging before (ASYNC) or after (SYNC) a slave has the message, or slave',
  }),
  namesrvAddr: option.list({ default: [], env: 'NAMESRV_ADDR', description: 'NameServer addresses, "host:port" separated by ";"' }),
  listenPort: option.int({ default: 10911, min: 0, max: 65534, description: 'remoting port; the VIP channel listens on listenPort - 2 and the HA port is listenPort + 1; 0 picks a free port (and opens no VIP channel)' }),
  bindAddress: option.string({ default: '', description: 'address to listen on; empty listens on every interface (ours)' }),
  brokerIP1: option.string({ default: firstExternalIPv4(), description: 'address registered with the NameServers (default: first non-loopback IPv4)' }),
  brokerPermission: option.int({ default: 6, min: 0, max: permissionAll, description: 'PermName bits of the whole broker: 4 read, 2 write; without both, every topic registers with these' }),
  autoCreateTopicEnable: option.boolean({ default: true, description: 'create TBW102 so producers may send to unknown topics, which are then created' }),
  autoCreateSubscriptionGroup: option.boolean({ default: true, description: 'create a consumer group config on first sight' }),
  defaultTopicQueueNums: option.int({ default: 8, min: 1, max: 1024, description: 'read and write queues of TBW102' }),
  clusterTopicEnable: option.boolean({ default: true, description: 'the topic named after the cluster is readable and writable' }),
  brokerTopicEnable: option.boolean({ default: true, description: 'the topic named after the broker is readable and writable' }),
  traceTopicEnable: option.boolean({ default: false, description: 'create the message trace topic' }),
  msgTraceTopicName: option.string({ default: 'RMQ_SYS_TRACE_TOPIC', description: 'name of the message trace topic' }),
  traceOn: option.boolean({ default: true, description: 'send responses tell clients whether message trace is on (TRACE_ON)' }),
  regionId: option.string({ default: 'DefaultRegion', description: 'region written into send responses (MSG_REGION)' }),
  registerNameServerPeriod: option.int({ default: 30_000, min: 1_000, max: 60_000, unit: 'ms', description: 'time between registrations with every NameServer' }),
  registerBrokerTimeoutMills: option.int({ default: 6_000, min: 100, max: int32Max, unit: 'ms', description: 'wait for each NameServer to answer a registration' }),
  longPollingEnable: option.boolean({ default: true, description: 'hold a pull that finds nothing until a message arrives or it times out' }),
  shortPollingTimeMills: option.int({ default: 1_000, min: 1, max: int32Max, unit: 'ms', description: 'how long a pull is held when longPollingEnable is false' }),
  litePullMessageEnable: option.boolean({ default: true, description: 'serve LITE_PULL_MESSAGE, the pulls of RocketMQ 5 lite pull consumers' }),
  slaveReadEnable: option.boolean({ default: false, description: 'a slave serves pulls, and a master may suggest pulling from a slave' }),
  enablePropertyFilter: option.boolean({
    default: false,
    description: 'accept SQL92 subscriptions; there is no SQL92 filter yet, so they are refused either way (with a warning at start when true)',
  }),
  rejectTransactionMessage: option.boolean({ default: false, description: 'refuse transactional (half) messages with NO_PERMISSION' }),
  aclEnable: option.boolean({ default: false, description: 'plain ACL; not implemented, so true is refused rather than serving every request unchecked' }),
  notifyConsumerIdsChangedEnable: option.boolean({ default: true, description: 'tell a group\'s consumers when its membership changes' }),
  flushConsumerOffsetInterval: option.int({ default: 5_000, min: 100, max: int32Max, unit: 'ms', description: 'time between writes of config/consumerOffset.json' }),
  flushDelayOffsetInterval: option.int({ default: 10_000, min: 100, max: int32Max, unit: 'ms', description: 'time between writes of config/delayOffset.json' }),
  channelExpiredTimeout: option.int({
    default: 120_000,
    min: 1_000,
    max: int32Max,
    unit: 'ms',
    description: 'a client connection without a heartbeat for this long is dropped (ours; RocketMQ\'s fixed 120 s)',
  }),
};

export const brokerConfigSchema = { ...storeConfigSchema, ...brokerOwnConfigSchema };

export type BrokerConfig = ConfigValues<typeof brokerConfigSchema>;

/** The store's part of a broker config, as MessageStore takes it. */
export function storeConfigOf(config: BrokerConfig): StoreConfig {
  const keys = Object.keys(storeConfigSchema) as (keyof StoreConfig)[];
  return Object.fromEntries(keys.map((key) => [key, config[key]])) as unknown as StoreConfig;
}
export type BrokerRole = BrokerConfig['brokerRole'];

/** Defaults overridden by `given`; every value and the relations between them checked. */
export function resolveBrokerConfig(given: Partial<BrokerConfig> = {}): BrokerConfig {
  const config = resolveConfig(brokerConfigSchema, given);
  validateBrokerConfig(config);
  return config;
}

/** Checks what single-key validation cannot; `rmq broker` calls it after loading its file. */
export function validateBrokerConfig(config: BrokerConfig): void {
  validateStoreConfig(config);
  if (config.brokerName === '') throw new ConfigError('brokerName must not be empty', 'brokerName');
  if (config.brokerClusterName === '') throw new ConfigError('brokerClusterName must not be empty', 'brokerClusterName');
  if (!isIPv4(config.brokerIP1) && !isIPv6(config.brokerIP1)) {
    throw new ConfigError(`brokerIP1 must be an IPv4 or IPv6 address, not ${JSON.stringify(config.brokerIP1)}`, 'brokerIP1');
  }
  if (config.aclEnable) {
    throw new ConfigError('aclEnable=true: access control lists are not implemented here, so this broker would serve every request unchecked; remove the key or set it to false', 'aclEnable');
  }
  const isSlave = config.brokerRole === 'SLAVE';
  if (isSlave !== (config.brokerId > 0)) {
    throw new ConfigError(`brokerId ${config.brokerId} does not fit brokerRole ${config.brokerRole}: a master has id 0, a slave > 0`, 'brokerId');
  }
}

/**
 * RocketMQ broker keys that tune Java machinery we do not have (thread pools, Netty, mmap and
 * page-cache knobs) or features left out: accepted with a warning so an existing broker.conf loads.
 */
export const ignoredBrokerConfigKeys: readonly string[] = [
  'rocketmqHome',
  'storePathCommitLog',
  'storePathConsumeQueue',
  'storePathIndex',
  'storeCheckpoint',
  'abortFile',
  'sendMessageThreadPoolNums',
  'pullMessageThreadPoolNums',
  'queryMessageThreadPoolNums',
  'adminBrokerThreadPoolNums',
  'clientManageThreadPoolNums',
  'consumerManageThreadPoolNums',
  'heartbeatThreadPoolNums',
  'endTransactionThreadPoolNums',
  'sendThreadPoolQueueCapacity',
  'pullThreadPoolQueueCapacity',
  'useReentrantLockWhenPutMessage',
  ...ignoredNettyServerConfigKeys,
  'transientStorePoolEnable',
  'transientStorePoolSize',
  'warmMapedFileEnable',
  'flushLeastPagesWhenWarmMapedFile',
  'osPageCacheBusyTimeOutMills',
  'fetchNamesrvAddrByAddressServer',
  'compressedRegister',
  'forceRegister',
];
