// ProcessQueue: counts and sizes for flow control, the offset span, the commit offset of
// out-of-order completion (smallest still cached, else one past the highest), orderly take /
// commit / consume-again, and the flow-control decision with its thresholds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessQueue, lockMaxLiveTimeMs, pullMaxIdleTimeMs } from '../../../src/client/consumer/process-queue.js';
import { flowControlReason } from '../../../src/client/consumer/flow-control.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';

function msg(queueOffset: number, bodyBytes = 10): ConsumedMessage {
  return { queueOffset, body: Buffer.alloc(bodyBytes) } as ConsumedMessage;
}

const range = (from: number, to: number): ConsumedMessage[] => Array.from({ length: to - from }, (_, i) => msg(from + i));

test('cached messages are counted and sized; offsets already cached are ignored', () => {
  const pq = new ProcessQueue();
  assert.equal(pq.putMessages(range(100, 110)), true, 'the first messages ask for a consume loop');
  assert.equal(pq.putMessages([msg(105), msg(110, 5)]), false, 'a loop is marked as running');
  assert.equal(pq.messageCount, 11);
  assert.equal(pq.messageSizeBytes, 105);
  assert.equal(pq.maxSpan(), 10);
});

test('out-of-order completion commits the smallest offset still cached', () => {
  const pq = new ProcessQueue();
  const messages = range(0, 6);
  pq.putMessages(messages);
  assert.equal(pq.removeMessages([messages[2]!, messages[4]!]), 0, 'offset 0 still cached');
  assert.equal(pq.removeMessages([messages[0]!]), 1);
  assert.equal(pq.removeMessages([messages[1]!, messages[3]!]), 5);
  assert.equal(pq.maxSpan(), 0);
  assert.equal(pq.removeMessages([messages[5]!]), 6, 'nothing left: one past the highest ever cached');
  assert.equal(pq.messageCount, 0);
  assert.equal(pq.messageSizeBytes, 0);
  assert.equal(pq.removeMessages([messages[5]!]), -1, 'nothing cached: nothing to commit');
});

test('the span follows both ends as messages finish, across many lazy removals', () => {
  const pq = new ProcessQueue();
  const messages = range(0, 5000);
  pq.putMessages(messages);
  assert.equal(pq.maxSpan(), 4999);
  pq.removeMessages(messages.slice(4000));
  assert.equal(pq.maxSpan(), 3999, 'the tail moved in');
  assert.equal(pq.removeMessages(messages.slice(0, 3000)), 3000);
  assert.equal(pq.maxSpan(), 999);
  assert.equal(pq.messageCount, 1000);
  pq.putMessages(range(5000, 5002));
  assert.equal(pq.maxSpan(), 2001);
});

test('orderly: take from the front, commit the highest + 1, put back on failure', () => {
  const pq = new ProcessQueue();
  pq.putMessages(range(10, 15));
  const first = pq.takeMessages(2);
  assert.deepEqual(first.map((m) => m.queueOffset), [10, 11]);
  assert.equal(pq.messageCount, 5, 'taken messages still count for flow control');
  pq.makeMessagesToConsumeAgain(first);
  assert.deepEqual(pq.takeMessages(3).map((m) => m.queueOffset), [10, 11, 12], 'put back in front, same order');
  assert.equal(pq.commit(), 13);
  assert.equal(pq.messageCount, 2);
  assert.equal(pq.commit(), -1, 'nothing taken');
  assert.deepEqual(pq.takeMessages(5).map((m) => m.queueOffset), [13, 14]);
  assert.equal(pq.consuming, true);
  assert.deepEqual(pq.takeMessages(5), []);
  assert.equal(pq.consuming, false, 'an empty take ends the loop');
  assert.equal(pq.commit(), 15);
  assert.equal(pq.putMessages([msg(15)]), true, 'new messages start a loop again');
});

test('lock and pull expiry', () => {
  const pq = new ProcessQueue();
  pq.lastLockTimestamp = 1_000;
  assert.equal(pq.isLockExpired(1_000 + lockMaxLiveTimeMs), false);
  assert.equal(pq.isLockExpired(1_001 + lockMaxLiveTimeMs), true);
  pq.lastPullTimestamp = 1_000;
  assert.equal(pq.isPullExpired(1_000 + pullMaxIdleTimeMs), false);
  assert.equal(pq.isPullExpired(1_001 + pullMaxIdleTimeMs), true);
});

test('flow control: over the count, the size or the span pauses pulls', () => {
  const limits = { countMax: 3, sizeBytesMax: 100, spanMax: 5 };
  const pq = new ProcessQueue();
  pq.putMessages(range(0, 3));
  assert.equal(flowControlReason(pq, limits), undefined, 'at the thresholds pulls go on');
  pq.putMessages([msg(3)]);
  assert.equal(flowControlReason(pq, limits), 'count');
  const big = new ProcessQueue();
  big.putMessages([msg(0, 101)]);
  assert.equal(flowControlReason(big, limits), 'size');
  const wide = new ProcessQueue();
  wide.putMessages([msg(0), msg(6)]);
  assert.equal(flowControlReason(wide, limits), 'span');
  assert.equal(flowControlReason(wide, { countMax: 3, sizeBytesMax: 100 }), undefined, 'orderly has no span limit');
});
