import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { InFlightTable, timeoutSweepIntervalMs, type PendingRequest } from '../../../../src/remoting/net/in-flight-table.js';

const response: RemotingCommand = { code: 0, language: 'JAVA', version: 0, opaque: 1, flag: 1, serializeType: SerializeType.JSON };

test('take returns a pending request once; unknown opaques give undefined', () => {
  const table = new InFlightTable(() => assert.fail('no timeout expected'));
  let resolved: RemotingCommand | undefined;
  table.add(1, 10, 60_000, (r) => (resolved = r), () => assert.fail('rejected'));
  assert.equal(table.size, 1);
  const pending = table.take(1);
  assert.equal(pending?.requestCode, 10);
  assert.equal(table.take(1), undefined);
  assert.equal(table.take(2), undefined);
  pending!.resolve(response);
  assert.equal(resolved, response);
  assert.equal(table.size, 0);
});

test('expired requests reach onTimeout after their deadline, others stay', async () => {
  const timedOut: PendingRequest[] = [];
  let notify: () => void = () => {};
  const fired = new Promise<void>((resolve) => (notify = resolve));
  const table = new InFlightTable((request) => {
    timedOut.push(request);
    notify();
  });
  // The sweep timer is unref'd (a connection's socket keeps a real process alive): hold the loop open.
  const keepAlive = setTimeout(() => {}, 10_000);
  const started = Date.now();
  table.add(1, 10, 20, () => {}, () => {});
  table.add(2, 11, 60_000, () => {}, () => {});
  await fired;
  clearTimeout(keepAlive);
  const elapsed = Date.now() - started;
  assert.deepEqual(timedOut.map((r) => r.requestCode), [10]);
  assert.ok(elapsed >= 20, `fired after ${elapsed} ms`);
  assert.ok(elapsed < 20 + timeoutSweepIntervalMs * 4, `fired after ${elapsed} ms`);
  assert.equal(table.size, 1);
  table.failAll(() => new Error('closed'));
});

test('failAll rejects every pending request with its own error and empties the table', () => {
  const table = new InFlightTable(() => assert.fail('no timeout expected'));
  const errors: string[] = [];
  for (const opaque of [5, 6, 7]) table.add(opaque, opaque * 10, 60_000, () => assert.fail('resolved'), (e) => errors.push(e.message));
  table.failAll((request) => new Error(`code ${request.requestCode}`));
  assert.deepEqual(errors, ['code 50', 'code 60', 'code 70']);
  assert.equal(table.size, 0);
});
