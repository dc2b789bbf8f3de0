// The NameServer's configuration keys (RocketMQ's NamesrvConfig / NettyServerConfig names where
// they exist), read from `rmq namesrv -c namesrv.conf` or given to `new NameServer({...})`.
import { option, type ConfigValues } from '../common/config/config-schema.js';
import { ignoredNettyServerConfigKeys } from '../common/config/netty-server-config-keys.js';

export const namesrvConfigSchema = {
  listenPort: option.int({
    default: 9876,
    min: 0,
    max: 65535,
    description: 'TCP port of the remoting server; 0 picks a free port.',
  }),
  bindAddress: option.string({
    default: '',
    description: 'Address to listen on; empty listens on every interface (IPv4 and IPv6).',
  }),
  scanNotActiveBrokerInterval: option.int({
    default: 10_000,
    min: 10,
    max: 3_600_000,
    unit: 'ms',
    description: 'How often brokers are checked for expiry.',
  }),
  brokerChannelExpiredTime: option.int({
    default: 120_000,
    min: 10,
    max: 86_400_000,
    unit: 'ms',
    description: 'A broker not registered again for longer than this is removed and its connection closed.',
  }),
  orderMessageEnable: option.boolean({
    default: false,
    description: 'Routes carry orderTopicConf, the topic\'s value in the KV namespace ORDER_TOPIC_CONFIG.',
  }),
  returnOrderTopicConfigToBroker: option.boolean({
    default: true,
    description: 'REGISTER_BROKER answers carry the KV namespace ORDER_TOPIC_CONFIG.',
  }),
  kvConfigPath: option.string({
    default: '',
    description: 'File keeping the KV config (kvConfig.json) across restarts; empty keeps it in memory only.',
  }),
  serverChannelMaxIdleTimeSeconds: option.int({
    default: 120,
    min: 1,
    max: 86_400,
    unit: 's',
    description: 'A connection with no traffic for this long is closed.',
  }),
};

export type NamesrvConfig = ConfigValues<typeof namesrvConfigSchema>;

/**
 * RocketMQ NameServer keys that tune Java machinery we do not have (thread pools, Netty buffers)
 * or features we leave out: accepted with a warning, so an existing namesrv.conf still loads.
 */
export const ignoredNamesrvConfigKeys: readonly string[] = [
  'rocketmqHome',
  'configStorePath',
  'productEnvName',
  'clusterTest',
  'defaultThreadPoolNums',
  'clientRequestThreadPoolNums',
  ...ignoredNettyServerConfigKeys,
];
