// `rmq broker` refuses a bad broker.conf before it listens: exit code 2, one line naming the key
// (and the file line), no stack trace, no ready line. Unknown keys are only warned about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRmq } from '../../../src/testing/process-launcher.js';

const exitCodeUsage = 2;

function brokerConf(text: string): { path: string; dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-broker-conf-'));
  const path = join(dir, 'broker.conf');
  writeFileSync(path, `storePathRootDir=${join(dir, 'store')}\nbrokerIP1=127.0.0.1\n${text}`);
  return { path, dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function assertRefused(result: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  assert.equal(result.code, exitCodeUsage, result.stderr);
  assert.match(result.stderr, message);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(result.stdout, /Broker listening/, 'no ready line');
}

test('a bad value in broker.conf exits 2 naming the key, the value and the line', async () => {
  using conf = brokerConf('listenPort=0\nflushDiskType=FAST\n');
  assertRefused(await runRmq(['broker', '-c', conf.path]), /bad value "FAST" for config key "flushDiskType" at .*broker\.conf:4/);
});

test('values that are each valid but do not fit together exit 2 naming the key', async () => {
  using conf = brokerConf('listenPort=0\nbrokerId=1\nbrokerRole=ASYNC_MASTER\n');
  assertRefused(await runRmq(['broker', '-c', conf.path]), /brokerId/);
});

test('a bad --port or deleteWhen exits 2 naming the key', async () => {
  using conf = brokerConf('deleteWhen=25\n');
  assertRefused(await runRmq(['broker', '-c', conf.path, '-p', '0']), /deleteWhen/);
  using good = brokerConf('');
  assertRefused(await runRmq(['broker', '-c', good.path, '-p', 'abc']), /bad value "abc" for config key "listenPort"/);
});

test('an unknown key is warned about and ignored; the effective config still prints', async () => {
  using conf = brokerConf('listenPort=0\nlistenPrt=3\nflushDiskType=SYNC_FLUSH\n');
  const result = await runRmq(['broker', '-c', conf.path, '--print-config']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /unknown config key \\"listenPrt\\" at .*broker\.conf:4; ignored/);
  const lines = result.stdout.split('\n');
  assert.ok(lines.includes('flushDiskType=SYNC_FLUSH'));
  assert.ok(lines.includes('listenPort=0'));
  assert.ok(!lines.some((line) => line.startsWith('listenPrt')));
});
