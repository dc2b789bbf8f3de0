// Message store throughput and CPU per put against this machine's limits, measured in the same run.
//
//   node build/bench/main.js store [--seconds 2] [--read-messages 300000] [--only TEXT]
//   node build/bench/main.js store --latency [--seconds 10]
//
// Machine limits (a temporary folder under os.tmpdir()):
//   sequential write   1 MiB writes into a preallocated file, then one fdatasync: MB/s
//   write + fdatasync  write(4 KiB) then fdatasync, back to back: calls/s
//   put floor          what one put cannot avoid, in CPU µs: its record copied into a 256 KiB
//                      batch that one write() hands to the page cache of a fresh file (as the
//                      commit log does per turn), plus the body CRC (bodyCrcOf)
// Store cases (a fresh store each, default 1 GiB segments, index on, every message with
// TAGS and UNIQ_KEY passed as dispatch hints as the broker does):
//   put 128 B and 1 KiB, ASYNC_FLUSH and SYNC_FLUSH, 1 and 256 concurrent putters: msgs/s, MB/s,
//     and CPU µs per put (process user + system time over the case, every thread)
//   read: get() of 32 at a time over a full queue of 1 KiB messages, after one warm-up pass: msgs/s
// Ratios: put MB/s over sequential write MB/s; ASYNC_FLUSH CPU µs per put over the put floor;
// SYNC_FLUSH puts/s over write+fdatasync calls/s (how many puts one group commit carries). The
// fdatasync probe runs again right before the SYNC_FLUSH cases: on a shared disk the rate drifts
// within a run. `--only TEXT` runs the put cases whose name contains TEXT (e.g. "ASYNC_FLUSH 1024").
//
// `--latency`: puts of 1 KiB at a fixed 5,000/s (open loop, 1 ms ticks) under ASYNC_FLUSH with
// flushIntervalCommitLog 500 and 50 ms, and SYNC_FLUSH: put latency from each put's scheduled
// time (so a stalled event loop counts) at p50/p99/p99.9/max, and event-loop delay p99/max.
import { closeSync, fdatasyncSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createLogger } from '../src/common/logger.js';
import { encodeProperties } from '../src/common/message/properties-codec.js';
import { bodyCrcOf } from '../src/common/message/stored-message-crc.js';
import { storedMessageSize } from '../src/common/message/stored-message-layout.js';
import type { PutMessage } from '../src/store/api.js';
import { MessageStore } from '../src/store/message-store.js';
import type { FlushDiskType } from '../src/store/store-config.js';
import { testBornHost, testStoreHost } from '../src/testing/store-messages.js';

const mib = 1024 * 1024;
const seqWriteFileBytes = 512 * mib;
const seqWriteChunkBytes = mib;
const fsyncProbeBytes = 4096;
const fsyncProbeMs = 1000;
const floorBatchBytes = 256 * 1024;
const floorFileBytes = 256 * mib;
const crcProbeCalls = 200_000;
const readBatch = 32;
const topic = 'BenchStoreTopic';
const targets = { asyncPutsPerSec1KiB: 1_000_000, syncPutsPerSec256: 100_000, readsPerSec: 1_000_000 };
const putSecondsDefault = 2;
const latencySecondsDefault = 10;
const latencyWarmUpSeconds = 2;
const latencyPutsPerSec = 5000;
const latencyTickMs = 1;

interface Options {
  seconds: number | undefined;
  readMessages: number;
  only: string | undefined;
  latency: boolean;
}

function parseArgs(args: string[]): Options {
  const options: Options = { seconds: undefined, readMessages: 300_000, only: undefined, latency: false };
  for (let i = 0; i < args.length; i += 2) {
    const value = Number(args[i + 1]);
    if (args[i] === '--latency') {
      options.latency = true;
      i--;
    } else if (args[i] === '--seconds' && value > 0) options.seconds = value;
    else if (args[i] === '--read-messages' && value > 0) options.readMessages = value;
    else if (args[i] === '--only' && args[i + 1]) options.only = args[i + 1];
    else throw new Error(`unknown option ${args[i]} (use --seconds N, --read-messages N, --only TEXT, --latency)`);
  }
  return options;
}

const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

