// Bad sends and pulls get RocketMQ's codes and remarks and never crash the broker: unknown topic
// with auto-creation off, oversized body, reserved and invalid topic names, queue ids out of
// range, malformed headers and batch bodies, transaction halves, SQL92; and connections dropped
// right after writing a send. Messages acknowledged before all that stay readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { parseAddress, RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../src/remoting/protocol/frame-codec.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { RawPeer } from '../remoting/raw-peer.js';
import { batchEntry, callTimeoutMs, freshName, pullRequest, sendBatchRequest, sendV2Request } from './send-pull-fixtures.js';

const maxMessageSize = 1024;

test('bad sends are refused with RocketMQ codes and remarks, always with MSG_REGION and TRACE_ON', async () => {
  await using cluster = await startLocalCluster({ broker: { autoCreateTopicEnable: false, maxMessageSize } });
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const unknown = await call(sendV2Request({ topic: 'NoSuchTopic', body: 'x' }));
    assert.deepEqual([unknown.code, unknown.remark], [ResponseCode.TOPIC_NOT_EXIST, 'topic[NoSuchTopic] not exist, apply first please!']);
    assert.deepEqual([unknown.extFields?.MSG_REGION, unknown.extFields?.TRACE_ON], ['DefaultRegion', 'true']);
    assert.equal(cluster.broker.topics.select('NoSuchTopic'), undefined, 'nothing created');

    const topic = freshName('Bad');
    cluster.broker.topics.updateTopicConfig({ topicName: topic, readQueueNums: 2, writeQueueNums: 2, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
    const ok = await call(sendV2Request({ topic, body: 'kept', queueId: 1 }));
    assert.equal(ok.code, ResponseCode.SUCCESS, ok.remark);

    const big = await call(sendV2Request({ topic, body: Buffer.alloc(maxMessageSize + 1) }));
    assert.equal(big.code, ResponseCode.MESSAGE_ILLEGAL);
    assert.match(big.remark ?? '', /msg body length limit 1024B/);
    const exact = await call(sendV2Request({ topic, body: Buffer.alloc(maxMessageSize) }));
    assert.equal(exact.code, ResponseCode.SUCCESS, 'a body of exactly maxMessageSize is accepted');

    const bigProperties = await call(sendV2Request({ topic, body: 'x', properties: { P: 'p'.repeat(40_000) } }));
    assert.equal(bigProperties.code, ResponseCode.MESSAGE_ILLEGAL, 'properties over 32767 bytes');

    const reserved = await call(sendV2Request({ topic: 'SCHEDULE_TOPIC_XXXX', body: 'x' }));
    assert.deepEqual([reserved.code, reserved.remark], [ResponseCode.NO_PERMISSION, 'Sending message to topic[SCHEDULE_TOPIC_XXXX] is forbidden.']);
    const invalid = await call(sendV2Request({ topic: 'bad topic!', body: 'x' }));
    assert.equal(invalid.code, ResponseCode.SYSTEM_ERROR);
    assert.match(invalid.remark ?? '', /illegal characters/);
    assert.equal((await call(sendV2Request({ topic: 'T'.repeat(128), body: 'x' }))).code, ResponseCode.SYSTEM_ERROR);

    const outOfRange = await call(sendV2Request({ topic, body: 'x', queueId: 2 }));
    assert.equal(outOfRange.code, ResponseCode.SYSTEM_ERROR);
    assert.match(outOfRange.remark ?? '', /^request queueId\[2\] is illegal/);

    const half = await call(sendV2Request({ topic, body: 'x', properties: { TRAN_MSG: 'true', PGROUP: 'PG' }, sysFlag: 0x4 }));
    assert.deepEqual([half.code, half.remark], [ResponseCode.NO_PERMISSION, 'transaction message not supported yet']);

    const noTopicField = sendV2Request({ topic, body: 'x' });
    delete noTopicField.extFields!.b;
    const noTopic = await call(noTopicField);
    assert.deepEqual([noTopic.code, noTopic.remark, noTopic.extFields?.MSG_REGION], [ResponseCode.SYSTEM_ERROR, 'the custom field <b> is null', 'DefaultRegion'], 'a missing required header field');
    const badNumber = sendV2Request({ topic, body: 'x' });
    badNumber.extFields!.e = 'one';
    assert.equal((await call(badNumber)).code, ResponseCode.SYSTEM_ERROR, 'a queue id that is not a number');

    const badBatch = batchEntry(Buffer.from('b'), 'TAGS\u0001A');
    badBatch.writeInt32BE(badBatch.length + 10, 0);
    const refusedBatch = await call(sendBatchRequest(topic, 0, badBatch));
    assert.equal(refusedBatch.code, ResponseCode.MESSAGE_ILLEGAL);
    assert.match(refusedBatch.remark ?? '', /TOTALSIZE/);
    assert.equal((await call(sendBatchRequest(topic, 0, Buffer.alloc(0)))).code, ResponseCode.MESSAGE_ILLEGAL, 'an empty batch');
    const retryBatch = await call(sendBatchRequest('%RETRY%G', 0, batchEntry(Buffer.from('b'), '')));
    assert.deepEqual([retryBatch.code, retryBatch.remark], [ResponseCode.MESSAGE_ILLEGAL, 'batch request does not support retry group %RETRY%G']);
    const delayedBatch = await call(sendBatchRequest(topic, 0, batchEntry(Buffer.from('b'), 'DELAY\u00012')));
    assert.equal(delayedBatch.code, ResponseCode.MESSAGE_ILLEGAL);

    const pulled = await call(pullRequest('CG', topic, 1, 0, { subscription: '*' }));
    assert.deepEqual(decodeStoredMessages(pulled.body!).map((m) => m.body.toString()), ['kept'], 'only the accepted message was stored in queue 1');
  } finally {
    client.close();
  }
});

test('bad pulls are refused with RocketMQ codes and remarks', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('PullBad');
    assert.equal((await call(sendV2Request({ topic, body: 'x' }))).code, ResponseCode.SUCCESS);
    const missing = await call(pullRequest('CG', 'NoSuchTopic', 0, 0, { subscription: '*' }));
    assert.deepEqual([missing.code, missing.remark], [ResponseCode.TOPIC_NOT_EXIST, 'topic[NoSuchTopic] not exist, apply first please!']);
    const outOfRange = await call(pullRequest('CG', topic, 4, 0, { subscription: '*' }));
    assert.equal(outOfRange.code, ResponseCode.SYSTEM_ERROR);
    assert.match(outOfRange.remark ?? '', /^queueId\[4\] is illegal, topic:\[/);
    assert.equal((await call(pullRequest('CG', topic, -1, 0, { subscription: '*' }))).code, ResponseCode.SYSTEM_ERROR);
    const sql = await call(pullRequest('CG', topic, 0, 0, { subscription: 'a > 1', expressionType: 'SQL92' }));
    assert.deepEqual([sql.code, sql.remark], [ResponseCode.SYSTEM_ERROR, 'The broker does not support consumer to filter message by SQL92']);
    assert.equal((await call(pullRequest('CG', topic, 0, 0, { subscription: '||' }))).code, ResponseCode.SUBSCRIPTION_PARSE_FAILED);

    const group = freshName('Disabled');
    cluster.broker.subscriptionGroups.updateSubscriptionGroupConfig({ ...cluster.broker.subscriptionGroups.findSubscriptionGroupConfig(group)!, consumeEnable: false });
    const disabled = await call(pullRequest(group, topic, 0, 0, { subscription: '*' }));
    assert.deepEqual([disabled.code, disabled.remark], [ResponseCode.NO_PERMISSION, `subscription group no permission, ${group}`]);

    const noOffset = createRequest(RequestCode.PULL_MESSAGE, { extFields: { consumerGroup: 'CG', topic, queueId: '0' } });
    assert.equal((await call(noOffset)).code, ResponseCode.SYSTEM_ERROR, 'missing required header fields');
  } finally {
    client.close();
  }
});

