// `rmq dev` as a real process: a NameServer and a broker on free ports (-p 0 --broker-port 0),
// both addresses and the first-message hint on stdout, both servers answering, data in --data,
// and a clean stop on SIGINT (Ctrl-C).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { RequestCode, createRequest } from '../../../src/remoting/protocol/index.js';
import { brokerReadyLine, launchRmq, namesrvReadyLine, type LaunchedProcess } from '../../../src/testing/process-launcher.js';

const callTimeoutMs = 3000;
const hintTimeoutMs = 20_000;

function tempDir(): { path: string; [Symbol.dispose](): void } {
  const path = mkdtempSync(join(tmpdir(), 'rmq-dev-'));
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) };
}

async function launchDev(dataDir: string): Promise<LaunchedProcess & { namesrvAddr: string }> {
  const dev = await launchRmq(['dev', '--data', dataDir, '-p', '0', '--broker-port', '0'], { readyLine: brokerReadyLine });
  const [, namesrvAddr = ''] = (await dev.waitForLine(namesrvReadyLine, callTimeoutMs)) as RegExpExecArray;
  return Object.assign(dev, { namesrvAddr });
}

test('rmq dev prints both addresses and the hint, both servers answer, and SIGINT stops it with exit 0', async () => {
  using data = tempDir();
  const dataDir = join(data.path, 'data');
  await using dev = await launchDev(dataDir);
  const brokerAddr = dev.address;
  assert.match(dev.namesrvAddr, /^127\.0\.0\.1:\d+$/);
  assert.match(brokerAddr, /^127\.0\.0\.1:\d+$/);
  assert.notEqual(dev.namesrvAddr, brokerAddr);
  assert.ok(dev.output.includes(`Broker listening on ${brokerAddr} (data in ${dataDir})`));
  const hint = dev.output.find((line) => line.includes("require('ali-ons')"));
  assert.ok(hint?.includes(`nameSrv:'${dev.namesrvAddr}'`), 'the hint names the NameServer');

  await using admin = createAdmin({ nameServer: dev.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  const route = await admin.topicRoute('TBW102');
  assert.deepEqual(route.brokerDatas.map((b) => b.brokerAddrs.get(0)), [brokerAddr]);
  const client = new RemotingClient();
  try {
    const answer = await client.invoke(brokerAddr, createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic: 'TBW102', queueId: '0' } }), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS);
  } finally {
    client.close();
  }

  dev.kill('SIGINT');
  assert.deepEqual(await dev.exited, { code: 0, signal: null });
  assert.ok(existsSync(join(dataDir, 'config', 'topics.json')), 'data kept in --data');
  assert.equal(existsSync(join(dataDir, 'abort')), false, 'a clean stop');
});

test('the first-message command rmq dev prints sends a message with ali-ons', async () => {
  using data = tempDir();
  await using dev = await launchDev(join(data.path, 'data'));
  const hint = dev.output.find((line) => line.includes("require('ali-ons')")) ?? '';
  const script = /node -e "(.*)"$/.exec(hint)?.[1];
  assert.ok(script, `a node -e command in: ${hint}`);
  // `node -e` resolves ali-ons from its working folder: the one whose node_modules holds it.
  const projectRoot = join(dirname(createRequire(import.meta.url).resolve('ali-ons/package.json')), '..', '..');
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: projectRoot, timeout: hintTimeoutMs });
  assert.match(stdout, /^SEND_OK [0-9A-F]{32}\n$/);
});
