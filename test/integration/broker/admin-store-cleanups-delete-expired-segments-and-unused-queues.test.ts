// The store clean-ups mqadmin starts by hand: DELETE_EXPIRED_COMMITLOG deletes expired commit
// log segments at once whatever the hour, CLEAN_EXPIRED_CONSUMEQUEUE runs a retention pass, and
// CLEAN_UNUSED_TOPIC drops the consume queues of a topic whose config is gone (the delay topic's stay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, sendV2Request } from './send-pull-fixtures.js';

/** An hour of the day other than the current one, so the periodic pass deletes nothing by itself. */
function anotherHour(): string {
  return String((new Date().getHours() + 12) % 24).padStart(2, '0');
}

test('DELETE_EXPIRED_COMMITLOG deletes expired segments at once; CLEAN_UNUSED_TOPIC drops the queues of an unconfigured topic', async () => {
  await using cluster = await startLocalCluster({
    broker: { mappedFileSizeCommitLog: 64 * 1024, maxMessageSize: 4096, fileReservedTime: 0, deleteWhen: anotherHour() },
  });
  const client = new RemotingClient();
  try {
    const call = (code: number) => client.invoke(cluster.brokerAddr, createRequest(code), callTimeoutMs);
    const topic = freshName('Cleanup');
    const body = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 100; i++) {
      const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body, queueId: 0 }), callTimeoutMs);
      assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    }
    const store = cluster.broker.store;
    assert.ok(store.commitLogMaxOffset() > 64 * 1024, 'more than one segment written');
    assert.equal((await call(RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE)).code, ResponseCode.SUCCESS);
    assert.equal(store.commitLogMinOffset(), 0, 'a plain pass outside deleteWhen keeps the expired segment');

    assert.equal((await call(RequestCode.DELETE_EXPIRED_COMMITLOG)).code, ResponseCode.SUCCESS);
    assert.equal(store.commitLogMinOffset(), 64 * 1024, 'the full first segment is gone, the one taking appends stays');
    assert.ok(store.minOffsetInQueue(topic, 0) > 0, 'the queue starts after the deleted records');

    const delayed = await client.invoke(cluster.brokerAddr, sendV2Request({ topic: freshName('Later'), body: 'later', properties: { DELAY: '18' } }), callTimeoutMs);
    assert.equal(delayed.code, ResponseCode.SUCCESS, delayed.remark);
    assert.ok(cluster.broker.topics.deleteTopicConfig(topic));
    assert.ok(store.queueTopics().includes(topic));
    assert.equal((await call(RequestCode.CLEAN_UNUSED_TOPIC)).code, ResponseCode.SUCCESS);
    assert.ok(!store.queueTopics().includes(topic), 'the consume queues of the unconfigured topic are gone');
    assert.ok(store.queueTopics().includes('SCHEDULE_TOPIC_XXXX'), 'the delay topic keeps its queues');
  } finally {
    client.close();
  }
});
