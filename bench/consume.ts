// Consume throughput and end-to-end latency through real `rmq` processes on loopback, read with
// the lite pull consumer as the peer bench adapter does (bench/peers/adapters/rocketmq-ts.mjs).
//
//   node build/bench/main.js consume [--messages 200000] [--rounds 3] [--flush async|sync]
//                                    [--latency] [--rate 5000] [--seconds 10]
//
// Throughput: a NameServer and a broker process (maxTransferCountOnMessageInMemory 1024,
// maxTransferBytesOnMessageInMemory 2 MiB, as the peer bench runs it); a topic of one queue is
// filled with --messages bodies of 1 KiB by our producer (256 sends in flight), then each round
// reads it from the start with a fresh group: FIRST_OFFSET, pullBatchSize 1024, poll(100 ms)
// handing each body to a reader that checks its sequence number. Per round: msgs/s from
// start() to the last message, CPU µs per message of this process and of the broker over that
// window, and this process's GC pause time (perf_hooks 'gc' entries).
// --latency: after an unreported warm-up round, each round a consumer reads a fresh topic from
// its start while this process sends at --rate msgs/s for --seconds (open loop on 1 ms ticks,
// like the peer harness); each body carries its send time and the reader records now - send
// time: p50 / p99 / p99.9 / max, split at the broker's store timestamp (ms resolution, same
// clock) into send -> stored and stored -> returned by poll().
// Profiling: run this process with node --cpu-prof; BENCH_BROKER_NODE_OPTIONS becomes the
// NODE_OPTIONS of the broker and NameServer processes (--cpu-prof is refused there: use --import
// of a module that starts node:inspector's profiler).
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { createAdmin } from '../src/client/admin/admin-client.js';
import type { LitePullConsumerClient } from '../src/client/consumer/lite/lite-pull-consumer.js';
import { createLitePullConsumer } from '../src/client/consumer/lite/lite-pull-consumer.js';
import { createProducer, type ProducerClient } from '../src/client/producer/producer.js';
import { fmt, median, option, readCpuUs } from './shared/bench-helpers.js';
import { loopback, untilRouted, withBenchServers } from './shared/bench-servers.js';

const bodyBytes = 1024;
const sendWindow = 256;
const pullBatchSize = 1024;
const pollTimeoutMs = 100;
const clusterName = 'BenchConsume';
/** The SDK logs warnings and worse only (its info lines would land in the measured windows). */
const logger = pino({ level: 'warn' }, pino.destination(2));
/** The broker caps the peer bench runs with. */
const brokerCaps = ['maxTransferCountOnMessageInMemory=1024', 'maxTransferBytesOnMessageInMemory=2097152'];
/** Body layout: float64 send time (performance.now(), ms) then uint32 sequence number, little endian. */
const sentAtOffset = 0;
const seqOffset = 8;
const roundTimeoutMs = 120_000;
const latencySettleMs = 500;
const latencyTickMs = 1;
const latencyDrainMs = 30_000;

type Flush = 'async' | 'sync';

interface RoundFigures {
  perSec: number;
  clientUsPerMsg: number;
  brokerUsPerMsg: number;
  gcMs: number;
  outOfOrder: number;
}

