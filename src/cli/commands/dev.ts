// `rmq dev [--data ./data] [-p namesrvPort] [--broker-port port]`: a NameServer and a broker in
// one process on 127.0.0.1, for development. Prints both addresses (the lines
// `NameServer listening on <addr>` and `Broker listening on <addr> ...`) and how to send a first
// message; stops cleanly on SIGINT or SIGTERM. The broker's data stays in the data folder.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../common/errors.js';
import { createLogger } from '../../common/logger.js';
import { newTopicConfig } from '../../broker/managers/topic-config-manager.js';
import { Perm } from '../../remoting/protocol/bodies/topic-config.js';
import { startLocalCluster, type LocalCluster } from '../../testing/local-cluster.js';
import { tuneHeapForServer } from '../server-heap.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

/** The topic RocketMQ's quick start sends to; created so clients that cannot auto-create (ali-ons) work at once. */
const quickStartTopic = 'TopicTest';
const quickStartQueueNums = 4;

interface DevOptions {
  data: string;
  port: string;
  brokerPort: string;
}

const portMax = 65535;

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run a NameServer and a broker in one process, for development')
    .option('--data <dir>', 'folder of the broker\'s store and metadata', './data')
    .option('-p, --port <port>', 'NameServer port (0 picks a free port)', '9876')
    .option('--broker-port <port>', 'broker port (0 picks a free port)', '10911')
    .action((options: DevOptions) => runDev(options));
}

function port(text: string, flag: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= portMax)) throw new ConfigError(`bad value "${text}" for ${flag}: expected a port from 0 to ${portMax}`);
  return n;
}

async function runDev(options: DevOptions): Promise<void> {
  tuneHeapForServer();
  const dataDir = resolve(options.data);
  const cluster = await startLocalCluster({
    dataDir,
    namesrv: { listenPort: port(options.port, '--port') },
    broker: { listenPort: port(options.brokerPort, '--broker-port') },
    namesrvLogger: createLogger('namesrv'),
    brokerLogger: createLogger('broker'),
  });
  await ensureQuickStartTopic(cluster);
  const { namesrvAddr, brokerAddr } = cluster;
  process.stdout.write(
    [
      `NameServer listening on ${namesrvAddr}`,
      `Broker listening on ${brokerAddr} (data in ${dataDir})`,
      'Send a first message with ali-ons (npm i ali-ons):',
      `  node -e "const {Producer,Message}=require('ali-ons');const p=new Producer({nameSrv:'${namesrvAddr}',httpclient:{},producerGroup:'GID_first'});` +
        `p.ready().then(()=>p.send(new Message('TopicTest','TagA','hello'))).then(r=>{console.log(r.sendStatus,r.msgId);process.exit(0)})"`,
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  await waitForShutdownSignal();
  await cluster.close();
}

/** Creates TopicTest when missing and resolves once the NameServer routes it. */
async function ensureQuickStartTopic(cluster: LocalCluster): Promise<void> {
  const { broker, namesrv } = cluster;
  if (namesrv.registry.topicRoute(quickStartTopic) !== undefined) return;
  const routed = new Promise<void>((resolveRouted) => {
    const onRegistered = (): void => {
      if (namesrv.registry.topicRoute(quickStartTopic) === undefined) return;
      namesrv.off('brokerRegistered', onRegistered);
      resolveRouted();
    };
    namesrv.on('brokerRegistered', onRegistered);
  });
  // A change makes the broker register again at once, which routes the topic.
  broker.topics.updateTopicConfig(broker.topics.select(quickStartTopic) ?? newTopicConfig(quickStartTopic, quickStartQueueNums, Perm.read | Perm.write));
  await routed;
}
