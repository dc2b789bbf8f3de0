// Produce throughput from a cold start, as the peer harness measures it, next to the same load
// on processes that have done it before.
//
//   node build/bench/main.js coldstart [--messages 200000] [--rounds 3]
//
// Each round starts a fresh NameServer and broker (ASYNC_FLUSH, as bench/peers runs it) and sends
// --messages bodies of 1 KiB three times, each time to a new topic of one queue, through our
// producer as the peer adapter does (autoBatch on, 256 sends unacknowledged, the next send issued
// on each ack):
//   cold          a fresh client process against the fresh broker: what the harness measures;
//   warm broker   a second fresh client process against the broker the first one warmed;
//   both warm     that second client once more.
// Clients run in child processes, so each starts as cold as the harness's. Each run reports
// msgs/s and the CPU µs per message of the client and of the broker process (all its threads:
// the compiler's too), and each round the warm runs' rates against the cold one's.
// BENCH_BROKER_NODE_OPTIONS becomes the NODE_OPTIONS of the broker and NameServer processes.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createAdmin } from '../src/client/admin/admin-client.js';
import { createProducer, type ProducerClient } from '../src/client/producer/producer.js';
import { fmt, median, option, readCpuUs } from './shared/bench-helpers.js';
import { loopback, untilRouted, withBenchServers } from './shared/bench-servers.js';

const bodyBytes = 1024;
const sendWindow = 256;
const clusterName = 'BenchColdStart';
const routeTimeoutMs = 30_000;
/** The SDK logs warnings and worse only (its info lines would land in the measured runs). */
const logger = pino({ level: 'warn' }, pino.destination(2));

interface RunFigures {
  perSec: number;
  clientUsPerMsg: number;
  brokerUsPerMsg: number;
}

const runNames = ['cold', 'warm broker', 'both warm'] as const;

export async function run(args: string[]): Promise<void> {
  if (args.includes('--client')) return clientMain(args);
  const messages = Number(option(args, '--messages') ?? 200_000);
  const rounds = Number(option(args, '--rounds') ?? 3);
  if (!Number.isInteger(messages) || messages <= 0 || !Number.isInteger(rounds) || rounds <= 0) {
    throw new Error('--messages and --rounds must be positive integers');
  }
  console.log(`produce from a cold start: ${messages} x ${bodyBytes} B per run, autoBatch on, ${sendWindow} in flight, ASYNC_FLUSH`);
  const all: RunFigures[][] = [];
  for (let r = 1; r <= rounds; r++) {
    const figures = await withBenchServers('coldstart', [`brokerClusterName=${clusterName}`, 'flushDiskType=ASYNC_FLUSH', 'autoCreateTopicEnable=false'], async (broker, nameServer) => {
      const topics = await createTopics(nameServer, r);
      const first = await clientProcess(nameServer, broker.pid, messages, topics.slice(0, 1));
      const second = await clientProcess(nameServer, broker.pid, messages, topics.slice(1));
      return [...first, ...second];
    });
    all.push(figures);
    console.log(`round ${r}: ${figures.map((f, i) => `${runNames[i]} ${describe(f, figures[0]!)}`).join('; ')}`);
  }
  const medianOf = (i: number, pick: (f: RunFigures) => number): number => median(all.map((round) => pick(round[i]!)));
  const cold = medianOf(0, (f) => f.perSec);
  console.log(
    `median of ${rounds}: ${runNames
      .map((name, i) => {
        const rate = medianOf(i, (f) => f.perSec);
        const cpu = `client ${medianOf(i, (f) => f.clientUsPerMsg).toFixed(2)}, broker ${medianOf(i, (f) => f.brokerUsPerMsg).toFixed(2)} µs/msg`;
        return `${name} ${fmt(rate)} msgs/s${i > 0 ? ` (${(rate / cold).toFixed(2)}x cold)` : ''}, ${cpu}`;
      })
      .join('; ')}`,
  );
}

function describe(f: RunFigures, cold: RunFigures): string {
  const ratio = f === cold ? '' : ` (${(f.perSec / cold.perSec).toFixed(2)}x)`;
  return `${fmt(f.perSec)} msgs/s${ratio}, client ${f.clientUsPerMsg.toFixed(2)} broker ${f.brokerUsPerMsg.toFixed(2)} µs/msg`;
}

/** One topic of one queue per run, routed before any client starts. */
async function createTopics(nameServer: string, round: number): Promise<string[]> {
  const admin = createAdmin({ nameServer, clientIp: loopback, logger });
  await admin.start();
  try {
    const topics = runNames.map((_, i) => `BenchColdStart${round}_${i}`);
    for (const topic of topics) {
      await admin.createTopic(topic, { clusterName }, { readQueueNums: 1, writeQueueNums: 1 });
      await untilRouted(admin, topic, routeTimeoutMs);
    }
    return topics;
  } finally {
    await admin.shutdown();
  }
}

/** A fresh client process that produces to each of `topics` in turn; its figures, one per topic. */
async function clientProcess(nameServer: string, brokerPid: number, messages: number, topics: string[]): Promise<RunFigures[]> {
  const args = ['coldstart', '--client', '--namesrv', nameServer, '--broker-pid', String(brokerPid), '--messages', String(messages), '--topics', topics.join(',')];
  const child = fork(new URL('./main.js', import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const figures: RunFigures[] = [];
  child.on('message', (f: RunFigures) => figures.push(f));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 || figures.length !== topics.length) throw new Error(`bench client exited with ${String(code)} after ${figures.length} of ${topics.length} runs`);
  return figures;
}

async function clientMain(args: string[]): Promise<void> {
  const nameServer = option(args, '--namesrv')!;
  const brokerPid = Number(option(args, '--broker-pid'));
  const messages = Number(option(args, '--messages'));
  const producer = createProducer({ nameServer, clientIp: loopback, group: `bench_coldstart_${process.pid}`, autoBatch: true, logger });
  await producer.start();
  try {
    for (const topic of option(args, '--topics')!.split(',')) {
      const clientBefore = process.cpuUsage();
      const brokerBefore = readCpuUs(brokerPid);
      const started = performance.now();
      await produce(producer, topic, messages);
      const seconds = (performance.now() - started) / 1000;
      const client = process.cpuUsage(clientBefore);
      process.send!({
        perSec: messages / seconds,
        clientUsPerMsg: (client.user + client.system) / messages,
        brokerUsPerMsg: (readCpuUs(brokerPid) - brokerBefore) / messages,
      } satisfies RunFigures);
    }
  } finally {
    await producer.shutdown();
  }
  process.disconnect();
}

/** `messages` sends with at most sendWindow unacknowledged, the next one issued on each ack, as the peer harness does. */
function produce(producer: ProducerClient, topic: string, messages: number): Promise<void> {
  const template = Buffer.alloc(bodyBytes, 0x61);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let acked = 0;
    const onAck = (): void => {
      if (++acked === messages) resolve();
      else pump();
    };
    const pump = (): void => {
      while (sent - acked < sendWindow && sent < messages) {
        const body = Buffer.from(template);
        body.writeUInt32LE(sent++, 0);
        producer.send({ topic, body }).then(onAck, reject);
      }
    };
    pump();
  });
}
