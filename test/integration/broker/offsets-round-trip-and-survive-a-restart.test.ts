// Consumer offsets round trip over the wire and survive a broker restart on the same folder;
// queue offsets (max, min, earliest store time, by timestamp) come from the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type ExtFields } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const callTimeoutMs = 3000;

test('offsets round trip, and survive a restart on the same folder', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rmq-offsets-'));
  const client = new RemotingClient();
  try {
    let brokerAddr: string;
    const call = async (code: number, extFields: ExtFields) => client.invoke(brokerAddr, createRequest(code, { extFields }), callTimeoutMs);
    const queryOffset = (queueId: number, extra: ExtFields = {}) =>
      call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'G1', topic: 'TopicA', queueId: String(queueId), ...extra });

    {
      await using cluster = await startLocalCluster({ dataDir });
      brokerAddr = cluster.brokerAddr;
      const empty = await queryOffset(0);
      assert.deepEqual([empty.code, empty.extFields?.offset], [ResponseCode.SUCCESS, '0'], 'no offset, queue starts at 0: consume from 0');
      const notFound = await queryOffset(0, { setZeroIfNotFound: 'false' });
      assert.deepEqual([notFound.code, notFound.remark], [ResponseCode.QUERY_NOT_FOUND, 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first']);

      const update = await call(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G1', topic: 'TopicA', queueId: '1', commitOffset: '42' });
      assert.equal(update.code, ResponseCode.SUCCESS);
      const oneway = createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, {
        extFields: { consumerGroup: 'G1', topic: 'TopicA', queueId: '2', commitOffset: '7' },
        oneway: true,
      });
      await client.invokeOneway(brokerAddr, oneway);
      assert.equal((await queryOffset(1)).extFields?.offset, '42');
      assert.equal((await queryOffset(2)).extFields?.offset, '7', 'the oneway update was applied before the later query');

      const bad = await call(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G1', topic: 'TopicA', queueId: '1', commitOffset: '-5' });
      assert.equal(bad.code, ResponseCode.SYSTEM_ERROR);
      const missing = await call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'G1', topic: 'TopicA' });
      assert.equal(missing.code, ResponseCode.SYSTEM_ERROR, 'a missing required header field');
    }
    assert.equal(readFileSync(join(dataDir, 'config', 'consumerOffset.json'), 'utf8'), '{"offsetTable":{"TopicA@G1":{1:42,2:7}}}');

    {
      await using cluster = await startLocalCluster({ dataDir });
      brokerAddr = cluster.brokerAddr;
      assert.equal((await queryOffset(1)).extFields?.offset, '42', 'offset kept across the restart');
      assert.equal((await queryOffset(2)).extFields?.offset, '7');
    }
  } finally {
    client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('max, min, earliest store time and offset by time come from the store', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (code: number, extFields: ExtFields) => client.invoke(cluster.brokerAddr, createRequest(code, { extFields }), callTimeoutMs);
  try {
    const stored: number[] = [];
    for (const body of ['a', 'b', 'c']) {
      const result = await cluster.broker.store.put(testMessage('TopicQ', 3, body));
      assert.equal(result.status, 'PUT_OK');
      if (result.status === 'PUT_OK') stored.push(result.storeTimestamp);
    }
    const queue = { topic: 'TopicQ', queueId: '3' };
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, queue)).extFields?.offset, '3');
    assert.equal((await call(RequestCode.GET_MIN_OFFSET, queue)).extFields?.offset, '0');
    assert.equal((await call(RequestCode.GET_EARLIEST_MSG_STORETIME, queue)).extFields?.timestamp, String(stored[0]));
    assert.equal((await call(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { ...queue, timestamp: '0' })).extFields?.offset, '0');
    const late = await call(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, { ...queue, timestamp: String(stored[2]! + 60_000) });
    assert.equal(late.extFields?.offset, '3');
    assert.equal((await call(RequestCode.GET_MAX_OFFSET, { topic: 'NoSuchTopic', queueId: '0' })).extFields?.offset, '0');
    assert.equal((await call(RequestCode.GET_EARLIEST_MSG_STORETIME, { topic: 'NoSuchTopic', queueId: '0' })).extFields?.timestamp, '-1');

    const fresh = await call(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'NewGroup', ...queue });
    assert.deepEqual([fresh.code, fresh.extFields?.offset], [ResponseCode.SUCCESS, '0'], 'message 0 still in memory: a new group starts at 0');
  } finally {
    client.close();
  }
});