export async function run(args: string[]): Promise<void> {
  const messages = Number(option(args, '--messages') ?? 200_000);
  const rounds = Number(option(args, '--rounds') ?? 3);
  const flush = (option(args, '--flush') ?? 'async') as Flush;
  const latency = args.includes('--latency');
  const rate = Number(option(args, '--rate') ?? 5000);
  const seconds = Number(option(args, '--seconds') ?? 10);
  if (!(messages > 0) || !(rounds > 0) || !(rate > 0) || !(seconds > 0)) throw new Error('--messages, --rounds, --rate and --seconds must be positive');
  if (flush !== 'async' && flush !== 'sync') throw new Error('--flush must be async or sync');

  const brokerConf = [`brokerClusterName=${clusterName}`, `flushDiskType=${flush === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH'}`, 'autoCreateTopicEnable=false', ...brokerCaps];
  await withBenchServers('consume', brokerConf, async (broker, nameServer) => {
    const admin = createAdmin({ nameServer, clientIp: loopback, logger });
    await admin.start();
    const producer = createProducer({ nameServer, clientIp: loopback, group: 'bench_consume_producer', logger });
    await producer.start();
    try {
      if (latency) {
        // Round 0 warms both processes up (JIT, the broker's first commit log and index files) unreported.
        for (let r = 0; r <= rounds; r++) {
          const topic = `BenchConsumeLatency${r}`;
          await admin.createTopic(topic, { clusterName }, { readQueueNums: 1, writeQueueNums: 1 });
          await untilRouted(admin, topic, roundTimeoutMs);
          const l = await latencyRound(nameServer, producer, topic, r, rate, seconds);
          if (r === 0) continue;
          console.log(`latency round ${r} @${rate}/s ${flush}: p50 ${l.p50.toFixed(2)} ms p99 ${l.p99.toFixed(2)} ms p99.9 ${l.p999.toFixed(2)} ms max ${l.max.toFixed(2)} ms (recv ${l.received}/${l.sent}); send -> stored p50 ${l.toStoreP50.toFixed(1)} p99 ${l.toStoreP99.toFixed(1)} ms, stored -> poll p50 ${l.fromStoreP50.toFixed(1)} p99 ${l.fromStoreP99.toFixed(1)} ms`);
        }
        return;
      }
      const topic = 'BenchConsumeTopic';
      await admin.createTopic(topic, { clusterName }, { readQueueNums: 1, writeQueueNums: 1 });
      await untilRouted(admin, topic, roundTimeoutMs);
      await fill(producer, topic, messages);
      const all: RoundFigures[] = [];
      for (let r = 1; r <= rounds; r++) {
        const f = await consumeRound(nameServer, topic, messages, broker.pid, r);
        all.push(f);
        console.log(`round ${r} ${flush}: ${fmt(f.perSec)} msgs/s, CPU µs/msg client ${f.clientUsPerMsg.toFixed(2)} broker ${f.brokerUsPerMsg.toFixed(2)}, client GC ${f.gcMs.toFixed(0)} ms${f.outOfOrder > 0 ? `, OUT OF ORDER ${f.outOfOrder}` : ''}`);
      }
      const med = (pick: (f: RoundFigures) => number): number => median(all.map(pick));
      console.log(`median ${flush} (${rounds} rounds, ${messages} x ${bodyBytes} B): ${fmt(med((f) => f.perSec))} msgs/s, CPU µs/msg client ${med((f) => f.clientUsPerMsg).toFixed(2)} broker ${med((f) => f.brokerUsPerMsg).toFixed(2)}, client GC ${med((f) => f.gcMs).toFixed(0)} ms`);
    } finally {
      await producer.shutdown();
      await admin.shutdown();
    }
  });
}

function body(seq: number): Buffer {
  const b = Buffer.alloc(bodyBytes, 0x61);
  b.writeDoubleLE(performance.now(), sentAtOffset);
  b.writeUInt32LE(seq, seqOffset);
  return b;
}

