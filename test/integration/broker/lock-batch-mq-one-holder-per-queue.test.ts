// LOCK_BATCH_MQ gives each queue to one client of a group; another client is refused while the
// lock lives; UNLOCK_BATCH_MQ releases only the caller's own queues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import {
  decodeLockBatchResponseBody,
  encodeLockBatchRequestBody,
  encodeUnlockBatchRequestBody,
} from '../../../src/remoting/protocol/bodies/lock-batch.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';

const callTimeoutMs = 3000;
const mq = (queueId: number) => ({ topic: 'OrderTopic', brokerName: 'broker-a', queueId });

test('one holder per queue; unlock releases only the caller\'s queues', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const lock = async (clientId: string, queueIds: number[]) => {
    const body = encodeLockBatchRequestBody({ consumerGroup: 'OG', clientId, mqSet: queueIds.map(mq) });
    const response = await client.invoke(cluster.brokerAddr, createRequest(RequestCode.LOCK_BATCH_MQ, { body }), callTimeoutMs);
    assert.equal(response.code, ResponseCode.SUCCESS);
    return decodeLockBatchResponseBody(response.body!).lockOKMQSet.map((q) => q.queueId).sort();
  };
  const unlock = async (clientId: string, queueIds: number[], oneway = false) => {
    const body = encodeUnlockBatchRequestBody({ consumerGroup: 'OG', clientId, mqSet: queueIds.map(mq) });
    if (oneway) return client.invokeOneway(cluster.brokerAddr, createRequest(RequestCode.UNLOCK_BATCH_MQ, { body, oneway }));
    const response = await client.invoke(cluster.brokerAddr, createRequest(RequestCode.UNLOCK_BATCH_MQ, { body }), callTimeoutMs);
    assert.equal(response.code, ResponseCode.SUCCESS);
  };
  try {
    assert.deepEqual(await lock('A', [0, 1]), [0, 1]);
    assert.deepEqual(await lock('B', [1, 2]), [2], 'queue 1 is A\'s');
    assert.deepEqual(await lock('A', [0, 1, 2]), [0, 1], 'A refreshes its own; 2 is B\'s');
    await unlock('B', [1]);
    assert.deepEqual(await lock('B', [1]), [], 'B cannot unlock A\'s queue');
    await unlock('A', [1], true);
    assert.deepEqual(await lock('B', [1]), [1], 'after A unlocked (oneway), B gets it');

    const bad = await client.invoke(cluster.brokerAddr, createRequest(RequestCode.LOCK_BATCH_MQ, { body: Buffer.from('{"mqSet":') }), callTimeoutMs);
    assert.equal(bad.code, ResponseCode.SYSTEM_ERROR, 'a malformed body is answered, not fatal');
    assert.deepEqual(await lock('A', [0]), [0], 'the broker still serves');
  } finally {
    client.close();
  }
});
