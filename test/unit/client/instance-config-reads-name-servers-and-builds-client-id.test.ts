import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/errors.js';
import { defaultInstanceName, parseNameServers, resolveClientConfig } from '../../../src/client/instance/client-config.js';

test('NameServer lists: RocketMQ strings, arrays, blanks and duplicates', () => {
  assert.deepEqual(parseNameServers('a:9876;b:9876'), ['a:9876', 'b:9876']);
  assert.deepEqual(parseNameServers(['a:9876', 'b:9876;c:1', ' a:9876 ', '']), ['a:9876', 'b:9876', 'c:1']);
  assert.deepEqual(parseNameServers('[::1]:9876'), ['[::1]:9876']);
  assert.deepEqual(parseNameServers(undefined), []);
  assert.throws(() => parseNameServers('no-port'), ConfigError);
  assert.throws(() => parseNameServers('a:b:c'), ConfigError);
});

test('the client id is clientIp@instanceName; the default instance name is per process and NameServer set', () => {
  const config = resolveClientConfig({ nameServer: 'b:1;a:1', clientIp: '10.0.0.9' }, {});
  assert.equal(config.clientId, `10.0.0.9@${config.instanceName}`);
  assert.match(config.instanceName, new RegExp(`^${process.pid}#[0-9a-f]{8}$`));
  assert.equal(defaultInstanceName(['a:1', 'b:1']), config.instanceName, 'order of the list does not matter');
  assert.notEqual(defaultInstanceName(['a:1']), config.instanceName);
  assert.equal(resolveClientConfig({ nameServer: 'a:1', instanceName: 'I1', clientIp: '1.2.3.4' }, {}).clientId, '1.2.3.4@I1');
});

test('defaults, NAMESRV_ADDR, and refusals', () => {
  const config = resolveClientConfig({}, { NAMESRV_ADDR: 'n1:9876;n2:9876' });
  assert.deepEqual(config.nameServers, ['n1:9876', 'n2:9876']);
  assert.equal(config.requestTimeoutMs, 3_000);
  assert.equal(config.pollNameServerIntervalMs, 30_000);
  assert.equal(config.heartbeatBrokerIntervalMs, 30_000);
  assert.match(config.clientIp, /^\d+\.\d+\.\d+\.\d+$/);
  assert.deepEqual(resolveClientConfig({ namesrvAddr: 'x:1' }, { NAMESRV_ADDR: 'n1:9876' }).nameServers, ['x:1']);
  assert.throws(() => resolveClientConfig({}, {}), (e: unknown) => e instanceof ConfigError && e.key === 'namesrvAddr');
  assert.throws(() => resolveClientConfig({ nameServer: 'a:1', requestTimeoutMs: 0 }, {}), ConfigError);
  assert.throws(() => resolveClientConfig({ nameServer: 'a:1', instanceName: 'a@b' }, {}), ConfigError);
});
