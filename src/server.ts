// Public server API: embed a NameServer or broker in a Node.js process.
export {
  NameServer,
  NameServerStateError,
  type NameServerOptions,
  type NameServerEvents,
  type BrokerEvent,
  type BrokerRemovalReason,
} from './namesrv/namesrv.js';
export { namesrvConfigSchema, type NamesrvConfig } from './namesrv/namesrv-config.js';
export { loadConfig, resolveConfig, type LoadConfigOptions, type LoadedConfig } from './common/config/config-loader.js';
export { configKeyTable, formatProperties } from './common/config/config-describe.js';
export { Broker, type BrokerOptions } from './broker/broker.js';
export { brokerConfigSchema, resolveBrokerConfig, type BrokerConfig, type BrokerRole } from './broker/broker-config.js';
export { startLocalCluster, type LocalCluster, type LocalClusterOptions } from './testing/local-cluster.js';