async function fill(producer: ProducerClient, topic: string, messages: number): Promise<void> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < messages) await producer.send({ topic, body: body(next++) });
  };
  await Promise.all(Array.from({ length: sendWindow }, worker));
  console.log(`filled ${messages} x ${bodyBytes} B in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function startConsumer(nameServer: string, group: string): LitePullConsumerClient {
  return createLitePullConsumer({ nameServer, clientIp: loopback, logger, group, consumeFromWhere: 'FIRST_OFFSET', autoCommit: false, pullBatchSize });
}

/** Polls until `stop` aborts, handing each body (and its store timestamp) to `onBody`. */
async function pollLoop(consumer: LitePullConsumerClient, stop: AbortSignal, onBody: (body: Buffer, storeTimestamp: number) => void): Promise<void> {
  while (!stop.aborted) {
    const batch = await consumer.poll(pollTimeoutMs, { signal: stop });
    for (const m of batch) onBody(m.body, onBody.length > 1 ? m.storeTimestamp : 0);
  }
}

async function consumeRound(nameServer: string, topic: string, messages: number, brokerPid: number, round: number): Promise<RoundFigures> {
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const consumer = startConsumer(nameServer, `bench_consume_${round}_${process.pid}`);
  const stop = new AbortController();
  let got = 0;
  let expect = 0;
  let outOfOrder = 0;
  let done = (): void => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const clientCpu = process.cpuUsage();
  const brokerCpu = readCpuUs(brokerPid);
  const started = performance.now();
  await consumer.start();
  consumer.assign(await consumer.fetchMessageQueues(topic));
  const loop = pollLoop(consumer, stop.signal, (b) => {
    const seq = b.readUInt32LE(seqOffset);
    if (seq !== expect) outOfOrder++;
    expect = seq + 1;
    if (++got === messages) done();
  });
  const timeout = setTimeout(() => done(), roundTimeoutMs);
  await finished;
  const secs = (performance.now() - started) / 1000;
  const used = process.cpuUsage(clientCpu);
  const brokerUs = readCpuUs(brokerPid) - brokerCpu;
  clearTimeout(timeout);
  stop.abort();
  await loop;
  await consumer.shutdown();
  gc.disconnect();
  if (got < messages) throw new Error(`round ${round}: ${got} of ${messages} messages within ${roundTimeoutMs} ms`);
  return { perSec: messages / secs, clientUsPerMsg: (used.user + used.system) / messages, brokerUsPerMsg: brokerUs / messages, gcMs, outOfOrder };
}

interface LatencyFigures {
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** Send -> the broker's store timestamp (ms resolution). */
  toStoreP50: number;
  toStoreP99: number;
  /** Store timestamp -> returned by poll(). */
  fromStoreP50: number;
  fromStoreP99: number;
  sent: number;
  received: number;
}

async function latencyRound(nameServer: string, producer: ProducerClient, topic: string, round: number, rate: number, seconds: number): Promise<LatencyFigures> {
  const consumer = startConsumer(nameServer, `bench_latency_${round}_${process.pid}`);
  await consumer.start();
  consumer.assign(await consumer.fetchMessageQueues(topic));
  const stop = new AbortController();
  const total = Math.round(rate * seconds);
  const latenciesMs: number[] = [];
  const toStoreMs: number[] = [];
  const fromStoreMs: number[] = [];
  let drained = (): void => {};
  const allReceived = new Promise<void>((resolve) => (drained = resolve));
  const loop = pollLoop(consumer, stop.signal, (b, storeTimestamp) => {
    const now = performance.now();
    const sentAt = b.readDoubleLE(sentAtOffset);
    const storedAt = storeTimestamp - performance.timeOrigin;
    latenciesMs.push(now - sentAt);
    toStoreMs.push(storedAt - sentAt);
    fromStoreMs.push(now - storedAt);
    if (latenciesMs.length === total) drained();
  });
  await sleep(latencySettleMs);
  let sent = 0;
  let inFlight = 0;
  const t0 = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    while (sent < due && inFlight < sendWindow) {
      inFlight++;
      producer.send({ topic, body: body(sent++) }).then(
        () => inFlight--,
        () => inFlight--,
      );
    }
    await sleep(latencyTickMs);
  }
  const timeout = setTimeout(() => drained(), latencyDrainMs);
  await allReceived;
  clearTimeout(timeout);
  stop.abort();
  await loop;
  await consumer.shutdown();
  const sorted = latenciesMs.sort((a, b) => a - b);
  const at = (p: number): number => percentile(sorted, p);
  const toStore = toStoreMs.sort((a, b) => a - b);
  const fromStore = fromStoreMs.sort((a, b) => a - b);
  return {
    p50: at(50),
    p99: at(99),
    p999: at(99.9),
    max: sorted[sorted.length - 1] ?? NaN,
    toStoreP50: percentile(toStore, 50),
    toStoreP99: percentile(toStore, 99),
    fromStoreP50: percentile(fromStore, 50),
    fromStoreP99: percentile(fromStore, 99),
    sent,
    received: sorted.length,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}
