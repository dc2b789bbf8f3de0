// After maxReconsumeTimes (from the request, version >= 121) a handed-back message goes to
// %DLQ%<group> at once (no delay), a topic created on demand with 1 queue and perm 6; a negative
// delay level sends it there directly; without the header the group's retryMaxTimes rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import type { StoredMessage } from '../../../src/common/message/stored-message-types.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { encodeSubscriptionGroupConfig } from '../../../src/remoting/protocol/bodies/subscription-group.js';
import { ConsumerSendMsgBackRequestHeader } from '../../../src/remoting/protocol/headers/send-back.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { newSubscriptionGroupConfig } from '../../../src/broker/managers/subscription-group-manager.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

const holdMs = 10_000;
const arrivalDeadlineMs = 30_000;

async function pullFirst(client: RemotingClient, addr: string, group: string, topic: string, offset: number): Promise<StoredMessage> {
  const deadline = Date.now() + arrivalDeadlineMs;
  while (Date.now() < deadline) {
    const response = await client.invoke(addr, pullRequest(group, topic, 0, offset, { subscription: '*', suspendTimeoutMillis: holdMs }), holdMs + callTimeoutMs);
    if (response.code === ResponseCode.SUCCESS) return decodeStoredMessages(response.body!)[0]!;
    assert.equal(response.code, ResponseCode.PULL_NOT_FOUND, response.remark);
  }
  throw new Error(`nothing arrived in ${topic} from offset ${offset} within ${arrivalDeadlineMs} ms`);
}

function sendBack(offset: number, group: string, delayLevel: number, maxReconsumeTimes?: number, version?: number) {
  const request = createRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { extFields: ConsumerSendMsgBackRequestHeader.encode({ offset, group, delayLevel, maxReconsumeTimes }) });
  if (version !== undefined) request.version = version;
  return request;
}

test('with maxReconsumeTimes 1 the second hand-back goes to %DLQ%group at once', async () => {
  await using cluster = await startLocalCluster({ broker: { messageDelayLevel: '1s 1s 1s' } });
  const client = new RemotingClient();
  const call = (request: ReturnType<typeof sendBack>) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('DlqTopic');
    const group = freshName('DlqGroup');
    const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'poison', queueId: 0 }), callTimeoutMs);
    assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    const original = await pullFirst(client, cluster.brokerAddr, group, topic, 0);

    assert.equal((await call(sendBack(original.physicalOffset, group, 0, 1))).code, ResponseCode.SUCCESS);
    const retried = await pullFirst(client, cluster.brokerAddr, group, `%RETRY%${group}`, 0);
    assert.equal(retried.reconsumeTimes, 1);

    const scheduledBefore = cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 2);
    assert.equal((await call(sendBack(retried.physicalOffset, group, 0, 1))).code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 2), scheduledBefore, 'not parked again');
    const dead = decodeStoredMessages((await client.invoke(cluster.brokerAddr, pullRequest(group, `%DLQ%${group}`, 0, 0, { subscription: '*' }), callTimeoutMs)).body!);
    assert.equal(dead.length, 1, 'in the DLQ without a delay');
    assert.equal(dead[0]?.reconsumeTimes, 2);
    assert.equal(dead[0]?.body.toString(), 'poison');
    const props = decodeProperties(dead[0]!.properties);
    assert.equal(props.get('RETRY_TOPIC'), topic);
    assert.equal(props.get('ORIGIN_MESSAGE_ID'), sent.extFields?.msgId);
    assert.equal(props.has('DELAY'), false);
    const dlq = cluster.broker.topics.select(`%DLQ%${group}`);
    assert.deepEqual([dlq?.readQueueNums, dlq?.writeQueueNums, dlq?.perm], [1, 1, 6]);
  } finally {
    client.close();
  }
});

test('a negative delay level goes to the DLQ directly; old clients get the group retryMaxTimes', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: ReturnType<typeof sendBack>) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('DlqDirect');
    const group = freshName('DlqDirectGroup');
    const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'x', queueId: 0 }), callTimeoutMs);
    assert.equal(sent.code, ResponseCode.SUCCESS);
    const original = await pullFirst(client, cluster.brokerAddr, group, topic, 0);
    assert.equal((await call(sendBack(original.physicalOffset, group, -1))).code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.store.maxOffsetInQueue(`%DLQ%${group}`, 0), 1);

    // A group allowing no retries: a version 120 client's header value (16) is ignored.
    const strict = freshName('StrictGroup');
    const config = { ...newSubscriptionGroupConfig(strict), retryMaxTimes: 0 };
    const created = await call(createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, { body: encodeSubscriptionGroupConfig(config) }));
    assert.equal(created.code, ResponseCode.SUCCESS, created.remark);
    assert.equal((await call(sendBack(original.physicalOffset, strict, 0, 16, 120))).code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.store.maxOffsetInQueue(`%DLQ%${strict}`, 0), 1, 'DLQ by the group retryMaxTimes');
    assert.equal((await call(sendBack(original.physicalOffset, strict, 0, 16, 409))).code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.store.maxOffsetInQueue(`%DLQ%${strict}`, 0), 1, 'a current client\'s 16 wins: retried, not dead');
  } finally {
    client.close();
  }
});
