import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { RebalanceLockManager, lockMaxLiveTimeMsDefault } from '../../../src/broker/managers/rebalance-lock-manager.js';

const logger = createLogger('test');
const mq = (queueId: number): MessageQueue => ({ topic: 'T', brokerName: 'b', queueId });

test('a queue is held by one client; others get only what is free', () => {
  const clock = { now: 0 };
  const locks = new RebalanceLockManager({ logger, now: () => clock.now });
  assert.deepEqual(locks.tryLockBatch('G', [mq(0), mq(1)], 'A'), [mq(0), mq(1)]);
  assert.deepEqual(locks.tryLockBatch('G', [mq(1), mq(2)], 'B'), [mq(2)]);
  assert.deepEqual(locks.tryLockBatch('G', [mq(0), mq(1), mq(2)], 'A'), [mq(0), mq(1)], 'A refreshes its own');
  assert.deepEqual(locks.tryLockBatch('OtherGroup', [mq(0)], 'B'), [mq(0)], 'groups are independent');
});

test('a lock not refreshed for 60 s is taken over; a refresh keeps it', () => {
  const clock = { now: 0 };
  const locks = new RebalanceLockManager({ logger, now: () => clock.now });
  locks.tryLockBatch('G', [mq(0), mq(1)], 'A');
  clock.now = 30_000;
  locks.tryLockBatch('G', [mq(1)], 'A');
  clock.now = lockMaxLiveTimeMsDefault;
  assert.deepEqual(locks.tryLockBatch('G', [mq(0)], 'B'), [], 'exactly 60 s is still live');
  clock.now = lockMaxLiveTimeMsDefault + 1;
  assert.deepEqual(locks.tryLockBatch('G', [mq(0), mq(1)], 'B'), [mq(0)]);
  assert.deepEqual(locks.tryLockBatch('G', [mq(0)], 'A'), [], 'A lost it');
});

test('unlock releases only the caller\'s queues', () => {
  const locks = new RebalanceLockManager({ logger, now: () => 0 });
  locks.tryLockBatch('G', [mq(0)], 'A');
  locks.tryLockBatch('G', [mq(1)], 'B');
  locks.unlockBatch('G', [mq(0), mq(1)], 'A');
  assert.deepEqual(locks.tryLockBatch('G', [mq(0), mq(1)], 'C'), [mq(0)]);
  locks.unlockBatch('NoGroup', [mq(0)], 'A');
});

test('a queue listed twice is answered once', () => {
  const locks = new RebalanceLockManager({ logger, now: () => 0 });
  assert.deepEqual(locks.tryLockBatch('G', [mq(3), { ...mq(3) }], 'A'), [mq(3)]);
});
