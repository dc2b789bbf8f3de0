// Pending requests whose opaques share a slot (a long-polling pull still waiting while a slot
// array's worth of other calls went by) are all found, time out and fail in the order sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { InFlightTable, inFlightSlotCount, timeoutSweepIntervalMs } from '../../../../src/remoting/net/in-flight-table.js';

const responseTo = (opaque: number): RemotingCommand => ({ code: 0, language: 'JAVA', version: 0, opaque, flag: 1, serializeType: SerializeType.JSON });

test('requests sharing a slot are each taken by their own opaque', () => {
  const table = new InFlightTable(() => assert.fail('no timeout expected'));
  const opaques = [7, 7 + inFlightSlotCount, 7 + 2 * inFlightSlotCount, 7 - inFlightSlotCount, 8];
  const resolved: number[] = [];
  for (const opaque of opaques) table.add(opaque, opaque, 60_000, (r) => resolved.push(r.opaque), () => assert.fail('rejected'));
  assert.equal(table.size, opaques.length);
  for (const opaque of opaques) assert.ok(table.has(opaque), `has ${opaque}`);
  assert.equal(table.has(7 + 3 * inFlightSlotCount), false);
  assert.equal(table.take(7 + 3 * inFlightSlotCount), undefined);
  // Take the slot's holder first: the others stay reachable in the overflow.
  for (const opaque of [7, 7 - inFlightSlotCount, 8, 7 + 2 * inFlightSlotCount, 7 + inFlightSlotCount]) {
    table.take(opaque)!.resolve(responseTo(opaque));
    assert.equal(table.take(opaque), undefined, `${opaque} taken once`);
  }
  assert.deepEqual(resolved, [7, 7 - inFlightSlotCount, 8, 7 + 2 * inFlightSlotCount, 7 + inFlightSlotCount]);
  assert.equal(table.size, 0);
});

test('a freed slot takes a new request while an overflowed one is still pending', () => {
  const table = new InFlightTable(() => assert.fail('no timeout expected'));
  const noop = (): void => {};
  table.add(1, 1, 60_000, noop, noop);
  table.add(1 + inFlightSlotCount, 2, 60_000, noop, noop);
  table.take(1);
  table.add(1 + 2 * inFlightSlotCount, 3, 60_000, noop, noop);
  assert.equal(table.take(1 + inFlightSlotCount)?.requestCode, 2);
  assert.equal(table.take(1 + 2 * inFlightSlotCount)?.requestCode, 3);
  assert.equal(table.size, 0);
});

test('failAll and timeouts reach slot and overflow requests in the order they were added', async () => {
  const order = [3 + inFlightSlotCount, 3, 2, 2 + 5 * inFlightSlotCount, 900];
  const failing = new InFlightTable(() => assert.fail('no timeout expected'));
  const failed: number[] = [];
  for (const opaque of order) failing.add(opaque, opaque, 60_000, () => assert.fail('resolved'), () => failed.push(opaque));
  failing.failAll(() => new Error('closed'));
  assert.deepEqual(failed, order);
  assert.equal(failing.size, 0);

  const timedOut: number[] = [];
  let notify: () => void = () => {};
  const allTimedOut = new Promise<void>((resolve) => (notify = resolve));
  const expiring = new InFlightTable((request) => {
    timedOut.push(request.opaque);
    if (timedOut.length === order.length) notify();
  });
  // The sweep timer is unref'd: hold the loop open until it fires.
  const keepAlive = setTimeout(() => {}, 10_000);
  for (const opaque of order) expiring.add(opaque, opaque, timeoutSweepIntervalMs, () => assert.fail('resolved'), () => {});
  await allTimedOut;
  clearTimeout(keepAlive);
  assert.deepEqual(timedOut, order);
  assert.equal(expiring.size, 0);
});
