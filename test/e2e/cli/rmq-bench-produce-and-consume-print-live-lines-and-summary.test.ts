// `rmq bench produce|consume` as real processes against a real `rmq dev` (free ports, temporary
// data): a live line each second and a summary in the documented shapes (bench-report.ts), with
// non-zero counts and no failures; -d ends the run with exit 0, and so does SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerReadyLine, launchRmq, namesrvReadyLine, runRmq } from '../../../src/testing/process-launcher.js';

const lineTimeoutMs = 5_000;
const runTimeoutMs = 30_000;
const liveSend = /^\[\s*\d+s\] Send TPS: ([\d,]+) \| Avg RT: \d+\.\d{3} ms \| Max RT: \d+\.\d{3} ms \| p99 RT: \d+\.\d{3} ms \| Failed: ([\d,]+)$/;
const liveConsume = /^\[\s*\d+s\] Consume TPS: ([\d,]+) \| Avg B2C: \d+\.\d{3} ms \| Max B2C: \d+\.\d{3} ms \| p99 B2C: \d+\.\d{3} ms$/;
const latencyFigures = /avg \d+\.\d{3} \| min \d+\.\d{3} \| p50 \d+\.\d{3} \| p90 \d+\.\d{3} \| p99 \d+\.\d{3} \| p99\.9 \d+\.\d{3} \| max \d+\.\d{3}$/;

const count = (text: string): number => Number(text.replaceAll(',', ''));

function tempDir(): { path: string; [Symbol.dispose](): void } {
  const path = mkdtempSync(join(tmpdir(), 'rmq-bench-'));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

async function launchDev(dataDir: string): Promise<{ namesrvAddr: string; [Symbol.asyncDispose](): Promise<void> }> {
  const dev = await launchRmq(['dev', '--data', dataDir, '-p', '0', '--broker-port', '0'], { readyLine: brokerReadyLine });
  const [, namesrvAddr = ''] = (await dev.waitForLine(namesrvReadyLine, lineTimeoutMs)) as RegExpExecArray;
  return { namesrvAddr, [Symbol.asyncDispose]: async () => void (await dev.stop()) };
}

/** The summary's figures: messages, failures, TPS, and the latency line. */
function summaryOf(lines: readonly string[], kind: 'produce' | 'consume'): { messages: number; failures: number; tps: number } {
  const at = lines.findIndex((l) => l.startsWith(`=== ${kind} summary: `));
  assert.ok(at >= 0, `a ${kind} summary in:\n${lines.join('\n')}`);
  const done = kind === 'produce' ? 'sent' : 'consumed';
  const failed = kind === 'produce' ? 'failed' : 'failures';
  const totals = new RegExp(`^Messages: ([\\d,]+) ${done}, ([\\d,]+) ${failed}, in \\d+\\.\\d{3} s$`).exec(lines[at + 1] ?? '');
  assert.ok(totals, `totals line: ${lines[at + 1]}`);
  const tps = /^TPS: ([\d,]+)$/.exec(lines[at + 2] ?? '');
  assert.ok(tps, `TPS line: ${lines[at + 2]}`);
  assert.match(lines[at + 3] ?? '', kind === 'produce' ? /^RT \(ms\): / : /^B2C latency \(ms\): /);
  assert.match(lines[at + 3] ?? '', latencyFigures);
  return { messages: count(totals[1]!), failures: count(totals[2]!), tps: count(tps[1]!) };
}

test('rmq bench produce -d 2 then rmq bench consume -d 2: live lines each second, summaries with non-zero counts', async () => {
  using dir = tempDir();
  await using dev = await launchDev(join(dir.path, 'data'));
  const topic = `BenchE2E_${process.pid}`;

  const produce = await runRmq(['bench', 'produce', '-n', dev.namesrvAddr, '-t', topic, '-w', '16', '-s', '256', '-d', '2'], { timeoutMs: runTimeoutMs });
  assert.equal(produce.code, 0, produce.stderr);
  const produced = produce.stdout.split('\n');
  assert.match(produced[0]!, /^rmq bench produce: topic BenchE2E_\d+, sync, 16 in flight, 256 B bodies, NameServer 127\.0\.0\.1:\d+; for 2 s$/);
  const live = produced.map((l) => liveSend.exec(l)).filter((m) => m !== null);
  assert.ok(live.length >= 1, `a live line per second:\n${produce.stdout}`);
  assert.ok(live.some((m) => count(m[1]!) > 0), 'a live line with a non-zero TPS');
  const sent = summaryOf(produced, 'produce');
  assert.ok(sent.messages > 0 && sent.tps > 0, produce.stdout);
  assert.equal(sent.failures, 0, produce.stdout);

  const consume = await runRmq(['bench', 'consume', '-n', dev.namesrvAddr, '-t', topic, '-g', `bench_e2e_${process.pid}`, '--from', 'first', '-d', '2'], { timeoutMs: runTimeoutMs });
  assert.equal(consume.code, 0, consume.stderr);
  const consumed = consume.stdout.split('\n');
  assert.ok(consumed.some((l) => liveConsume.test(l)), `a consume live line:\n${consume.stdout}`);
  const got = summaryOf(consumed, 'consume');
  assert.ok(got.messages > 0 && got.messages <= sent.messages, `consumed ${got.messages} of ${sent.messages}:\n${consume.stdout}`);
  assert.equal(got.failures, 0, consume.stdout);
});

test('rmq bench produce --async --batch 4 without -d runs until SIGINT, then prints the summary and exits 0', async () => {
  using dir = tempDir();
  await using dev = await launchDev(join(dir.path, 'data'));
  const bench = await launchRmq(['bench', 'produce', '-n', dev.namesrvAddr, '-t', `BenchSigint_${process.pid}`, '--async', '--batch', '4', '-w', '8'], {
    readyLine: /^\[\s*\d+s\] Send TPS: [1-9]/,
  });
  bench.kill('SIGINT');
  assert.deepEqual(await bench.exited, { code: 0, signal: null }, bench.stderr);
  assert.match(bench.output[0]!, /, async, batches of 4, 8 in flight, .*; until Ctrl-C$/);
  const sent = summaryOf(bench.output, 'produce');
  assert.ok(sent.messages > 0 && sent.messages % 4 === 0, `whole batches of 4: ${sent.messages}`);
  assert.equal(sent.failures, 0);
});
