// Where a new queue starts (behaviours.md §5): a stored offset wins; without one LAST_OFFSET
// takes the queue's max offset (retry topics 0), FIRST_OFFSET 0, TIMESTAMP the offset found for
// consumeTimestamp (retry topics the max offset). A store that cannot be read fails the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { computeStartOffset } from '../../../src/client/consumer/start-offset.js';
import type { ConsumeFromWhere } from '../../../src/client/consumer/consumer-api.js';
import { RemoteOffsetStore } from '../../../src/client/consumer/offset-store/remote-offset-store.js';

const topicQueue: MessageQueue = { topic: 'T', brokerName: 'b', queueId: 0 };
const retryQueue: MessageQueue = { topic: '%RETRY%G', brokerName: 'b', queueId: 0 };
const calls = {
  maxOffset: async () => 500,
  searchOffset: async (_q: MessageQueue, timestamp: number) => (timestamp === 1_000 ? 77 : -99),
};
const storeWith = (stored: number | undefined) =>
  new RemoteOffsetStore({ queryConsumerOffset: async () => stored, updateConsumerOffset: async () => undefined });

const cases: Array<[ConsumeFromWhere, MessageQueue, number | undefined, number]> = [
  ['LAST_OFFSET', topicQueue, 33, 33],
  ['LAST_OFFSET', topicQueue, undefined, 500],
  ['LAST_OFFSET', retryQueue, undefined, 0],
  ['FIRST_OFFSET', topicQueue, 33, 33],
  ['FIRST_OFFSET', topicQueue, undefined, 0],
  ['FIRST_OFFSET', retryQueue, undefined, 0],
  ['TIMESTAMP', topicQueue, 33, 33],
  ['TIMESTAMP', topicQueue, undefined, 77],
  ['TIMESTAMP', retryQueue, undefined, 500],
];

for (const [consumeFromWhere, queue, stored, expected] of cases) {
  test(`${consumeFromWhere}, ${queue.topic}, stored ${stored ?? 'none'} -> ${expected}`, async () => {
    assert.equal(await computeStartOffset(queue, { consumeFromWhere, consumeTimestamp: 1_000 }, storeWith(stored), calls), expected);
  });
}

test('a broker that cannot answer fails the start (the rebalance tries again)', async () => {
  const store = new RemoteOffsetStore({
    queryConsumerOffset: async () => {
      throw new Error('down');
    },
    updateConsumerOffset: async () => undefined,
  });
  await assert.rejects(computeStartOffset(topicQueue, { consumeFromWhere: 'LAST_OFFSET', consumeTimestamp: 0 }, store, calls), /down/);
});