function sequentialWriteMBps(dir: string): number {
  const path = join(dir, 'seq');
  const fd = openSync(path, 'w+');
  ftruncateSync(fd, seqWriteFileBytes);
  const chunk = Buffer.alloc(seqWriteChunkBytes, 7);
  const start = performance.now();
  for (let at = 0; at < seqWriteFileBytes; at += chunk.length) writeSync(fd, chunk, 0, chunk.length, at);
  fdatasyncSync(fd);
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  rmSync(path);
  return seqWriteFileBytes / mib / seconds;
}

function fdatasyncPerSec(dir: string): number {
  const path = join(dir, 'fsync');
  const fd = openSync(path, 'w+');
  const block = Buffer.alloc(fsyncProbeBytes, 1);
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < fsyncProbeMs) {
    writeSync(fd, block, 0, block.length, calls * fsyncProbeBytes);
    fdatasyncSync(fd);
    calls++;
  }
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  rmSync(path);
  return calls / seconds;
}

interface PutFloor {
  /** CPU µs to copy one record into a batch and write it to the page cache. */
  appendMicros: number;
  crcMicros: number;
  /** MB/s of those batched writes into a fresh file, without sync. */
  appendMBps: number;
}

/** The CPU a put of `recordBytes` with a `bodyBytes` body cannot avoid (see the top). */
function putFloor(dir: string, recordBytes: number, bodyBytes: number): PutFloor {
  const path = join(dir, 'floor');
  const fd = openSync(path, 'w+');
  ftruncateSync(fd, floorFileBytes);
  const record = Buffer.alloc(recordBytes, 0x61);
  const batch = Buffer.allocUnsafeSlow(floorBatchBytes);
  const perBatch = Math.floor(floorBatchBytes / recordBytes);
  let records = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let at = 0; at + perBatch * recordBytes <= floorFileBytes; at += perBatch * recordBytes) {
    for (let r = 0; r < perBatch; r++) record.copy(batch, r * recordBytes);
    writeSync(fd, batch, 0, perBatch * recordBytes, at);
    records += perBatch;
  }
  const appendMicros = cpuMicros(cpu) / records;
  const appendMBps = (records * recordBytes) / mib / ((performance.now() - start) / 1000);
  closeSync(fd);
  rmSync(path);
  const body = Buffer.alloc(bodyBytes, 0x62);
  let x = 0;
  for (let i = 0; i < crcProbeCalls / 10; i++) x ^= bodyCrcOf(body);
  const crcCpu = process.cpuUsage();
  for (let i = 0; i < crcProbeCalls; i++) x ^= bodyCrcOf(body);
  const crcMicros = cpuMicros(crcCpu) / crcProbeCalls;
  if (x === -1) throw new Error('unreachable: keeps the CRC loop from being optimised away');
  return { appendMicros, crcMicros, appendMBps };
}

const propertiesOf = (tags: string, uniqKey: string): string =>
  encodeProperties(new Map([['TAGS', tags], ['UNIQ_KEY', uniqKey], ['WAIT', 'true']]));

function recordBytesOf(bodyBytes: number): number {
  return storedMessageSize(bodyBytes, Buffer.byteLength(topic), Buffer.byteLength(propertiesOf('TagA', '0A0000020FA0'.padEnd(32, '0'))), false, false);
}

function message(bodyBytes: number, n: number): PutMessage {
  const tags = 'TagA';
  const uniqKey = `0A0000020FA0${String(n).padStart(20, '0')}`;
  return {
    topic,
    queueId: n % 8,
    flag: 0,
    body: Buffer.alloc(bodyBytes, 0x61),
    properties: propertiesOf(tags, uniqKey),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: testBornHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    dispatch: { tags, keys: undefined, uniqKey, delayLevel: 0 },
  };
}

async function openStore(dir: string, flushDiskType: FlushDiskType, flushIntervalCommitLog?: number): Promise<MessageStore> {
  const config = { storePathRootDir: dir, flushDiskType, ...(flushIntervalCommitLog === undefined ? {} : { flushIntervalCommitLog }) };
  const store = new MessageStore({ storeHost: testStoreHost, config, logger: createLogger('bench-store', 'warn') });
  await store.start();
  return store;
}

interface PutFigures {
  msgsPerSec: number;
  mbPerSec: number;
  cpuMicrosPerPut: number;
}

