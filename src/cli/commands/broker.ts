// `rmq broker [-c broker.conf] [-n namesrvAddr] [-p port]`: runs a broker until SIGINT or
// SIGTERM, then unregisters from the NameServers, writes its metadata and shuts the store down.
// Prints one ready line on stdout, `Broker listening on <host:port> ...`, which the process
// launcher waits for; logs go to stderr.
import type { Command } from 'commander';
import { configKeyTable, formatProperties } from '../../common/config/config-describe.js';
import { loadConfig } from '../../common/config/config-loader.js';
import { createLogger } from '../../common/logger.js';
import { brokerConfigSchema, ignoredBrokerConfigKeys, validateBrokerConfig } from '../../broker/broker-config.js';
import { Broker } from '../../broker/broker.js';
import { tuneHeapForServer } from '../server-heap.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

interface BrokerOptions {
  config?: string;
  namesrvAddr?: string;
  port?: string;
  printConfig?: boolean;
  listConfigKeys?: boolean;
}

export function registerBrokerCommand(program: Command): void {
  program
    .command('broker')
    .description('run a broker (stores messages, serves producers and consumers)')
    .option('-c, --config <file>', 'Java-properties config file, RocketMQ broker.conf keys (see --list-config-keys)')
    .option('-n, --namesrv-addr <addrs>', 'NameServer addresses "host:port;host:port", overrides namesrvAddr and $NAMESRV_ADDR')
    .option('-p, --port <port>', 'listen port, overrides listenPort (0 picks a free port)')
    .option('--print-config', 'print the effective configuration and exit')
    .option('--list-config-keys', 'print the config keys as a Markdown table and exit')
    .action((options: BrokerOptions) => runBroker(options));
}

async function runBroker(options: BrokerOptions): Promise<void> {
  if (options.listConfigKeys) {
    process.stdout.write(`${configKeyTable(brokerConfigSchema)}\n`);
    return;
  }
  const logger = createLogger('broker');
  const { values, warnings } = loadConfig(brokerConfigSchema, {
    file: options.config,
    flags: { namesrvAddr: options.namesrvAddr, listenPort: options.port },
    unknownKeys: 'warn',
    ignoredKeys: ignoredBrokerConfigKeys,
  });
  for (const warning of warnings) logger.warn(warning);
  validateBrokerConfig(values);
  if (options.printConfig) {
    process.stdout.write(`${formatProperties(brokerConfigSchema, values)}\n`);
    return;
  }

  tuneHeapForServer();
  const broker = new Broker(values, { logger });
  const address = await broker.start();
  const namesrvs = values.namesrvAddr.length > 0 ? values.namesrvAddr.join(';') : 'none';
  process.stdout.write(`Broker listening on ${address} (cluster ${values.brokerClusterName}, name ${values.brokerName}, NameServers ${namesrvs})\n`);
  const signal = await waitForShutdownSignal();
  logger.info({ signal }, 'stopping');
  await broker.stop();
}
