import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRmq, namesrvReadyLine, runRmq, ProcessLaunchError } from '../../../src/testing/process-launcher.js';

const exitCodeUsage = 2;

function configFile(text: string): { path: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-namesrv-conf-'));
  const path = join(dir, 'namesrv.conf');
  writeFileSync(path, text);
  return { path, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

test('an unknown config key is refused with exit code 2 and the key named', async () => {
  using conf = configFile('listenPort=0\nlistenPrt=9877\n');
  const result = await runRmq(['namesrv', '-c', conf.path]);
  assert.equal(result.code, exitCodeUsage);
  assert.match(result.stderr, /unknown config key "listenPrt"/);
  assert.match(result.stderr, /namesrv\.conf:2/);
  assert.equal(result.stdout, '', 'no ready line');
  assertNoStackTrace(result.stderr);
});

test('a bad config value or port flag is refused with exit code 2 naming the key and value', async () => {
  using conf = configFile('orderMessageEnable=maybe\n');
  const badValue = await runRmq(['namesrv', '-c', conf.path]);
  assert.equal(badValue.code, exitCodeUsage);
  assert.match(badValue.stderr, /bad value "maybe" for config key "orderMessageEnable"/);
  assertNoStackTrace(badValue.stderr);

  const badPort = await runRmq(['namesrv', '-p', '70000']);
  assert.equal(badPort.code, exitCodeUsage);
  assert.match(badPort.stderr, /bad value "70000" for config key "listenPort"/);
  assertNoStackTrace(badPort.stderr);
});

test('a known RocketMQ key we do not use is accepted with a warning', async () => {
  using conf = configFile('listenPort=0\nserverWorkerThreads=8\n');
  const result = await runRmq(['namesrv', '-c', conf.path, '--print-config']);
  assert.equal(result.code, 0);
  assert.match(result.stderr, /serverWorkerThreads.*no effect/);
  assert.ok(result.stdout.split('\n').includes('listenPort=0'));
});

test('the launcher fails fast with the stderr tail when the process exits before its ready line', async () => {
  using conf = configFile('listenPrt=1\n');
  await assert.rejects(
    launchRmq(['namesrv', '-c', conf.path], { readyLine: namesrvReadyLine }),
    (err: unknown) => err instanceof ProcessLaunchError && /exited \(code 2/.test(err.message) && /listenPrt/.test(err.message),
  );
});
