// Admin requests over a real socket, as mqadmin sends them: topics created (with RocketMQ's
// validation remarks) and deleted (config, queues and offsets), subscription groups created and
// deleted with their offsets, the all-topics / all-groups / all-offsets / delay-offset bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type ExtFields, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { decodeConsumerOffsetSerializeWrapper, decodeDelayOffsetSerializeWrapper } from '../../../src/remoting/protocol/bodies/consumer-offset-wrapper.js';
import { decodeSubscriptionGroupWrapper, encodeSubscriptionGroupConfig } from '../../../src/remoting/protocol/bodies/subscription-group.js';
import { decodeTopicConfigSerializeWrapper } from '../../../src/remoting/protocol/bodies/topic-config.js';
import { decodeTopicList } from '../../../src/remoting/protocol/bodies/topic-list.js';
import { CreateTopicRequestHeader, type CreateTopicRequestHeader as CreateTopic } from '../../../src/remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { newSubscriptionGroupConfig } from '../../../src/broker/managers/subscription-group-manager.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, sendV2Request } from './send-pull-fixtures.js';

function createTopic(topic: string, overrides: Partial<CreateTopic> = {}): RemotingCommand {
  const header: CreateTopic = { topic, defaultTopic: 'TBW102', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, ...overrides };
  return createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, { extFields: CreateTopicRequestHeader.encode(header) });
}

test('topics are created with validation, listed, and deleted with their queues and offsets', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  const request = (code: number, extFields?: ExtFields) => createRequest(code, extFields ? { extFields } : {});
  try {
    const topic = freshName('AdminTopic');
    const created = await call(createTopic(topic, { readQueueNums: 3, writeQueueNums: 2, perm: 4 }));
    assert.equal(created.code, ResponseCode.SUCCESS, created.remark);
    const all = decodeTopicConfigSerializeWrapper((await call(request(RequestCode.GET_ALL_TOPIC_CONFIG))).body!);
    assert.deepEqual(all.topicConfigTable.get(topic), { topicName: topic, readQueueNums: 3, writeQueueNums: 2, perm: 4, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
    assert.ok(all.dataVersion.counter > 0);
    assert.equal((await call(createTopic(topic, { perm: 6 }))).code, ResponseCode.SUCCESS, 'an update');
    assert.equal(cluster.broker.topics.select(topic)?.perm, 6);

    const refusals: Array<[RemotingCommand, string]> = [
      [createTopic('bad topic'), 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$'],
      [createTopic('x'.repeat(128)), 'The specified topic is longer than topic max length.'],
      [createTopic('SCHEDULE_TOPIC_XXXX'), 'The topic[SCHEDULE_TOPIC_XXXX] is conflict with system topic.'],
      [createTopic('rmq_sys_mine'), 'The topic[rmq_sys_mine] is conflict with system topic.'],
      [createTopic(freshName('T'), { perm: 99 }), 'perm 99 is not a combination of the PermName bits 8, 4, 2, 1'],
      [createTopic(freshName('T'), { readQueueNums: -1 }), 'readQueueNums -1 is outside 0..16384'],
      [createTopic(freshName('T'), { topicFilterType: 'ALL' }), 'topicFilterType "ALL" is neither SINGLE_TAG nor MULTI_TAG'],
    ];
    for (const [bad, remark] of refusals) {
      const response = await call(bad);
      assert.deepEqual([response.code, response.remark], [ResponseCode.SYSTEM_ERROR, remark]);
    }
    const missing = await call(createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, { extFields: { topic: freshName('T') } }));
    assert.equal(missing.code, ResponseCode.SYSTEM_ERROR, 'required header fields missing');

    const sent = await call(sendV2Request({ topic, body: 'm', queueId: 1 }));
    assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    const commit = await call(request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G', topic, queueId: '1', commitOffset: '1' }));
    assert.equal(commit.code, ResponseCode.SUCCESS);

    const deleted = await call(request(RequestCode.DELETE_TOPIC_IN_BROKER, { topic }));
    assert.equal(deleted.code, ResponseCode.SUCCESS, deleted.remark);
    assert.equal(cluster.broker.topics.select(topic), undefined);
    assert.equal(cluster.broker.store.maxOffsetInQueue(topic, 1), 0, 'its queues are gone');
    const offsets = decodeConsumerOffsetSerializeWrapper((await call(request(RequestCode.GET_ALL_CONSUMER_OFFSET))).body!);
    assert.equal(offsets.offsetTable.has(`${topic}@G`), false, 'its consumer offsets are gone');
    const systemDelete = await call(request(RequestCode.DELETE_TOPIC_IN_BROKER, { topic: 'TBW102' }));
    assert.deepEqual([systemDelete.code, systemDelete.remark], [ResponseCode.SYSTEM_ERROR, 'The topic[TBW102] is conflict with system topic.']);

    const system = decodeTopicList((await call(request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER))).body!);
    assert.ok(system.topicList.includes('SCHEDULE_TOPIC_XXXX') && system.topicList.includes('TBW102'));
  } finally {
    client.close();
  }
});

test('subscription groups are created, listed and deleted with their offsets; offset tables are served', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const group = freshName('AdminGroup');
    const config = { ...newSubscriptionGroupConfig(group), retryQueueNums: 3, retryMaxTimes: 5 };
    const created = await call(createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, { body: encodeSubscriptionGroupConfig(config) }));
    assert.equal(created.code, ResponseCode.SUCCESS, created.remark);
    const groups = decodeSubscriptionGroupWrapper((await call(createRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG))).body!);
    assert.deepEqual(groups.subscriptionGroupTable.get(group), config);

    const badName = await call(createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, { body: encodeSubscriptionGroupConfig({ ...config, groupName: 'no spaces' }) }));
    assert.equal(badName.code, ResponseCode.SYSTEM_ERROR);
    const noBody = await call(createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP));
    assert.equal(noBody.code, ResponseCode.SYSTEM_ERROR);

    const commit = createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields: { consumerGroup: group, topic: 'SomeTopic', queueId: '0', commitOffset: '9' } });
    assert.equal((await call(commit)).code, ResponseCode.SUCCESS);
    const before = decodeConsumerOffsetSerializeWrapper((await call(createRequest(RequestCode.GET_ALL_CONSUMER_OFFSET))).body!);
    assert.deepEqual(before.offsetTable.get(`SomeTopic@${group}`), new Map([[0, 9]]));

    const deleted = await call(createRequest(RequestCode.DELETE_SUBSCRIPTIONGROUP, { extFields: { groupName: group, removeOffset: 'true' } }));
    assert.equal(deleted.code, ResponseCode.SUCCESS);
    const after = decodeSubscriptionGroupWrapper((await call(createRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG))).body!);
    assert.equal(after.subscriptionGroupTable.has(group), false);
    const offsets = decodeConsumerOffsetSerializeWrapper((await call(createRequest(RequestCode.GET_ALL_CONSUMER_OFFSET))).body!);
    assert.equal(offsets.offsetTable.has(`SomeTopic@${group}`), false, 'removeOffset dropped them');

    const delay = await call(createRequest(RequestCode.GET_ALL_DELAY_OFFSET));
    assert.equal(delay.code, ResponseCode.SUCCESS);
    assert.equal(delay.body?.toString(), cluster.broker.schedule.encode().toString());
    assert.equal(decodeDelayOffsetSerializeWrapper(delay.body!).offsetTable.size, 0, 'no delayed message delivered yet');
  } finally {
    client.close();
  }
});
