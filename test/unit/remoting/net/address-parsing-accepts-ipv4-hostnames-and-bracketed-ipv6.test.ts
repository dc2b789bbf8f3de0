import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../../src/common/errors.js';
import { formatAddress, parseAddress } from '../../../../src/remoting/net/address.js';

test('host:port, hostname:port and [ipv6]:port parse', () => {
  assert.deepEqual(parseAddress('127.0.0.1:9876'), { host: '127.0.0.1', port: 9876 });
  assert.deepEqual(parseAddress('namesrv.local:10911'), { host: 'namesrv.local', port: 10911 });
  assert.deepEqual(parseAddress('[::1]:9876'), { host: '::1', port: 9876 });
  assert.deepEqual(parseAddress('[fe80::1:2]:1'), { host: 'fe80::1:2', port: 1 });
});

test('malformed addresses are refused with InvalidArgumentError', () => {
  for (const bad of ['', '9876', ':9876', '127.0.0.1', '127.0.0.1:', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:98x', '::1:9876', '[::1]9876', '[::1', '[nothost]:1', 'a:1:2']) {
    assert.throws(() => parseAddress(bad), InvalidArgumentError, bad);
  }
});

test('formatAddress brackets IPv6 hosts only, and parses back', () => {
  assert.equal(formatAddress('10.0.0.1', 10911), '10.0.0.1:10911');
  assert.equal(formatAddress('::1', 9876), '[::1]:9876');
  assert.deepEqual(parseAddress(formatAddress('::1', 9876)), { host: '::1', port: 9876 });
});
