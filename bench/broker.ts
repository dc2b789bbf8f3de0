// Broker throughput and `rmq dev` footprint, with real `rmq` processes on loopback.
//
//   node build/bench/main.js broker [--seconds 4] [--dev-runs 5] [--json figures.json]
//                                   [--cases send,batch,sdk,pull,dev]   (default: all)
//                                   [--batch-size 32] [--batch-window 8]
//
// Cases, each against a fresh broker process in a temporary folder (removed afterwards):
//   send ASYNC_FLUSH / SYNC_FLUSH   SEND_MESSAGE_V2, 1 KiB bodies, ROCKETMQ binary headers, 256 in
//                                   flight over 8 queues, from this project's RemotingClient
//   batch ASYNC_FLUSH / SYNC_FLUSH  SEND_BATCH_MESSAGE of 32 x 1 KiB (bodies written by the SDK's
//                                   batch encoder, each entry with TAGS, KEYS, WAIT, UNIQ_KEY),
//                                   8 batches in flight over 8 queues; rates count messages
//   SDK send ASYNC_FLUSH / SYNC_FLUSH  the same through our SDK producer (routes from a NameServer
//                                   process, UNIQ_KEY, retries), 256 sends in flight
//   pull                            PULL_MESSAGE maxMsgNums 32, one pull in flight per queue (as a
//                                   push consumer does), over what the ASYNC_FLUSH case stored
//   rmq dev start-up                spawn -> "Broker listening" line, median of --dev-runs
//   rmq dev idle RSS                VmRSS from /proc/<pid>/status, 1 s after the ready line
// Same-run baseline for SYNC_FLUSH: write(4 KiB) + fdatasync calls/s from Node in the same folder,
// the rate one-flush-per-send would be held to; group commit should beat it by far.
// Each send case also reports the CPU time per message of both processes over the measured
// window (this process's cpuUsage, the broker's utime + stime from /proc): steadier than msg/s on
// a shared machine, and it says which side is the bottleneck.
// Profiling: BENCH_BROKER_NODE_OPTIONS becomes the NODE_OPTIONS of the broker and NameServer
// processes (--cpu-prof is refused there: --import a module that starts node:inspector's profiler).
// The bench process is the client; the broker runs in its own process, as in production.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { batchEntryBytes, batchEntryOf, writeBatchBody, type BatchEntry } from '../src/client/producer/batch-encoding.js';
import type { EncodedMessage } from '../src/client/producer/message-encoding.js';
import { createProducer } from '../src/client/producer/producer.js';
import { ResponseCode } from '../src/common/response-code.js';
import { RemotingClient } from '../src/remoting/net/remoting-client.js';
import { SerializeType, createRequest, type ExtFields, type RemotingCommand } from '../src/remoting/protocol/command.js';
import { PullSysFlag } from '../src/remoting/protocol/headers/pull.js';
import { RequestCode } from '../src/remoting/protocol/request-code.js';
import { brokerReadyLine, launchRmq, type LaunchedProcess } from '../src/testing/process-launcher.js';
import { fmt, median, option, readCpuUs } from './shared/bench-helpers.js';
import { loopback, withBenchServers } from './shared/bench-servers.js';

const bodyBytes = 1024;
const sendWindow = 256;
const batchSizeDefault = 32;
const batchWindowDefault = 8;
const caseNames = ['send', 'batch', 'sdk', 'pull', 'dev'] as const;
type CaseName = (typeof caseNames)[number];
const queueCount = 8;
const pullBatchMax = 32;
const warmupMs = 500;
const callTimeoutMs = 10_000;
const devIdleMs = 1000;
const fsyncProbeMs = 1000;
const fsyncProbeBytes = 4096;
const startupTargetMs = 1000;
const rssTargetMb = 100;
const topic = 'BenchBrokerTopic';
const producerGroup = 'bench_broker_producer';
const consumerGroup = 'bench_broker_consumer';
/** Each stored record opens with its int32 total size. */
const recordSizeFieldBytes = 4;

/** A send case's rate, failures and CPU microseconds per message of each process. */
interface SendFigures {
  perSec: number;
  errors: number;
  clientUsPerMsg: number;
  brokerUsPerMsg: number;
}