test('pull answers follow the status table: empty queue, offset too small, at the end, past the end', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const pull = async (topic: string, queueId: number, offset: number) => {
    const r = await client.invoke(cluster.brokerAddr, pullRequest('CG', topic, queueId, offset, { subscription: '*' }), callTimeoutMs);
    return [r.code, r.remark, r.extFields?.nextBeginOffset, r.extFields?.minOffset, r.extFields?.maxOffset, r.extFields?.suggestWhichBrokerId];
  };
  try {
    const topic = freshName('Table');
    for (const body of ['a', 'b', 'c']) assert.equal((await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body, queueId: 0 }), callTimeoutMs)).code, 0);
    assert.deepEqual(await pull(topic, 1, 0), [ResponseCode.PULL_NOT_FOUND, 'NO_MATCHED_LOGIC_QUEUE', '0', '0', '0', '0'], 'an empty queue at offset 0');
    assert.deepEqual(await pull(topic, 1, 5), [ResponseCode.PULL_OFFSET_MOVED, 'NO_MATCHED_LOGIC_QUEUE', '0', '0', '0', '0'], 'an empty queue at another offset');
    assert.deepEqual(await pull(topic, 0, -1), [ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_TOO_SMALL', '0', '0', '3', '0']);
    assert.deepEqual(await pull(topic, 0, 3), [ResponseCode.PULL_NOT_FOUND, 'OFFSET_OVERFLOW_ONE', '3', '0', '3', '0']);
    assert.deepEqual(await pull(topic, 0, 10), [ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_OVERFLOW_BADLY', '3', '0', '3', '0']);
    assert.deepEqual(await pull(topic, 0, 1), [ResponseCode.SUCCESS, 'FOUND', '3', '0', '3', '0']);
  } finally {
    client.close();
  }
});

test('connections dropped right after writing a send do not crash the broker or lose acknowledged messages', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('Dropped');
    const acknowledged: string[] = [];
    const { port } = parseAddress(cluster.brokerAddr);
    for (let round = 0; round < 20; round++) {
      const body = `ack${round}`;
      const r = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body }), callTimeoutMs);
      assert.equal(r.code, ResponseCode.SUCCESS);
      acknowledged.push(body);

      const peer = await RawPeer.connect(port);
      const frame = encodeCommand(sendV2Request({ topic, body: `dropped${round}` }));
      // Every other round the frame is cut short: a half request on a dead connection.
      peer.sendBytes(round % 2 === 0 ? frame : frame.subarray(0, frame.length >> 1));
      peer.socket.destroy();
      await peer.closed;
    }
    const pulled = await client.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 0, { subscription: '*', maxMsgNums: 64 }), callTimeoutMs);
    assert.equal(pulled.code, ResponseCode.SUCCESS);
    const bodies = decodeStoredMessages(pulled.body!).map((m) => m.body.toString());
    assert.deepEqual(bodies.filter((b) => b.startsWith('ack')), acknowledged, 'every acknowledged message, in order');
    assert.ok(bodies.every((b) => b.startsWith('ack') || /^dropped\d*[02468]$/.test(b)), 'a cut frame never became a message');
  } finally {
    client.close();
  }
});
