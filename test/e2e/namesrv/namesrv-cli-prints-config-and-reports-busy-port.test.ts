import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchRmq, namesrvReadyLine, runRmq } from '../../../src/testing/process-launcher.js';

test('--print-config prints the effective configuration, flags applied, and exits 0', async () => {
  const result = await runRmq(['namesrv', '-p', '10000', '--print-config']);
  assert.equal(result.code, 0);
  const lines = result.stdout.trim().split('\n');
  assert.ok(lines.includes('listenPort=10000'));
  assert.ok(lines.includes('brokerChannelExpiredTime=120000'));
  assert.ok(lines.includes('scanNotActiveBrokerInterval=10000'));
});

test('--list-config-keys prints a Markdown table of every key', async () => {
  const result = await runRmq(['namesrv', '--list-config-keys']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\| key \| default \| accepts \| description \|/);
  assert.match(result.stdout, /\| `listenPort` \| `9876` \|/);
});

test('a port already in use ends the process with exit code 1 and the reason', async () => {
  await using first = await launchRmq(['namesrv', '-p', '0'], { readyLine: namesrvReadyLine });
  const port = first.address.split(':').pop()!;
  const second = await runRmq(['namesrv', '-p', port]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /EADDRINUSE/);
});