async function putCase(dir: string, flushDiskType: FlushDiskType, bodyBytes: number, putters: number, seconds: number): Promise<PutFigures> {
  const store = await openStore(dir, flushDiskType);
  const pool = Array.from({ length: putters }, (_, i) => message(bodyBytes, i));
  let count = 0;
  let bytes = 0;
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const putter = async (m: PutMessage): Promise<void> => {
    while (performance.now() < deadline) {
      const r = await store.put(m);
      if (r.status === 'PUT_OK') {
        count++;
        bytes += r.wroteBytes;
      } else {
        failures++;
      }
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(pool.map(putter));
  const elapsed = (performance.now() - start) / 1000;
  const cpuMicrosPerPut = cpuMicros(cpu) / count;
  await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
  if (failures > 0) throw new Error(`${failures} puts failed in ${flushDiskType} ${bodyBytes} B x${putters}`);
  return { msgsPerSec: count / elapsed, mbPerSec: bytes / mib / elapsed, cpuMicrosPerPut };
}

async function readCase(dir: string, messages: number): Promise<number> {
  const store = await openStore(dir, 'ASYNC_FLUSH');
  const m = { ...message(1024, 0), queueId: 0 };
  const window = 256;
  for (let sent = 0; sent < messages; sent += window) {
    await Promise.all(Array.from({ length: Math.min(window, messages - sent) }, () => store.put(m)));
  }
  const max = store.maxOffsetInQueue(topic, 0);
  const pass = (): number => {
    let read = 0;
    const start = performance.now();
    for (let offset = 0; offset < max; ) {
      const r = store.get('bench', topic, 0, offset, readBatch, 1 << 20);
      if (r.status !== 'FOUND') throw new Error(`get at ${offset}: ${r.status}`);
      read += r.messages.length;
      offset = r.nextBeginOffset;
    }
    return read / ((performance.now() - start) / 1000);
  };
  pass();
  const rate = pass();
  await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

const bodySizes = [128, 1024] as const;
const putterCounts = [1, 256] as const;
const caseName = (flush: FlushDiskType, bodyBytes: number, putters: number): string => `${flush} ${String(bodyBytes).padStart(4)} B x${String(putters).padEnd(3)}`;
interface LatencyFigures {
  /** Put latency from each put's scheduled time, ms. */
  p50: number;
  p99: number;
  p999: number;
  max: number;
  loopDelayP99: number;
  loopDelayMax: number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

/** Puts at a fixed rate (open loop) and how late each settles, counted from when it was due. */
async function latencyCase(dir: string, flushDiskType: FlushDiskType, flushIntervalMs: number, seconds: number): Promise<LatencyFigures> {
  const store = await openStore(dir, flushDiskType, flushIntervalMs);
  const total = latencyPutsPerSec * seconds;
  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now();
  let sent = 0;
  let settled = 0;
  await new Promise<void>((done, fail) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * latencyPutsPerSec));
      for (; sent < due; sent++) {
        const dueAt = start + (sent / latencyPutsPerSec) * 1000;
        store.put(message(1024, sent)).then((r) => {
          if (r.status !== 'PUT_OK') fail(new Error(`put answered ${r.status}`));
          latencies.push(performance.now() - dueAt);
          if (++settled === total) done();
        }, fail);
      }
      if (sent < total) setTimeout(tick, latencyTickMs);
    };
    tick();
  });
  loop.disable();
  await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    p999: quantile(latencies, 0.999),
    max: latencies[latencies.length - 1] ?? 0,
    loopDelayP99: loop.percentile(99) / 1e6,
    loopDelayMax: loop.max / 1e6,
  };
}