/** Each case's figures; a case left out by --cases has none. */
interface Figures {
  sendAsync?: SendFigures;
  batchAsync?: SendFigures;
  sdkSendAsync?: SendFigures;
  sendSync?: SendFigures;
  batchSync?: SendFigures;
  sdkSendSync?: SendFigures;
  batchSize: number;
  batchWindow: number;
  pullPerSec?: number;
  fdatasyncPerSec: number;
  devStartupMs?: number;
  devStartupRunsMs?: number[];
  devIdleRssMb?: number;
  brokerRssAfterSendMb?: number;
  sendErrors: number;
}

/** A batch shape: messages per SEND_BATCH_MESSAGE and requests in flight. */
interface BatchShape {
  size: number;
  window: number;
}

export async function run(args: string[]): Promise<void> {
  const seconds = Number(option(args, '--seconds') ?? 4);
  const devRuns = Number(option(args, '--dev-runs') ?? 5);
  const jsonPath = option(args, '--json');
  const batch: BatchShape = { size: Number(option(args, '--batch-size') ?? batchSizeDefault), window: Number(option(args, '--batch-window') ?? batchWindowDefault) };
  const cases = parseCases(option(args, '--cases'));
  if (!(seconds > 0) || !(devRuns > 0)) throw new Error('--seconds and --dev-runs must be positive numbers');
  if (!(Number.isInteger(batch.size) && batch.size > 0) || !(Number.isInteger(batch.window) && batch.window > 0)) {
    throw new Error('--batch-size and --batch-window must be positive integers');
  }
  const measureMs = seconds * 1000;
  console.log(`broker: ${bodyBytes} B bodies, ${sendWindow} sends in flight over ${queueCount} queues, ${seconds} s per case, broker in a child process`);

  const dev = cases.has('dev') ? await measureDev(devRuns) : undefined;
  const asyncRun = await withBenchServers('broker', ['flushDiskType=ASYNC_FLUSH'], async (broker, namesrvAddr, dir) => {
    const send = cases.has('send') || cases.has('pull') ? await measureSend(broker, measureMs, singleShape) : undefined;
    const rssMb = send ? readRssMb(broker.pid) : undefined;
    const batchSend = cases.has('batch') ? await measureSend(broker, measureMs, batch) : undefined;
    const sdkSend = cases.has('sdk') ? await measureSdkSend(broker, namesrvAddr, measureMs) : undefined;
    const pull = cases.has('pull') ? await measurePull(broker.address, measureMs) : undefined;
    return { send, batchSend, sdkSend, pull, rssMb, fsync: measureFdatasync(dir) };
  });
  const syncRun = await withBenchServers('broker', ['flushDiskType=SYNC_FLUSH'], async (broker, namesrvAddr) => ({
    send: cases.has('send') ? await measureSend(broker, measureMs, singleShape) : undefined,
    batchSend: cases.has('batch') ? await measureSend(broker, measureMs, batch) : undefined,
    sdkSend: cases.has('sdk') ? await measureSdkSend(broker, namesrvAddr, measureMs) : undefined,
  }));

  const sendCases = [asyncRun.send, asyncRun.batchSend, asyncRun.sdkSend, syncRun.send, syncRun.batchSend, syncRun.sdkSend];
  const figures: Figures = {
    sendAsync: asyncRun.send,
    batchAsync: asyncRun.batchSend,
    sdkSendAsync: asyncRun.sdkSend,
    sendSync: syncRun.send,
    batchSync: syncRun.batchSend,
    sdkSendSync: syncRun.sdkSend,
    batchSize: batch.size,
    batchWindow: batch.window,
    pullPerSec: asyncRun.pull,
    fdatasyncPerSec: asyncRun.fsync,
    devStartupMs: dev?.startupMs,
    devStartupRunsMs: dev?.runsMs,
    devIdleRssMb: dev?.rssMb,
    brokerRssAfterSendMb: asyncRun.rssMb,
    sendErrors: sendCases.reduce((n, c) => n + (c?.errors ?? 0), 0),
  };
  printTable(figures);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
}

function parseCases(list: string | undefined): Set<CaseName> {
  if (list === undefined) return new Set(caseNames);
  const cases = new Set<CaseName>();
  for (const name of list.split(',')) {
    if (!(caseNames as readonly string[]).includes(name)) throw new Error(`--cases: unknown case ${name}; known: ${caseNames.join(', ')}`);
    cases.add(name as CaseName);
  }
  return cases;
}

// ---- rmq dev --------------------------------------------------------------------------------

