import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import { encodeMessage } from '../../../src/client/producer/message-encoding.js';

const settings = { compressBodyOverBytes: 4096, compressLevel: 5, messageSizeMaxBytes: 1024 };

test('UNIQ_KEY: ip, pid, a per-process hash, ms since the month began and a counter, in 32 hex chars', () => {
  const ids = new UniqueIdGenerator('192.168.1.20');
  const before = Date.now();
  const first = encodeMessage({ topic: 'T', body: 'x' }, ids, settings, true).msgId;
  const second = encodeMessage({ topic: 'T', body: 'x' }, ids, settings, true).msgId;
  assert.match(first, /^[0-9A-F]{32}$/);
  const bytes = Buffer.from(first, 'hex');
  assert.deepEqual([...bytes.subarray(0, 4)], [192, 168, 1, 20]);
  assert.equal(bytes.readUInt16BE(4), process.pid & 0xffff);
  assert.equal(first.slice(0, 20), second.slice(0, 20), 'same prefix within a process');
  const now = new Date(before);
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
  const sinceMonth = bytes.readInt32BE(10);
  assert.ok(sinceMonth >= before - monthStart && sinceMonth <= Date.now() - monthStart, `time field ${sinceMonth}`);
  const counter = (id: string) => Buffer.from(id, 'hex').readUInt16BE(14);
  assert.equal(counter(second), (counter(first) + 1) & 0xffff);
});
