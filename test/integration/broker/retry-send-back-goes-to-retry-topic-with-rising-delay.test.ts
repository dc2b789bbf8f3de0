// CONSUMER_SEND_MSG_BACK over a real socket: a consumed message handed back is parked at delay
// level 3 + reconsumeTimes and then lands in %RETRY%<group> with reconsumeTimes + 1, RETRY_TOPIC
// and ORIGIN_MESSAGE_ID; handed back again, it climbs one level. Bad requests get RocketMQ's codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import type { StoredMessage } from '../../../src/common/message/stored-message-types.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { ConsumerSendMsgBackRequestHeader } from '../../../src/remoting/protocol/headers/send-back.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

const holdMs = 10_000;
const arrivalDeadlineMs = 30_000;
/** Five 1 s levels: every retry level (3, 4, ... clamped to 5) waits 1 s. */
const fastLevels = '1s 1s 1s 1s 1s';

async function pullFirst(client: RemotingClient, addr: string, group: string, topic: string, offset: number): Promise<StoredMessage> {
  const deadline = Date.now() + arrivalDeadlineMs;
  while (Date.now() < deadline) {
    const response = await client.invoke(addr, pullRequest(group, topic, 0, offset, { subscription: '*', suspendTimeoutMillis: holdMs }), holdMs + callTimeoutMs);
    if (response.code === ResponseCode.SUCCESS) return decodeStoredMessages(response.body!)[0]!;
    assert.equal(response.code, ResponseCode.PULL_NOT_FOUND, response.remark);
  }
  throw new Error(`nothing arrived in ${topic} from offset ${offset} within ${arrivalDeadlineMs} ms`);
}

function sendBack(offset: number, group: string, delayLevel: number, maxReconsumeTimes?: number) {
  const extFields = ConsumerSendMsgBackRequestHeader.encode({ offset, group, delayLevel, maxReconsumeTimes });
  return createRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { extFields });
}

test('a message handed back goes to %RETRY%group after level 3 + reconsumeTimes, counting up', async () => {
  await using cluster = await startLocalCluster({ broker: { messageDelayLevel: fastLevels } });
  const client = new RemotingClient();
  const call = (request: ReturnType<typeof sendBack>) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('RetryTopic');
    const group = freshName('RetryGroup');
    const retryTopic = `%RETRY%${group}`;
    const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'fail me', tags: 'TagR', queueId: 0 }), callTimeoutMs);
    assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    const original = await pullFirst(client, cluster.brokerAddr, group, topic, 0);

    const first = await call(sendBack(original.physicalOffset, group, 0));
    assert.equal(first.code, ResponseCode.SUCCESS, first.remark);
    assert.equal(cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 2), 1, 'parked at level 3 (reconsumeTimes 0)');
    const retry1 = await pullFirst(client, cluster.brokerAddr, group, retryTopic, 0);
    assert.equal(retry1.topic, retryTopic);
    assert.equal(retry1.reconsumeTimes, 1);
    assert.equal(retry1.body.toString(), 'fail me');
    assert.equal(retry1.bornTimestamp, original.bornTimestamp);
    const props1 = decodeProperties(retry1.properties);
    assert.equal(props1.get('RETRY_TOPIC'), topic);
    assert.equal(props1.get('ORIGIN_MESSAGE_ID'), sent.extFields?.msgId);
    assert.equal(props1.get('TAGS'), 'TagR');
    assert.equal(props1.has('DELAY'), false);
    assert.ok(retry1.storeTimestamp >= original.storeTimestamp + 1000, 'the retry waited for its delay');
    const retryConfig = cluster.broker.topics.select(retryTopic);
    assert.deepEqual([retryConfig?.readQueueNums, retryConfig?.writeQueueNums, retryConfig?.perm], [1, 1, 6]);

    const second = await call(sendBack(retry1.physicalOffset, group, 0));
    assert.equal(second.code, ResponseCode.SUCCESS, second.remark);
    assert.equal(cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 3), 1, 'parked at level 4 (reconsumeTimes 1)');
    const retry2 = await pullFirst(client, cluster.brokerAddr, group, retryTopic, 1);
    assert.equal(retry2.reconsumeTimes, 2);
    const props2 = decodeProperties(retry2.properties);
    assert.equal(props2.get('RETRY_TOPIC'), topic, 'the first topic is kept');
    assert.equal(props2.get('ORIGIN_MESSAGE_ID'), sent.extFields?.msgId, 'the first message id is kept');

    const asked = await call(sendBack(retry2.physicalOffset, group, 5));
    assert.equal(asked.code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 4), 1, 'the level asked for is used');
  } finally {
    client.close();
  }
});

test('an unknown group without auto-creation and an unknown offset are refused', async () => {
  await using cluster = await startLocalCluster({ broker: { autoCreateSubscriptionGroup: false } });
  const client = new RemotingClient();
  try {
    const unknownGroup = await client.invoke(cluster.brokerAddr, sendBack(0, freshName('NoSuchGroup'), 0), callTimeoutMs);
    assert.equal(unknownGroup.code, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
    const badOffset = await client.invoke(cluster.brokerAddr, sendBack(123_456_789, 'TOOLS_CONSUMER', 0), callTimeoutMs);
    assert.equal(badOffset.code, ResponseCode.SYSTEM_ERROR);
    assert.equal(badOffset.remark, 'look message by offset failed, 123456789');
    const missingField = await client.invoke(cluster.brokerAddr, createRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { extFields: { group: 'G' } }), callTimeoutMs);
    assert.equal(missingField.code, ResponseCode.SYSTEM_ERROR);
  } finally {
    client.close();
  }
});
