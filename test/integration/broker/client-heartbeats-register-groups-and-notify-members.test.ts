// HEART_BEAT creates the group's subscription config and %RETRY% topic (routed at once); a
// second member of a group makes the broker tell the first (NOTIFY_CONSUMER_IDS_CHANGED);
// GET_CONSUMER_LIST_BY_GROUP lists the members; UNREGISTER_CLIENT and a closed connection
// remove one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { decodeConsumerIdList } from '../../../src/remoting/protocol/bodies/consumer-id-list.js';
import { encodeHeartbeatData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import { decodeTopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import { createRequest, createResponse, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';

const callTimeoutMs = 3000;

function heartbeat(clientID: string, group: string, topic: string): RemotingCommand {
  const subscription = (t: string) => ({ classFilterMode: false, topic: t, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG' });
  const body = encodeHeartbeatData({
    clientID,
    producerDataSet: [{ groupName: 'CLIENT_INNER_PRODUCER' }],
    consumerDataSet: [
      {
        groupName: group,
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptionDataSet: [subscription(topic), subscription(`%RETRY%${group}`)],
        unitMode: false,
      },
    ],
  });
  return createRequest(RequestCode.HEART_BEAT, { body });
}

/** A client whose NOTIFY_CONSUMER_IDS_CHANGED requests can be awaited one by one. */
function consumerClient(): { client: RemotingClient; nextNotification: () => Promise<string> } {
  const client = new RemotingClient();
  const queued: string[] = [];
  const waiters: Array<(group: string) => void> = [];
  client.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (request) => {
    const group = request.extFields?.consumerGroup ?? '';
    const waiter = waiters.shift();
    if (waiter) waiter(group);
    else queued.push(group);
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const nextNotification = () => {
    const group = queued.shift();
    return group !== undefined ? Promise.resolve(group) : new Promise<string>((resolve) => waiters.push(resolve));
  };
  return { client, nextNotification };
}

test('heartbeats register a consumer group, its retry topic, and notify members of changes', async () => {
  await using cluster = await startLocalCluster();
  const { broker, brokerAddr } = cluster;
  const first = consumerClient();
  const second = consumerClient();
  const admin = new RemotingClient();
  const consumerList = (group: string) =>
    admin.invoke(brokerAddr, createRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { extFields: { consumerGroup: group } }), callTimeoutMs);
  try {
    const registered = once(cluster.namesrv, 'brokerRegistered');
    const answer = await first.client.invoke(brokerAddr, heartbeat('10.0.0.1@1', 'G1', 'TopicA'), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS);
    assert.equal(answer.version, 409);
    assert.equal(await first.nextNotification(), 'G1', 'the first member is told too: the group changed');

    const retry = broker.topics.select('%RETRY%G1');
    assert.deepEqual(retry && [retry.readQueueNums, retry.writeQueueNums, retry.perm], [1, 1, 6]);
    assert.equal(broker.subscriptionGroups.groups.get('G1')?.retryMaxTimes, 16);
    assert.equal(broker.producers.groups.has('CLIENT_INNER_PRODUCER'), true);
    await registered;
    const route = await admin.invoke(cluster.namesrvAddr, createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { extFields: { topic: '%RETRY%G1' } }), callTimeoutMs);
    assert.equal(route.code, ResponseCode.SUCCESS, 'the retry topic is routed at once');
    assert.equal(decodeTopicRouteData(route.body!).queueDatas[0]?.writeQueueNums, 1);

    await first.client.invoke(brokerAddr, heartbeat('10.0.0.1@1', 'G1', 'TopicA'), callTimeoutMs);
    await second.client.invoke(brokerAddr, heartbeat('10.0.0.2@1', 'G1', 'TopicA'), callTimeoutMs);
    assert.equal(await first.nextNotification(), 'G1', 'the first member hears of the second');
    assert.equal(await second.nextNotification(), 'G1');

    const list = await consumerList('G1');
    assert.equal(list.code, ResponseCode.SUCCESS);
    assert.deepEqual(decodeConsumerIdList(list.body!).consumerIdList.sort(), ['10.0.0.1@1', '10.0.0.2@1']);

    const none = await consumerList('NoSuchGroup');
    assert.deepEqual([none.code, none.remark], [ResponseCode.SYSTEM_ERROR, 'no consumer for this group, NoSuchGroup']);

    const unregister = createRequest(RequestCode.UNREGISTER_CLIENT, { extFields: { clientID: '10.0.0.2@1', consumerGroup: 'G1', producerGroup: 'CLIENT_INNER_PRODUCER' } });
    assert.equal((await second.client.invoke(brokerAddr, unregister, callTimeoutMs)).code, ResponseCode.SUCCESS);
    assert.equal(await first.nextNotification(), 'G1', 'told when a member leaves');
    assert.deepEqual(decodeConsumerIdList((await consumerList('G1')).body!).consumerIdList, ['10.0.0.1@1']);

    const emptied = new Promise<string>((resolve) => {
      const stop = broker.consumers.onConsumerIdsChanged((group, members) => {
        if (members.length > 0) return;
        stop();
        resolve(group);
      });
    });
    first.client.close();
    assert.equal(await emptied, 'G1', 'a closed connection leaves the group');
    assert.equal(broker.consumers.getConsumerGroupInfo('G1'), undefined);
    assert.equal((await consumerList('G1')).code, ResponseCode.SYSTEM_ERROR);
  } finally {
    first.client.close();
    second.client.close();
    admin.close();
  }
});
