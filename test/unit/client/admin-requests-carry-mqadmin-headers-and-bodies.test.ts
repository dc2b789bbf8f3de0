import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { createOffsetMsgId } from '../../../src/common/message/message-id.js';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { decodeSubscriptionGroupConfig } from '../../../src/remoting/protocol/bodies/subscription-group.js';
import { CreateTopicRequestHeader } from '../../../src/remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { brokerConfig, updateBrokerConfig } from '../../../src/client/admin/cluster.js';
import { createOrUpdateSubscriptionGroup, deleteSubscriptionGroup } from '../../../src/client/admin/groups.js';
import { viewMessage } from '../../../src/client/admin/messages.js';
import { createTopic, deleteTopic } from '../../../src/client/admin/topics.js';
import { clusterInfoBody, fakeAdmin, nameServers, reply, type Handler } from './admin-fake-transport.js';

const okay: Handler = (_addr, request) => reply(request);
const cluster: Handler = (_addr, request) => reply(request, 0, { body: clusterInfoBody });

test('createTopic sends mqadmin defaults to every master of a cluster; order also records the queues in the NameServers', async () => {
  const { ctx, calls } = fakeAdmin({ [RequestCode.GET_BROKER_CLUSTER_INFO]: cluster, [RequestCode.UPDATE_AND_CREATE_TOPIC]: okay, [RequestCode.PUT_KV_CONFIG]: okay });
  assert.deepEqual(await createTopic(ctx, 'T', { clusterName: 'C' }), ['a:10911', 'b:10911']);
  const creates = calls.filter((c) => c.request.code === RequestCode.UPDATE_AND_CREATE_TOPIC);
  assert.deepEqual(CreateTopicRequestHeader.decode(creates[0]!.request.extFields), {
    topic: 'T', defaultTopic: 'TBW102', readQueueNums: 8, writeQueueNums: 8, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false,
  });
  calls.length = 0;
  await createTopic(ctx, 'O', { brokerAddr: 'b:10911' }, { writeQueueNums: 2, readQueueNums: 2, order: true });
  assert.deepEqual(calls.filter((c) => c.request.code === RequestCode.UPDATE_AND_CREATE_TOPIC).map((c) => c.addr), ['b:10911']);
  const kv = calls.filter((c) => c.request.code === RequestCode.PUT_KV_CONFIG);
  assert.deepEqual(kv.map((c) => c.addr), nameServers);
  assert.deepEqual(kv[0]!.request.extFields, { namespace: 'ORDER_TOPIC_CONFIG', key: 'O', value: 'broker-b:2' });
  await assert.rejects(createTopic(ctx, 'bad name', { clusterName: 'C' }), InvalidArgumentError);
  await assert.rejects(createTopic(ctx, 'T', { clusterName: 'nope' }), InvalidArgumentError);
});

test('deleteTopic removes the topic from every master, then from every NameServer', async () => {
  const { ctx, calls } = fakeAdmin({ [RequestCode.GET_BROKER_CLUSTER_INFO]: cluster, [RequestCode.DELETE_TOPIC_IN_BROKER]: okay, [RequestCode.DELETE_TOPIC_IN_NAMESRV]: okay });
  await deleteTopic(ctx, 'T', 'C');
  const sequence = calls.filter((c) => c.request.code !== RequestCode.GET_BROKER_CLUSTER_INFO).map((c) => `${c.request.code}@${c.addr}`);
  assert.deepEqual(sequence, ['215@a:10911', '215@b:10911', '216@ns1:9876', '216@ns2:9876']);
  assert.deepEqual(calls.at(-1)!.request.extFields, { topic: 'T', clusterName: 'C' });
});

