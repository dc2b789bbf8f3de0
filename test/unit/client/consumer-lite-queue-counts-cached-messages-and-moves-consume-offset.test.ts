// A lite pull queue's cache: counts, body bytes and offset span of what was pulled and not yet
// consumed (flow control reads them); consuming from the front moves consumeOffset to the next
// cached offset (gaps left by filtered messages included) or one past the highest ever cached;
// messages consumed out of order are removed all the same and the smallest left decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { LiteQueue } from '../../../src/client/consumer/lite/lite-queue.js';

const queue = { topic: 'T', brokerName: 'b', queueId: 0 };
const msg = (queueOffset: number, bytes = 10): ConsumedMessage => ({ queueOffset, body: Buffer.alloc(bytes), messageQueue: queue }) as ConsumedMessage;

test('batches consumed from the front: counts shrink, consumeOffset follows the next cached offset', () => {
  const entry = new LiteQueue(queue, 0);
  const first = [msg(0), msg(1), msg(4, 30)];
  const second = [msg(7), msg(8, 5)];
  entry.cache(first);
  entry.cache(second);
  assert.deepEqual([entry.messageCount, entry.messageSizeBytes, entry.maxSpan()], [5, 65, 8]);
  entry.consumed(first.slice(0, 2));
  assert.equal(entry.consumeOffset, 4, 'the smallest offset still cached');
  assert.deepEqual([entry.messageCount, entry.messageSizeBytes, entry.maxSpan()], [3, 45, 4]);
  entry.consumed(first.slice(2));
  assert.equal(entry.consumeOffset, 7, 'offsets 5 and 6 were filtered out: the next cached is 7');
  entry.consumed(second);
  assert.equal(entry.consumeOffset, 9, 'nothing cached: one past the highest ever cached');
  assert.deepEqual([entry.messageCount, entry.messageSizeBytes, entry.maxSpan()], [0, 0, 0]);
});

test('nothing cached: consuming changes nothing', () => {
  const entry = new LiteQueue(queue, 3);
  entry.consumed([msg(3)]);
  assert.equal(entry.consumeOffset, -1);
});

test('messages consumed out of order are removed; the smallest left is the consume offset', () => {
  const entry = new LiteQueue(queue, 0);
  const batch = [msg(0), msg(1), msg(2), msg(3)];
  entry.cache(batch);
  entry.consumed([batch[2]!]);
  assert.deepEqual([entry.messageCount, entry.messageSizeBytes, entry.consumeOffset], [3, 30, 0]);
  entry.consumed([batch[0]!, batch[1]!]);
  assert.deepEqual([entry.messageCount, entry.consumeOffset], [1, 3]);
  entry.consumed([batch[3]!]);
  assert.deepEqual([entry.messageCount, entry.consumeOffset], [0, 4]);
});

test('a long run consumed one by one keeps exact counts across compactions', () => {
  const entry = new LiteQueue(queue, 0);
  const all = Array.from({ length: 5000 }, (_, i) => msg(i, 1));
  for (let i = 0; i < all.length; i += 250) entry.cache(all.slice(i, i + 250));
  for (let i = 0; i < 4000; i++) entry.consumed([all[i]!]);
  assert.deepEqual([entry.messageCount, entry.messageSizeBytes, entry.consumeOffset, entry.maxSpan()], [1000, 1000, 4000, 999]);
});
