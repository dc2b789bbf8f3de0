// `rmq bench produce|consume`: load tools like RocketMQ's example/benchmark Producer and Consumer.
//   rmq bench produce [-n addr] [-t topic] [-w 64] [-s 128] [-d secs] [--batch N] [--sync|--async|--oneway]
//   rmq bench consume [-n addr] [-t topic] [-g group] [-w 64] [-d secs] [--from last|first]
// A live line each second (TPS, average, max and p99 latency) and a summary at the end (total,
// TPS, latency percentiles, failures); runs until -d seconds pass or Ctrl-C. The lines' shapes
// are in ../bench/bench-report.ts. SDK logs (warnings and up; RMQ_LOG_LEVEL) go to stderr.
import type { Command } from 'commander';
import { createLogger } from '../../common/logger.js';
import {
  concurrencyDefault,
  consumerGroupDefault,
  consumeSettingsOf,
  messageSizeBytesDefault,
  produceSettingsOf,
  producerGroupDefault,
  topicDefault,
  type RawBenchOptions,
} from '../bench/bench-options.js';
import { runBench } from '../bench/bench-run.js';
import { ConsumeLoad } from '../bench/consume-load.js';
import { ProduceLoad } from '../bench/produce-load.js';

const sdkLogLevelDefault = 'warn';

export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description('load tools: produce or consume at full speed and report TPS and latency');
  common(bench.command('produce').description('send messages as fast as the window allows'))
    .option('-s, --size <bytes>', 'message body size', String(messageSizeBytesDefault))
    .option('--batch <n>', 'send batches of n messages (sendBatch) instead of single messages')
    .option('--auto-batch', "the producer's autoBatch: single sends issued together travel as one batch request")
    .option('--sync', 'each of -w workers awaits its send before the next (default)')
    .option('--async', 'a window of -w sends, refilled from each answer')
    .option('--oneway', 'sendOneway with -w writes in flight, no answer awaited')
    .option('-g, --group <group>', 'producer group', producerGroupDefault)
    .action((options: RawBenchOptions) => runProduce(options));
  common(bench.command('consume').description('consume a topic with a push consumer and report end-to-end latency'))
    .option('-g, --group <group>', 'consumer group', consumerGroupDefault)
    .option('--from <where>', 'where a group without a committed offset starts: last or first', 'last')
    .action((options: RawBenchOptions) => runConsume(options));
}

function common(command: Command): Command {
  return command
    .option('-n, --namesrv-addr <addrs>', 'NameServer addresses "host:port;host:port" (default: $NAMESRV_ADDR or 127.0.0.1:9876)')
    .option('-t, --topic <topic>', 'topic', topicDefault)
    .option('-w, --concurrency <n>', 'produce: sends in flight; consume: handlers running at once', String(concurrencyDefault))
    .option('-d, --duration <seconds>', 'stop after this many seconds (default: until Ctrl-C)');
}

function sdkLogger(): ReturnType<typeof createLogger> {
  return createLogger('bench', process.env.RMQ_LOG_LEVEL ?? sdkLogLevelDefault);
}

function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

function writeErrorLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function runProduce(raw: RawBenchOptions): Promise<void> {
  const settings = produceSettingsOf(raw);
  const batch = settings.batchSize > 1 ? `, batches of ${settings.batchSize}` : '';
  await runBench({
    kind: 'produce',
    title: `topic ${settings.topic}, ${settings.mode}${batch}, ${settings.concurrency} in flight, ${settings.messageSizeBytes} B bodies, NameServer ${settings.namesrvAddr}`,
    durationMs: settings.durationMs,
    logger: sdkLogger(),
    makeLoad: (ctx) => new ProduceLoad(settings, ctx),
    write: writeLine,
    writeError: writeErrorLine,
  });
}

async function runConsume(raw: RawBenchOptions): Promise<void> {
  const settings = consumeSettingsOf(raw);
  await runBench({
    kind: 'consume',
    title: `topic ${settings.topic}, group ${settings.group}, ${settings.concurrency} handlers, from ${settings.from}, NameServer ${settings.namesrvAddr}`,
    durationMs: settings.durationMs,
    logger: sdkLogger(),
    makeLoad: (ctx) => new ConsumeLoad(settings, ctx),
    write: writeLine,
    writeError: writeErrorLine,
  });
}
