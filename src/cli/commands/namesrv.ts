// `rmq namesrv [-c namesrv.conf] [-p port]`: runs a NameServer until SIGINT or SIGTERM.
// Prints one ready line on stdout, `NameServer listening on <host:port>`, which the process
// launcher and `rmq dev` wait for; logs go to stderr.
import type { Command } from 'commander';
import { configKeyTable, formatProperties } from '../../common/config/config-describe.js';
import { loadConfig } from '../../common/config/config-loader.js';
import { createLogger } from '../../common/logger.js';
import { ignoredNamesrvConfigKeys, namesrvConfigSchema } from '../../namesrv/namesrv-config.js';
import { NameServer } from '../../namesrv/namesrv.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

interface NamesrvOptions {
  config?: string;
  port?: string;
  printConfig?: boolean;
  listConfigKeys?: boolean;
}

export function registerNamesrvCommand(program: Command): void {
  program
    .command('namesrv')
    .description('run a NameServer (route registry for brokers and clients)')
    .option('-c, --config <file>', 'Java-properties config file (see --list-config-keys)')
    .option('-p, --port <port>', 'listen port, overrides listenPort (0 picks a free port)')
    .option('--print-config', 'print the effective configuration and exit')
    .option('--list-config-keys', 'print the config keys as a Markdown table and exit')
    .action((options: NamesrvOptions) => runNamesrv(options));
}

async function runNamesrv(options: NamesrvOptions): Promise<void> {
  if (options.listConfigKeys) {
    process.stdout.write(`${configKeyTable(namesrvConfigSchema)}\n`);
    return;
  }
  const logger = createLogger('namesrv');
  const { values, warnings } = loadConfig(namesrvConfigSchema, {
    file: options.config,
    flags: { listenPort: options.port },
    unknownKeys: 'refuse',
    ignoredKeys: ignoredNamesrvConfigKeys,
  });
  for (const warning of warnings) logger.warn(warning);
  if (options.printConfig) {
    process.stdout.write(`${formatProperties(namesrvConfigSchema, values)}\n`);
    return;
  }

  const namesrv = new NameServer({ config: values, logger });
  const address = await namesrv.start();
  process.stdout.write(`NameServer listening on ${address}\n`);
  const signal = await waitForShutdownSignal();
  logger.info({ signal }, 'stopping');
  await namesrv.stop();
}