async function runLatency(root: string, seconds: number): Promise<void> {
  const cases: [FlushDiskType, number][] = [
    ['ASYNC_FLUSH', 500],
    ['ASYNC_FLUSH', 50],
    ['SYNC_FLUSH', 500],
  ];
  // A first, unreported run: compiling the put path and first allocations would land on case one.
  await latencyCase(join(root, 'latency-warm-up'), 'ASYNC_FLUSH', 500, latencyWarmUpSeconds);
  let n = 0;
  for (const [flush, intervalMs] of cases) {
    const r = await latencyCase(join(root, `latency-${n++}`), flush, intervalMs, seconds);
    const ms = (x: number): string => x.toFixed(2);
    const name = flush === 'ASYNC_FLUSH' ? `${flush} flushIntervalCommitLog=${intervalMs}` : flush;
    console.log(
      `latency ${fmt(latencyPutsPerSec)} puts/s of 1 KiB, ${name}: from due time p50 ${ms(r.p50)} p99 ${ms(r.p99)} p99.9 ${ms(r.p999)} max ${ms(r.max)} ms; ` +
        `event-loop delay p99 ${ms(r.loopDelayP99)} max ${ms(r.loopDelayMax)} ms`,
    );
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const us = (n: number): string => n.toFixed(2);
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const verdict = (value: number, target: number): string => (value >= target ? 'target met' : `target ${fmt(target)} MISSED`);

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const root = mkdtempSync(join(tmpdir(), 'rmq-bench-store-'));
  try {
    if (options.latency) {
      await runLatency(root, options.seconds ?? latencySecondsDefault);
      return;
    }
    const seconds = options.seconds ?? putSecondsDefault;
    const seqMBps = sequentialWriteMBps(root);
    const syncsPerSec = fdatasyncPerSec(root);
    console.log(`machine: sequential write ${fmt(seqMBps)} MB/s (1 MiB writes + fdatasync), write(4 KiB)+fdatasync ${fmt(syncsPerSec)} calls/s`);
    const floors = new Map<number, PutFloor>();
    for (const bodyBytes of bodySizes) {
      const f = putFloor(root, recordBytesOf(bodyBytes), bodyBytes);
      floors.set(bodyBytes, f);
      console.log(
        `machine: put floor ${String(bodyBytes).padStart(4)} B body (${recordBytesOf(bodyBytes)} B record): ${us(f.appendMicros + f.crcMicros)} µs = ` +
          `batched write ${us(f.appendMicros)} µs (${fmt(f.appendMBps)} MB/s into the page cache) + body CRC ${us(f.crcMicros)} µs`,
      );
    }
    const results = new Map<string, PutFigures>();
    let n = 0;
    let syncsNow = syncsPerSec;
    for (const flush of ['ASYNC_FLUSH', 'SYNC_FLUSH'] as const) {
      const names = bodySizes.flatMap((b) => putterCounts.map((p) => caseName(flush, b, p)));
      if (options.only && !names.some((name) => name.includes(options.only!))) continue;
      if (flush === 'SYNC_FLUSH') {
        syncsNow = fdatasyncPerSec(root);
        console.log(`machine: write(4 KiB)+fdatasync ${fmt(syncsNow)} calls/s (probed again before SYNC_FLUSH)`);
      }
      for (const bodyBytes of bodySizes) {
        for (const putters of putterCounts) {
          const name = caseName(flush, bodyBytes, putters);
          if (options.only && !name.includes(options.only)) continue;
          const r = await putCase(join(root, `put-${n++}`), flush, bodyBytes, putters, seconds);
          results.set(`${flush}/${bodyBytes}/${putters}`, r);
          const floor = floors.get(bodyBytes)!;
          const vsMachine =
            flush === 'SYNC_FLUSH'
              ? `${ratio(r.msgsPerSec, syncsNow)} of fdatasync/s`
              : `${ratio(r.mbPerSec, seqMBps)} of sequential write, ${ratio(r.cpuMicrosPerPut, floor.appendMicros + floor.crcMicros)} of the put floor`;
          console.log(`put ${name}: ${fmt(r.msgsPerSec).padStart(10)} msgs/s ${r.mbPerSec.toFixed(1).padStart(8)} MB/s ${us(r.cpuMicrosPerPut).padStart(6)} µs CPU/put  (${vsMachine})`);
        }
      }
    }
    if (options.only) return;
    const reads = await readCase(join(root, 'read'), options.readMessages);
    console.log(`read get() x${readBatch} over ${fmt(options.readMessages)} x 1 KiB: ${fmt(reads)} msgs/s`);
    const asyncPut = results.get('ASYNC_FLUSH/1024/256')!.msgsPerSec;
    const syncPut = results.get('SYNC_FLUSH/1024/256')!.msgsPerSec;
    console.log(`targets: ASYNC_FLUSH 1 KiB x256 ${fmt(asyncPut)} puts/s (${verdict(asyncPut, targets.asyncPutsPerSec1KiB)}); SYNC_FLUSH 1 KiB x256 ${fmt(syncPut)} puts/s (${verdict(syncPut, targets.syncPutsPerSec256)}); reads ${fmt(reads)} msgs/s (${verdict(reads, targets.readsPerSec)})`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
