// MQAdminExt.queryConsumeTimeSpan: per write queue of a topic, the store times of its first and
// last message and of the group's last consumed one, and how long the next message has waited.
// And mqadmin brokerConsumeStats: every group's offsets against the queues' ends on a broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { UpdateConsumerOffsetRequestHeader } from '../../../src/remoting/protocol/headers/consumer-offset.js';
import { QueryConsumeTimeSpanRequestHeader } from '../../../src/remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { createTopic, fresh } from './consumer-fixtures.js';

test('admin: consume time span of each queue, and the broker consume stats, from the stored messages and the committed offset', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 2);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const queue0 = { topic, brokerName: 'broker-a', queueId: 0 };
  for (let i = 0; i < 3; i++) await producer.send({ topic, body: `m${i}` }, { messageQueue: queue0 });
  const group = fresh('G');
  const raw = new RemotingClient();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  try {
    const commit = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId: 0, commitOffset: 1 });
    assert.equal((await raw.invoke(cluster.brokerAddr, createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields: commit }), 5_000)).code, ResponseCode.SUCCESS);

    const before = Date.now();
    const spans = await admin.consumeTimeSpan(topic, group);
    const storeTime = (offset: number) => cluster.broker.store.messageStoreTime(topic, 0, offset);
    const [first, second] = [...spans].sort((a, b) => a.messageQueue.queueId - b.messageQueue.queueId);
    assert.deepEqual(first?.messageQueue, queue0);
    assert.deepEqual([first?.minTimeStamp, first?.maxTimeStamp, first?.consumeTimeStamp], [storeTime(0), storeTime(2), storeTime(0)]);
    assert.ok(first!.delayTime >= before - storeTime(1) - 1 && first!.delayTime <= Date.now() - storeTime(1), `delay ${first!.delayTime}`);
    assert.equal(second?.messageQueue.queueId, 1);
    assert.equal(second?.delayTime, 0, 'nothing waits in an empty queue');

    // The broker lists the groups it has a subscription group config for (made here by hand; a consumer's heartbeat makes one).
    await admin.createOrUpdateSubscriptionGroup({ groupName: group }, { brokerAddr: cluster.brokerAddr });
    const brokerStats = await admin.brokerConsumeStats(cluster.brokerAddr);
    assert.equal(brokerStats.brokerAddr, cluster.brokerAddr);
    const ours = brokerStats.consumeStatsList.find((byGroup) => byGroup.has(group))?.get(group);
    assert.deepEqual(
      ours?.flatMap((stats) => stats.offsetTable.map(([mq, o]) => [mq.topic, mq.queueId, o.brokerOffset, o.consumerOffset])),
      [[topic, 0, 3, 1], [topic, 1, 0, 0]],
    );
    assert.equal(brokerStats.totalDiff, 2, 'two messages not yet consumed on this broker');
    const orderly = await admin.brokerConsumeStats(cluster.brokerAddr, { isOrder: true });
    assert.deepEqual(orderly.consumeStatsList.find((byGroup) => byGroup.has(group))?.get(group), [], 'the topic is not orderly');

    const unknown = QueryConsumeTimeSpanRequestHeader.encode({ topic: 'NoSuchTopic', group });
    const answer = await raw.invoke(cluster.brokerAddr, createRequest(RequestCode.QUERY_CONSUME_TIME_SPAN, { extFields: unknown }), 5_000);
    assert.deepEqual([answer.code, answer.remark], [ResponseCode.TOPIC_NOT_EXIST, 'topic[NoSuchTopic] not exist']);
  } finally {
    raw.close();
  }
});