async function measureDev(runs: number): Promise<{ startupMs: number; runsMs: number[]; rssMb: number }> {
  const runsMs: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-bench-dev-'));
    try {
      const started = performance.now();
      const dev = await launchRmq(['dev', '--data', join(dir, 'data'), '-p', '0', '--broker-port', '0'], { readyLine: brokerReadyLine });
      runsMs.push(performance.now() - started);
      await sleep(devIdleMs);
      rss.push(readRssMb(dev.pid));
      const exit = await dev.stop();
      if (exit.code !== 0) throw new Error(`rmq dev exited with ${JSON.stringify(exit)}: ${dev.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { startupMs: median(runsMs), runsMs, rssMb: median(rss) };
}

/** Starts a measured window: call the result with the messages answered in it. */
function cpuWindow(brokerPid: number): (messages: number) => { clientUsPerMsg: number; brokerUsPerMsg: number } {
  const client = process.cpuUsage();
  const broker = readCpuUs(brokerPid);
  return (messages) => {
    const used = process.cpuUsage(client);
    const n = Math.max(messages, 1);
    return { clientUsPerMsg: (used.user + used.system) / n, brokerUsPerMsg: (readCpuUs(brokerPid) - broker) / n };
  };
}

/** Resident set size of a live process, MB (VmRSS is in kB). */
function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

// ---- broker processes -----------------------------------------------------------------------

// ---- send -----------------------------------------------------------------------------------

/** Properties as our producer writes them: a tag, a key and a unique id per message, WAIT=true. */
function properties(n: number): string {
  return `TAGS\u0001TagA\u0002KEYS\u0001k${n}\u0002WAIT\u0001true\u0002UNIQ_KEY\u0001${uniqKey(n)}`;
}

function uniqKey(n: number): string {
  return `7F00000100002A9F${n.toString(16).toUpperCase().padStart(16, '0')}`;
}

/** Single sends: one message per request, `sendWindow` in flight. */
const singleShape: BatchShape = { size: 1, window: sendWindow };

function sendHeader(n: number, props: string, batch: boolean): ExtFields {
  return {
    a: producerGroup,
    b: topic,
    c: 'TBW102',
    d: String(queueCount),
    e: String(n % queueCount),
    f: '0',
    g: String(Date.now()),
    h: '0',
    i: props,
    j: '0',
    k: 'false',
    m: String(batch),
  };
}

/** Request `n` of a case: SEND_MESSAGE_V2, or SEND_BATCH_MESSAGE of `size` messages when size > 1. */
function sendRequest(n: number, body: Buffer, size: number): RemotingCommand {
  if (size === 1) {
    return createRequest(RequestCode.SEND_MESSAGE_V2, { serializeType: SerializeType.ROCKETMQ, extFields: sendHeader(n, properties(n), false), body });
  }
  // The batch body as the SDK writes it; the envelope holds WAIT only, as the SDK's does.
  const entries: BatchEntry[] = [];
  let bytes = 0;
  for (let i = 0; i < size; i++) {
    const id = n * size + i;
    const message: EncodedMessage = { topic, body, properties: properties(id), sysFlag: 0, flag: 0, msgId: uniqKey(id), waitStoreMsgOk: true, delayLevel: 0 };
    const entry = batchEntryOf(message);
    entries.push(entry);
    bytes += batchEntryBytes(entry);
  }
  const extFields = sendHeader(n, 'WAIT\u0001true', true);
  return createRequest(RequestCode.SEND_BATCH_MESSAGE, { serializeType: SerializeType.ROCKETMQ, extFields, body: writeBatchBody(entries, bytes) });
}

/** `shape.window` requests of `shape.size` messages in flight; rates and CPU count messages. */
async function measureSend(broker: LaunchedProcess, measureMs: number, shape: BatchShape): Promise<SendFigures> {
  const brokerAddr = broker.address;
  const client = new RemotingClient();
  const body = Buffer.alloc(bodyBytes, 0x61);
  try {
    // The first send creates the topic from TBW102 with `queueCount` queues.
    const first = await client.invoke(brokerAddr, sendRequest(0, body, 1), callTimeoutMs);
    if (first.code !== ResponseCode.SUCCESS) throw new Error(`first send answered ${first.code} ${first.remark ?? ''}`);
    let sent = 1;
    let done = 0;
    let errors = 0;
    let firstError: string | undefined;
    let stopping = false;
    let countFrom = 0;
    let measureStart = 0;
    let measureEnd = 0;
    let allAnswered = (): void => {};
    const finished = new Promise<void>((resolve) => (allAnswered = resolve));
    let inFlight = 0;
    const onAnswer = (error: Error | undefined, response?: RemotingCommand): void => {
      inFlight--;
      done += shape.size;
      if (error !== undefined || response?.code !== ResponseCode.SUCCESS) {
        errors += shape.size;
        firstError ??= error?.message ?? `code ${response?.code} ${response?.remark ?? ''}`;
      }
      if (!stopping) sendOne();
      else if (inFlight === 0) allAnswered();
    };
    const sendOne = (): void => {
      inFlight++;
      client.invokeAsync(brokerAddr, sendRequest(sent++, body, shape.size), callTimeoutMs, onAnswer);
    };
    for (let i = 0; i < shape.window; i++) sendOne();
    await sleep(warmupMs);
    countFrom = done;
    measureStart = performance.now();
    const cpu = cpuWindow(broker.pid);
    await sleep(measureMs);
    const counted = done - countFrom;
    measureEnd = performance.now();
    const cpuPerMsg = cpu(counted);
    stopping = true;
    await finished;
    if (firstError !== undefined) console.log(`  ${errors} sends failed, first: ${firstError}`);
    return { perSec: counted / ((measureEnd - measureStart) / 1000), errors, ...cpuPerMsg };
  } finally {
    client.close();
  }
}

/** The same load through our SDK producer: route from the NameServer, then `sendWindow` sends in flight. */
async function measureSdkSend(broker: LaunchedProcess, namesrvAddr: string, measureMs: number): Promise<SendFigures> {
  const producer = createProducer({ nameServer: namesrvAddr, group: `${producerGroup}_sdk`, clientIp: loopback });
  await producer.start();
  const body = Buffer.alloc(bodyBytes, 0x62);
  try {
    let done = 0;
    let errors = 0;
    let firstError: string | undefined;
    let stopping = false;
    let n = 0;
    const worker = async (): Promise<void> => {
      while (!stopping) {
        try {
          await producer.send({ topic, body, tags: 'TagA', keys: `sdk${n++}` });
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
        done++;
      }
    };
    const workers = Array.from({ length: sendWindow }, worker);
    await sleep(warmupMs);
    const countFrom = done;
    const measureStart = performance.now();
    const cpu = cpuWindow(broker.pid);
    await sleep(measureMs);
    const counted = done - countFrom;
    const measureEnd = performance.now();
    const cpuPerMsg = cpu(counted);
    stopping = true;
    await Promise.all(workers);
    if (firstError !== undefined) console.log(`  ${errors} SDK sends failed, first: ${firstError}`);
    return { perSec: counted / ((measureEnd - measureStart) / 1000), errors, ...cpuPerMsg };
  } finally {
    await producer.shutdown();
  }
}

// ---- pull -----------------------------------------------------------------------------------

function pullRequest(queueId: number, queueOffset: number): RemotingCommand {
  const extFields: ExtFields = {
    consumerGroup,
    topic,
    queueId: String(queueId),
    queueOffset: String(queueOffset),
    maxMsgNums: String(pullBatchMax),
    sysFlag: String(PullSysFlag.subscription),
    commitOffset: '0',
    suspendTimeoutMillis: '0',
    subscription: '*',
    subVersion: '0',
  };
  return createRequest(RequestCode.PULL_MESSAGE, { serializeType: SerializeType.ROCKETMQ, extFields });
}

/** Stored records lie back to back, each opening with its int32 total size. */
function countRecords(body: Buffer | undefined): number {
  let count = 0;
  for (let at = 0; body !== undefined && at + recordSizeFieldBytes <= body.length; at += body.readInt32BE(at)) count++;
  return count;
}

/** Pulls every queue from 0 until it is drained or the time is up; messages/s. */
async function measurePull(brokerAddr: string, measureMs: number): Promise<number> {
  const client = new RemotingClient();
  try {
    let pulled = 0;
    const started = performance.now();
    const deadline = started + measureMs;
    const drainQueue = async (queueId: number): Promise<void> => {
      let offset = 0;
      while (performance.now() < deadline) {
        const response = await client.invoke(brokerAddr, pullRequest(queueId, offset), callTimeoutMs);
        if (response.code !== ResponseCode.SUCCESS) {
          if (response.code === ResponseCode.PULL_NOT_FOUND) return;
          throw new Error(`pull of queue ${queueId} at ${offset} answered ${response.code} ${response.remark ?? ''}`);
        }
        pulled += countRecords(response.body);
        offset = Number(response.extFields?.nextBeginOffset);
      }
    };
    await Promise.all(Array.from({ length: queueCount }, (_, queueId) => drainQueue(queueId)));
    return pulled / ((performance.now() - started) / 1000);
  } finally {
    client.close();
  }
}

// ---- same-run baseline ----------------------------------------------------------------------

/** write(4 KiB) + fdatasync per call, for fsyncProbeMs, in `dir` (the broker's disk). */
function measureFdatasync(dir: string): number {
  const path = join(dir, 'fdatasync-probe');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(fsyncProbeBytes, 0x62);
  try {
    let calls = 0;
    const started = performance.now();
    while (performance.now() - started < fsyncProbeMs) {
      writeSync(fd, block);
      fdatasyncSync(fd);
      calls++;
    }
    return calls / ((performance.now() - started) / 1000);
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

// ---- report ---------------------------------------------------------------------------------

function printTable(f: Figures): void {
  const batchName = `batch of ${f.batchSize}, ${f.batchWindow} in flight`;
  const rows: Array<[string, string, string] | undefined> = [
    f.sendAsync && ['send ASYNC_FLUSH, msgs/s', fmt(f.sendAsync.perSec), cpuNote(f.sendAsync)],
    f.batchAsync && [`${batchName} ASYNC_FLUSH, msgs/s`, fmt(f.batchAsync.perSec), cpuNote(f.batchAsync)],
    f.sdkSendAsync && [
      'SDK producer send ASYNC_FLUSH, msgs/s',
      fmt(f.sdkSendAsync.perSec),
      `${f.sendAsync ? `${(f.sdkSendAsync.perSec / f.sendAsync.perSec).toFixed(2)}x the raw remoting sends; ` : ''}${cpuNote(f.sdkSendAsync)}`,
    ],
    f.sendSync && ['send SYNC_FLUSH, msgs/s', fmt(f.sendSync.perSec), `${(f.sendSync.perSec / f.fdatasyncPerSec).toFixed(1)}x fdatasync/s (${fmt(f.fdatasyncPerSec)}); ${cpuNote(f.sendSync)}`],
    f.batchSync && [`${batchName} SYNC_FLUSH, msgs/s`, fmt(f.batchSync.perSec), cpuNote(f.batchSync)],
    f.sdkSendSync && ['SDK producer send SYNC_FLUSH, msgs/s', fmt(f.sdkSendSync.perSec), cpuNote(f.sdkSendSync)],
    f.pullPerSec === undefined ? undefined : [`pull (maxMsgNums ${pullBatchMax}, ${queueCount} queues), msgs/s`, fmt(f.pullPerSec), ''],
    f.devStartupMs === undefined ? undefined : ['rmq dev start-up, ms (median)', f.devStartupMs.toFixed(0), verdict(f.devStartupMs < startupTargetMs, `< ${startupTargetMs} ms`)],
    f.devIdleRssMb === undefined ? undefined : ['rmq dev idle RSS, MB (median)', f.devIdleRssMb.toFixed(1), verdict(f.devIdleRssMb < rssTargetMb, `< ${rssTargetMb} MB`)],
    f.brokerRssAfterSendMb === undefined ? undefined : ['broker RSS after ASYNC sends, MB', f.brokerRssAfterSendMb.toFixed(1), ''],
  ];
  console.log('| case | figure | target / baseline |');
  console.log('|---|---:|---|');
  for (const row of rows) if (row) console.log(`| ${row[0]} | ${row[1]} | ${row[2]} |`);
  if (f.devStartupRunsMs) console.log(`rmq dev start-up runs (ms): ${f.devStartupRunsMs.map((ms) => ms.toFixed(0)).join(', ')}`);
  if (f.sendErrors > 0) console.log(`WARNING: ${f.sendErrors} sends failed; the send figures count them`);
}

function cpuNote(s: SendFigures): string {
  return `CPU µs/msg: client ${s.clientUsPerMsg.toFixed(1)}, broker ${s.brokerUsPerMsg.toFixed(1)}`;
}

function verdict(met: boolean, target: string): string {
  return `${target}: ${met ? 'MET' : 'NOT MET'}`;
}
