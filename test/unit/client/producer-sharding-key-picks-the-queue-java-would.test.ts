import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { pinnedQueue, selectByShardingKey } from '../../../src/client/producer/queue-selectors.js';

const queues = (n: number): MessageQueue[] => Array.from({ length: n }, (_, queueId) => ({ topic: 'T', brokerName: 'b', queueId }));

// Expected: |String.hashCode(key) % n| with Java's int arithmetic (computed independently).
const javaResults: Array<[string, number, number]> = [
  ['hello', 5, 2],
  ['order-1', 8, 6],
  ['order-2', 8, 5],
  ['user-42', 3, 1],
  ['polygenelubricants', 8, 0],
  ['zzzzzzzz', 7, 0],
  ['日本', 4, 3],
  ['order-12345', 16, 4],
];

test('a sharding key selects queue |javaStringHash(key) % count|, as SelectMessageQueueByHash', () => {
  for (const [key, count, expected] of javaResults) {
    assert.equal(selectByShardingKey(queues(count), key).queueId, expected, `${key} over ${count}`);
  }
});

test('one pin at a time; a selector gets the queues, the message and its argument', () => {
  const message = { topic: 'T', body: 'x' };
  assert.equal(pinnedQueue(queues(4), message, {}), undefined);
  const seen: unknown[] = [];
  const chosen = pinnedQueue(queues(4), message, {
    selector: (qs, m, arg) => {
      seen.push(qs.length, m, arg);
      return qs[3]!;
    },
    arg: 42,
  });
  assert.equal(chosen?.queueId, 3);
  assert.deepEqual(seen, [4, message, 42]);
  assert.deepEqual(pinnedQueue(queues(4), message, { messageQueue: { topic: 'T', brokerName: 'x', queueId: 9 } }), { topic: 'T', brokerName: 'x', queueId: 9 });
  assert.throws(() => pinnedQueue(queues(4), message, { shardingKey: 'k', messageQueue: queues(1)[0] } as never), InvalidArgumentError);
  assert.throws(() => pinnedQueue(queues(4), message, { messageQueue: { topic: 'OTHER', brokerName: 'b', queueId: 0 } }), InvalidArgumentError);
  assert.throws(() => pinnedQueue(queues(4), message, { selector: () => undefined as never }), InvalidArgumentError);
  assert.throws(() => selectByShardingKey([], 'k'), InvalidArgumentError);
});
