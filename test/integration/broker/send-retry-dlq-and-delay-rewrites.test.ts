// Send-path rewrites: a %RETRY% send whose reconsumeTimes reached maxReconsumeTimes lands in
// %DLQ%<group> (created with 1 queue, perm 6) undelayed; below the limit it is parked by its
// DELAY like any delayed message, in SCHEDULE_TOPIC_XXXX queue level - 1 with REAL_TOPIC and
// REAL_QID; an unknown group is refused when groups are not auto-created; WAIT=false under
// SYNC_FLUSH still stores and answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { startLocalCluster, type LocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, sendV2Request } from './send-pull-fixtures.js';

function storedIn(cluster: LocalCluster, topic: string, queueId: number) {
  return decodeStoredMessages(Buffer.concat(cluster.broker.store.get('check', topic, queueId, 0, 32, 1 << 20).messages));
}

test('retry sends go to the DLQ at the limit, else are delayed by their DELAY', async () => {
  await using cluster = await startLocalCluster({ broker: { flushDiskType: 'SYNC_FLUSH' } });
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const group = freshName('CG');
    const retry = `%RETRY%${group}`;
    const dead = await call(sendV2Request({ topic: retry, body: 'dead', reconsumeTimes: 3, maxReconsumeTimes: 3, properties: { DELAY: '5', RETRY_TOPIC: 'Orig' } }));
    assert.equal(dead.code, ResponseCode.SUCCESS, dead.remark);
    const dlq = cluster.broker.topics.select(`%DLQ%${group}`);
    assert.deepEqual([dlq?.readQueueNums, dlq?.writeQueueNums, dlq?.perm], [1, 1, 6]);
    const [dlqMessage] = storedIn(cluster, `%DLQ%${group}`, 0);
    assert.equal(dlqMessage?.body.toString(), 'dead');
    assert.equal(dlqMessage?.reconsumeTimes, 3);
    assert.equal(decodeProperties(dlqMessage!.properties).has('DELAY'), false, 'a dead letter is not delayed');

    const again = await call(sendV2Request({ topic: retry, body: 'again', reconsumeTimes: 1, maxReconsumeTimes: 3, properties: { DELAY: '4' } }));
    assert.equal(again.code, ResponseCode.SUCCESS, again.remark);
    assert.equal(again.extFields?.queueId, '0', 'the queue of the retry topic, as RocketMQ reports it');
    const [parked] = storedIn(cluster, 'SCHEDULE_TOPIC_XXXX', 3);
    const parkedProps = decodeProperties(parked!.properties);
    assert.deepEqual([parked?.body.toString(), parkedProps.get('REAL_TOPIC'), parkedProps.get('REAL_QID'), parkedProps.get('DELAY')], ['again', retry, '0', '4']);

    const topic = freshName('Delayed');
    const delayed = await call(sendV2Request({ topic, body: 'later', queueId: 2, properties: { DELAY: '99', WAIT: 'false' } }));
    assert.equal(delayed.code, ResponseCode.SUCCESS);
    assert.equal(delayed.extFields?.queueId, '2');
    const [clamped] = storedIn(cluster, 'SCHEDULE_TOPIC_XXXX', 17);
    assert.deepEqual([clamped?.body.toString(), decodeProperties(clamped!.properties).get('REAL_TOPIC')], ['later', topic], 'DELAY above the highest level is clamped to it');
    assert.equal(storedIn(cluster, topic, 2).length, 0, 'not in its topic until due');
  } finally {
    client.close();
  }
});

test('a retry send for an unknown group is refused when groups are not auto-created', async () => {
  await using cluster = await startLocalCluster({ broker: { autoCreateSubscriptionGroup: false } });
  const client = new RemotingClient();
  try {
    const r = await client.invoke(cluster.brokerAddr, sendV2Request({ topic: '%RETRY%Nobody', body: 'x', reconsumeTimes: 1, maxReconsumeTimes: 16 }), callTimeoutMs);
    assert.deepEqual([r.code, r.remark], [ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, 'subscription group not exist, Nobody']);
  } finally {
    client.close();
  }
});
