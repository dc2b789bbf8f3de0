import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, resolveConfig } from '../../../src/common/config/config-loader.js';
import { configKeyTable, formatProperties } from '../../../src/common/config/config-describe.js';
import { option } from '../../../src/common/config/config-schema.js';
import { ConfigError } from '../../../src/common/errors.js';

const schema = {
  listenPort: option.int({ default: 9876, min: 0, max: 65535, description: 'port' }),
  orderMessageEnable: option.boolean({ default: false, description: 'order' }),
  flushDiskType: option.enum({ default: 'ASYNC_FLUSH', values: ['ASYNC_FLUSH', 'SYNC_FLUSH'], description: 'flush' }),
  namesrvAddr: option.list({ default: [], env: 'NAMESRV_ADDR', description: 'name servers' }),
  brokerName: option.string({ default: 'broker-a', description: 'name' }),
};

function withFile(text: string, run: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-config-'));
  try {
    const path = join(dir, 'test.conf');
    writeFileSync(path, text);
    run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function configError(key: string | undefined, ...fragments: string[]) {
  return (err: unknown) =>
    err instanceof ConfigError && err.key === key && fragments.every((f) => err.message.includes(f));
}

test('defaults apply when nothing is given', () => {
  const { values, warnings } = loadConfig(schema, { unknownKeys: 'refuse', env: {} });
  assert.deepEqual(values, { listenPort: 9876, orderMessageEnable: false, flushDiskType: 'ASYNC_FLUSH', namesrvAddr: [], brokerName: 'broker-a' });
  assert.deepEqual(warnings, []);
});

test('file values are typed; flags override the file; the env var fills in under the file', () => {
  withFile('listenPort=10000\norderMessageEnable=TRUE\nflushDiskType=SYNC_FLUSH\n', (file) => {
    const { values } = loadConfig(schema, {
      file,
      flags: { listenPort: '0', brokerName: undefined },
      env: { NAMESRV_ADDR: '10.0.0.1:9876; 10.0.0.2:9876;' },
      unknownKeys: 'refuse',
    });
    assert.deepEqual(values, {
      listenPort: 0,
      orderMessageEnable: true,
      flushDiskType: 'SYNC_FLUSH',
      namesrvAddr: ['10.0.0.1:9876', '10.0.0.2:9876'],
      brokerName: 'broker-a',
    });
  });
  withFile('namesrvAddr=127.0.0.1:9876', (file) => {
    const { values } = loadConfig(schema, { file, env: { NAMESRV_ADDR: '10.0.0.1:9876' }, unknownKeys: 'refuse' });
    assert.deepEqual(values.namesrvAddr, ['127.0.0.1:9876']);
  });
});

test('bad values are refused with the key, the value and the place', () => {
  const cases: [string, string, string][] = [
    ['listenPort=65536', 'listenPort', '"65536"'],
    ['listenPort=12ab', 'listenPort', '"12ab"'],
    ['listenPort=1.5', 'listenPort', '"1.5"'],
    ['orderMessageEnable=yes', 'orderMessageEnable', '"yes"'],
    ['flushDiskType=SOMETIMES', 'flushDiskType', 'ASYNC_FLUSH, SYNC_FLUSH'],
  ];
  for (const [text, key, fragment] of cases) {
    withFile(`# first line\n${text}`, (file) => {
      assert.throws(() => loadConfig(schema, { file, unknownKeys: 'refuse', env: {} }), configError(key, fragment, `${file}:2`), text);
    });
  }
  assert.throws(() => loadConfig(schema, { flags: { listenPort: '-1' }, unknownKeys: 'refuse' }), configError('listenPort', '"-1"', 'the command line'));
  assert.throws(() => loadConfig(schema, { env: { NAMESRV_ADDR: '' }, flags: { nope: '1' }, unknownKeys: 'warn' }), configError('nope'));
});

test('unknown keys are refused or reported, as the process chooses; ignored RocketMQ keys warn', () => {
  withFile('listenPort=1\nlistenPrt=2\nserverWorkerThreads=8\n', (file) => {
    assert.throws(() => loadConfig(schema, { file, unknownKeys: 'refuse', ignoredKeys: ['serverWorkerThreads'] }), configError('listenPrt', `${file}:2`));
    const { values, warnings } = loadConfig(schema, { file, unknownKeys: 'warn', ignoredKeys: ['serverWorkerThreads'], env: {} });
    assert.equal(values.listenPort, 1);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /listenPrt/);
    assert.match(warnings[1]!, /serverWorkerThreads.*no effect/);
  });
});

test('a missing config file is a ConfigError naming the path', () => {
  assert.throws(() => loadConfig(schema, { file: '/nonexistent/namesrv.conf', unknownKeys: 'refuse' }), configError(undefined, '/nonexistent/namesrv.conf', 'ENOENT'));
});

test('typed values from code are checked like text ones', () => {
  assert.equal(resolveConfig(schema, { listenPort: 0 }).listenPort, 0);
  assert.throws(() => resolveConfig(schema, { listenPort: 70000 }), configError('listenPort', '70000'));
  assert.throws(() => resolveConfig(schema, { flushDiskType: 'X' as 'SYNC_FLUSH' }), configError('flushDiskType'));
  assert.throws(() => resolveConfig(schema, { unknownKey: 1 } as never), configError('unknownKey'));
});

test('values print back as properties that load to the same values, and the key table lists every key', () => {
  const values = resolveConfig(schema, { namesrvAddr: ['a:1', 'b:2'], orderMessageEnable: true });
  const text = formatProperties(schema, values);
  withFile(text, (file) => {
    assert.deepEqual(loadConfig(schema, { file, unknownKeys: 'refuse', env: {} }).values, values);
  });
  const table = configKeyTable(schema);
  for (const key of Object.keys(schema)) assert.match(table, new RegExp(`\\| \`${key}\` \\|`));
  assert.match(table, /Environment: `NAMESRV_ADDR`/);
});