test('subscription groups: full config with defaults; deletion can take the retry and DLQ topics along', async () => {
  const { ctx, calls } = fakeAdmin({
    [RequestCode.GET_BROKER_CLUSTER_INFO]: cluster,
    [RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP]: okay,
    [RequestCode.DELETE_SUBSCRIPTIONGROUP]: okay,
    [RequestCode.DELETE_TOPIC_IN_BROKER]: okay,
    [RequestCode.DELETE_TOPIC_IN_NAMESRV]: okay,
  });
  await createOrUpdateSubscriptionGroup(ctx, { groupName: 'G', retryMaxTimes: 3 }, { brokerAddr: 'a:10911' });
  const config = decodeSubscriptionGroupConfig(calls[0]!.request.body!);
  assert.equal(config.retryMaxTimes, 3);
  assert.equal(config.retryQueueNums, 1);
  assert.equal(config.consumeEnable, true);
  calls.length = 0;
  await deleteSubscriptionGroup(ctx, 'G', { clusterName: 'C' }, { removeOffset: true, removeRetryAndDlqTopics: true });
  const deletes = calls.filter((c) => c.request.code === RequestCode.DELETE_SUBSCRIPTIONGROUP);
  assert.deepEqual(deletes[0]!.request.extFields, { groupName: 'G', removeOffset: 'true' });
  const topics = calls.filter((c) => c.request.code === RequestCode.DELETE_TOPIC_IN_NAMESRV).map((c) => c.request.extFields!.topic);
  assert.deepEqual(topics, ['%RETRY%G', '%RETRY%G', '%DLQ%G', '%DLQ%G']);
  await assert.rejects(deleteSubscriptionGroup(ctx, 'G', { brokerAddr: 'a:10911' }, { removeRetryAndDlqTopics: true }), InvalidArgumentError);
});

test('broker config travels as Java properties text', async () => {
  let sent = '';
  const { ctx } = fakeAdmin({
    [RequestCode.GET_BROKER_CONFIG]: (_a, r) => reply(r, 0, { extFields: { version: '{}' }, body: Buffer.from('brokerName=broker-a\nflushDiskType=ASYNC_FLUSH\n# comment\nmessageDelayLevel=1s 5s\n') }),
    [RequestCode.UPDATE_BROKER_CONFIG]: (_a, r) => {
      sent = r.body!.toString();
      return reply(r);
    },
  });
  assert.deepEqual(await brokerConfig(ctx, 'a:10911'), new Map([['brokerName', 'broker-a'], ['flushDiskType', 'ASYNC_FLUSH'], ['messageDelayLevel', '1s 5s']]));
  await updateBrokerConfig(ctx, 'a:10911', { fileReservedTime: '48', deleteWhen: '04' });
  assert.equal(sent, 'fileReservedTime=48\ndeleteWhen=04\n');
  await assert.rejects(updateBrokerConfig(ctx, 'a:10911', { 'bad key': 'x' }), InvalidArgumentError);
  await assert.rejects(updateBrokerConfig(ctx, 'a:10911', { k: 'two\nlines' }), InvalidArgumentError);
});

test('viewMessage goes to the broker and offset inside the offsetMsgId', async () => {
  const record = encodeStoredMessage(
    { topic: 'T', queueId: 1, flag: 0, body: Buffer.from('hello'), properties: encodeProperties(new Map([['UNIQ_KEY', 'U1']])), sysFlag: 0, bornTimestamp: 1, bornHost: { address: new Uint8Array([1, 2, 3, 4]), port: 1 }, reconsumeTimes: 0, preparedTransactionOffset: 0 },
    { queueOffset: 4, physicalOffset: 3898, storeTimestamp: 9, storeHost: { address: new Uint8Array([10, 0, 0, 5]), port: 10911 } },
  );
  const { ctx, calls } = fakeAdmin({ [RequestCode.VIEW_MESSAGE_BY_ID]: (_a, r) => reply(r, 0, { body: record }) });
  const message = await viewMessage(ctx, createOffsetMsgId({ host: '10.0.0.5', port: 10911 }, 3898n));
  assert.equal(calls[0]!.addr, '10.0.0.5:10911');
  assert.deepEqual(calls[0]!.request.extFields, { offset: '3898' });
  assert.equal(message.body.toString(), 'hello');
  assert.equal(message.msgId, 'U1');
  await assert.rejects(viewMessage(ctx, 'not-an-id'), InvalidArgumentError);
});
