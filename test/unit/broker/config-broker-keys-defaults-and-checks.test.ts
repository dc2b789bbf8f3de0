import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/common/config/config-loader.js';
import { ConfigError } from '../../../src/common/errors.js';
import {
  brokerConfigSchema,
  ignoredBrokerConfigKeys,
  resolveBrokerConfig,
  validateBrokerConfig,
} from '../../../src/broker/broker-config.js';

function withFile<T>(text: string, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-broker-config-'));
  try {
    const path = join(dir, 'broker.conf');
    writeFileSync(path, text);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const keyError = (key: string) => (err: unknown) => err instanceof ConfigError && err.key === key && err.message.includes(key);

test('defaults are RocketMQ BrokerConfig defaults', () => {
  const c = resolveBrokerConfig();
  assert.equal(c.brokerClusterName, 'DefaultCluster');
  assert.equal(c.brokerId, 0);
  assert.equal(c.brokerRole, 'ASYNC_MASTER');
  assert.equal(c.listenPort, 10911);
  assert.equal(c.autoCreateTopicEnable, true);
  assert.equal(c.autoCreateSubscriptionGroup, true);
  assert.equal(c.defaultTopicQueueNums, 8);
  assert.equal(c.brokerPermission, 6);
  assert.equal(c.registerNameServerPeriod, 30_000);
  assert.equal(c.flushConsumerOffsetInterval, 5_000);
  assert.equal(c.flushDelayOffsetInterval, 10_000);
  assert.equal(c.channelExpiredTimeout, 120_000);
  assert.equal(c.regionId, 'DefaultRegion');
  assert.equal(c.longPollingEnable, true);
  assert.equal(c.shortPollingTimeMills, 1_000);
  assert.equal(c.notifyConsumerIdsChangedEnable, true);
  assert.notEqual(c.brokerName, '');
  assert.match(c.brokerIP1, /^\d+\.\d+\.\d+\.\d+$/);
});

test('the store keys are part of the broker schema', () => {
  for (const key of ['storePathRootDir', 'flushDiskType', 'maxMessageSize', 'messageDelayLevel', 'fileReservedTime', 'deleteWhen']) {
    assert.ok(Object.hasOwn(brokerConfigSchema, key), key);
  }
});

test('a RocketMQ broker.conf loads; unknown keys are warned, ignored ones noted', () => {
  const text = [
    'brokerClusterName=ProdCluster',
    'brokerName=broker-b',
    'brokerId=0',
    'namesrvAddr=10.0.0.1:9876;10.0.0.2:9876',
    'deleteWhen=04',
    'fileReservedTime=48',
    'brokerRole=SYNC_MASTER',
    'flushDiskType=SYNC_FLUSH',
    'sendMessageThreadPoolNums=16',
    'someFutureKey=1',
  ].join('\n');
  const { values, warnings } = withFile(text, (file) =>
    loadConfig(brokerConfigSchema, { file, unknownKeys: 'warn', ignoredKeys: ignoredBrokerConfigKeys, env: {} }),
  );
  validateBrokerConfig(values);
  assert.equal(values.brokerClusterName, 'ProdCluster');
  assert.deepEqual(values.namesrvAddr, ['10.0.0.1:9876', '10.0.0.2:9876']);
  assert.equal(values.fileReservedTime, 48);
  assert.equal(values.brokerRole, 'SYNC_MASTER');
  assert.equal(values.flushDiskType, 'SYNC_FLUSH');
  assert.equal(warnings.length, 2);
  assert.ok(warnings.some((w) => w.includes('sendMessageThreadPoolNums') && w.includes('no effect')));
  assert.ok(warnings.some((w) => w.includes('someFutureKey') && w.includes('unknown')));
});

test('NAMESRV_ADDR gives namesrvAddr when the file does not', () => {
  const { values } = loadConfig(brokerConfigSchema, { unknownKeys: 'warn', env: { NAMESRV_ADDR: '127.0.0.1:9876;127.0.0.1:9877' } });
  assert.deepEqual(values.namesrvAddr, ['127.0.0.1:9876', '127.0.0.1:9877']);
});

test('bad values are refused with the key named', () => {
  withFile('listenPort=abc\n', (file) => assert.throws(() => loadConfig(brokerConfigSchema, { file, unknownKeys: 'warn', env: {} }), keyError('listenPort')));
  withFile('brokerRole=LEADER\n', (file) => assert.throws(() => loadConfig(brokerConfigSchema, { file, unknownKeys: 'warn', env: {} }), keyError('brokerRole')));
  withFile('brokerPermission=9\n', (file) => assert.throws(() => loadConfig(brokerConfigSchema, { file, unknownKeys: 'warn', env: {} }), keyError('brokerPermission')));
  assert.throws(() => resolveBrokerConfig({ defaultTopicQueueNums: 0 }), keyError('defaultTopicQueueNums'));
  assert.throws(() => resolveBrokerConfig({ deleteWhen: '31' }), keyError('deleteWhen'));
});

test('brokerId must fit brokerRole', () => {
  assert.throws(() => resolveBrokerConfig({ brokerRole: 'SLAVE', brokerId: 0 }), keyError('brokerId'));
  assert.throws(() => resolveBrokerConfig({ brokerRole: 'ASYNC_MASTER', brokerId: 2 }), keyError('brokerId'));
  assert.equal(resolveBrokerConfig({ brokerRole: 'SLAVE', brokerId: 1 }).brokerId, 1);
});

test('brokerIP1 must be an IP address', () => {
  assert.throws(() => resolveBrokerConfig({ brokerIP1: 'my-host' }), keyError('brokerIP1'));
  assert.equal(resolveBrokerConfig({ brokerIP1: '::1' }).brokerIP1, '::1');
});

test('aclEnable=true is refused: without access control the broker would serve every request unchecked', () => {
  withFile('aclEnable=true\n', (file) => {
    const loaded = loadConfig(brokerConfigSchema, { file, unknownKeys: 'warn', env: {} });
    assert.throws(() => validateBrokerConfig(loaded.values), keyError('aclEnable'));
  });
  assert.equal(resolveBrokerConfig({ aclEnable: false }).aclEnable, false);
});
