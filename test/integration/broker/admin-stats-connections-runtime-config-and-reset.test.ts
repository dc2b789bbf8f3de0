// Admin views and controls over a real socket: topic stats and consume stats (MessageQueue
// object keys, read back with the protocol's tolerant parser), who consumes a topic, consumer and
// producer connections, the runtime KVTable mqadmin clusterList reads, broker config get/update
// (a runtime change takes effect on the next send), and reset of a group's offsets by time with
// the online consumer told (RESET_CONSUMER_CLIENT_OFFSET).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, createResponse, type ExtFields, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { decodeConsumeStats, decodeTopicStatsTable } from '../../../src/remoting/protocol/bodies/consume-stats.js';
import { decodeConsumerConnection, decodeProducerConnection } from '../../../src/remoting/protocol/bodies/connection.js';
import { decodeDataVersion } from '../../../src/remoting/protocol/bodies/data-version.js';
import { encodeHeartbeatData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import { decodeKVTable } from '../../../src/remoting/protocol/bodies/kv-table.js';
import { decodeResetOffsetBody } from '../../../src/remoting/protocol/bodies/reset-offset-body.js';
import { decodeGroupList } from '../../../src/remoting/protocol/bodies/topic-list.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, sendV2Request } from './send-pull-fixtures.js';

function heartbeat(clientID: string, consumerGroup: string, producerGroup: string, topic: string): RemotingCommand {
  const body = encodeHeartbeatData({
    clientID,
    producerDataSet: [{ groupName: producerGroup }],
    consumerDataSet: [
      {
        groupName: consumerGroup,
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptionDataSet: [{ classFilterMode: false, topic, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG' }],
        unitMode: false,
      },
    ],
  });
  return createRequest(RequestCode.HEART_BEAT, { body });
}

test('stats, connections, runtime info, broker config and reset offset by time', async () => {
  await using cluster = await startLocalCluster();
  const admin = new RemotingClient();
  const consumer = new RemotingClient();
  const resets: RemotingCommand[] = [];
  let resetArrived: (() => void) | undefined;
  consumer.registerProcessor(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, (request) => {
    resets.push(request);
    resetArrived?.();
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const call = (request: RemotingCommand) => admin.invoke(cluster.brokerAddr, request, callTimeoutMs);
  const request = (code: number, extFields?: ExtFields, body?: string) =>
    createRequest(code, { ...(extFields ? { extFields } : {}), ...(body !== undefined ? { body: Buffer.from(body) } : {}) });
  try {
    const topic = freshName('StatsTopic');
    const group = freshName('StatsGroup');
    const producerGroup = freshName('StatsProducer');
    const stored: number[] = [];
    for (const body of ['m0', 'm1', 'm2']) {
      const sent = await call(sendV2Request({ topic, body, queueId: 1 }));
      assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
      stored.push(cluster.broker.store.messageStoreTime(topic, 1, Number(sent.extFields?.queueOffset)));
    }

    // Topic stats: one entry per write queue (an auto-created topic has 4).
    const statsResponse = await call(request(RequestCode.GET_TOPIC_STATS_INFO, { topic }));
    assert.equal(statsResponse.code, ResponseCode.SUCCESS);
    assert.match(statsResponse.body!.toString(), /\{\{"brokerName":"broker-a","queueId":0,"topic":"[^"]+"\}:\{/, 'MessageQueue objects as keys');
    const topicStats = decodeTopicStatsTable(statsResponse.body!);
    assert.equal(topicStats.offsetTable.length, 4);
    const q1 = topicStats.offsetTable.find(([mq]) => mq.queueId === 1)?.[1];
    assert.deepEqual(q1, { minOffset: 0, maxOffset: 3, lastUpdateTimestamp: stored[2] });
    assert.deepEqual(topicStats.offsetTable.find(([mq]) => mq.queueId === 0)?.[1], { minOffset: 0, maxOffset: 0, lastUpdateTimestamp: 0 });
    const unknown = await call(request(RequestCode.GET_TOPIC_STATS_INFO, { topic: freshName('Nope') }));
    assert.equal(unknown.code, ResponseCode.TOPIC_NOT_EXIST);

    // Consume stats of a group with offsets on every queue.
    for (let queueId = 0; queueId < 4; queueId++) {
      const commitOffset = queueId === 1 ? 2 : 0;
      await call(request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: group, topic, queueId: String(queueId), commitOffset: String(commitOffset) }));
    }
    const consumeResponse = await call(request(RequestCode.GET_CONSUME_STATS, { consumerGroup: group }));
    assert.equal(consumeResponse.code, ResponseCode.SUCCESS);
    const consumeStats = decodeConsumeStats(consumeResponse.body!);
    assert.equal(consumeStats.offsetTable.length, 4);
    assert.deepEqual(consumeStats.offsetTable.find(([mq]) => mq.queueId === 1), [
      { topic, brokerName: 'broker-a', queueId: 1 },
      { brokerOffset: 3, consumerOffset: 2, lastTimestamp: stored[1] },
    ]);
    assert.equal(consumeStats.consumeTps, 0);
    const byWho = decodeGroupList((await call(request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, { topic }))).body!);
    assert.deepEqual(byWho.groupList, [group]);

    // Connections: nobody online, then a consumer and a producer heartbeat.
    const offline = await call(request(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: group }));
    assert.deepEqual([offline.code, offline.remark], [ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`]);
    const notOnlineReset = await call(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic, group, timestamp: '0', isForce: 'true' }));
    assert.equal(notOnlineReset.code, ResponseCode.CONSUMER_NOT_ONLINE);
    const beat = await consumer.invoke(cluster.brokerAddr, heartbeat('10.0.0.9@test', group, producerGroup, topic), callTimeoutMs);
    assert.equal(beat.code, ResponseCode.SUCCESS);
    const online = decodeConsumerConnection((await call(request(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: group }))).body!);
    assert.deepEqual(online.connectionSet.map((c) => c.clientId), ['10.0.0.9@test']);
    assert.match(online.connectionSet[0]!.clientAddr, /^127\.0\.0\.1:\d+$/);
    assert.deepEqual([online.consumeType, online.messageModel, online.consumeFromWhere], ['CONSUME_PASSIVELY', 'CLUSTERING', 'CONSUME_FROM_LAST_OFFSET']);
    assert.deepEqual([...online.subscriptionTable.keys()], [topic]);
    const producers = decodeProducerConnection((await call(request(RequestCode.GET_PRODUCER_CONNECTION_LIST, { producerGroup }))).body!);
    assert.deepEqual(producers.connectionSet.map((c) => c.clientId), ['10.0.0.9@test']);
    const noProducer = await call(request(RequestCode.GET_PRODUCER_CONNECTION_LIST, { producerGroup: freshName('None') }));
    assert.equal(noProducer.code, ResponseCode.SYSTEM_ERROR);

    // Reset by time, not forced: offsets only move back; forced to the end (-1): they move forward.
    const arrived = new Promise<void>((resolve) => (resetArrived = resolve));
    const back = await call(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic, group, timestamp: String(stored[1]), isForce: 'false' }));
    assert.equal(back.code, ResponseCode.SUCCESS, back.remark);
    const backTable = decodeResetOffsetBody(back.body!).offsetTable;
    assert.deepEqual(backTable.find(([mq]) => mq.queueId === 1)?.[1], 1, 'moved back to the message stored at that time');
    assert.equal(cluster.broker.offsets.queryOffset(group, topic, 1), 1, 'committed on the broker');
    await arrived;
    assert.equal(resets[0]?.extFields?.group, group);
    assert.deepEqual(decodeResetOffsetBody(resets[0]!.body!).offsetTable, backTable, 'the consumer got the same table');
    const notForward = await call(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic, group, timestamp: '-1', isForce: 'false' }));
    assert.deepEqual(decodeResetOffsetBody(notForward.body!).offsetTable.find(([mq]) => mq.queueId === 1)?.[1], 1, 'not forced: kept');
    const forced = await call(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic, group, timestamp: '-1', isForce: 'true' }));
    assert.deepEqual(decodeResetOffsetBody(forced.body!).offsetTable.find(([mq]) => mq.queueId === 1)?.[1], 3, 'forced: the max offset');
    const noOffsets = await call(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, { topic, group: freshName('Other'), timestamp: '0', isForce: 'true' }));
    assert.equal(noOffsets.code, ResponseCode.SYSTEM_ERROR);

    // Runtime info: the keys clusterList reads, rates as three numbers.
    const runtime = decodeKVTable((await call(request(RequestCode.GET_BROKER_RUNTIME_INFO))).body!).table;
    for (const key of ['brokerVersionDesc', 'sendThreadPoolQueueSize', 'pullThreadPoolQueueSize', 'sendThreadPoolQueueHeadWaitTimeMills', 'pullThreadPoolQueueHeadWaitTimeMills', 'pageCacheLockTimeMills', 'msgPutTotalYesterdayMorning', 'msgPutTotalTodayMorning', 'msgGetTotalYesterdayMorning', 'msgGetTotalTodayMorning', 'msgGetTotalTodayNow']) {
      assert.ok(runtime.has(key), key);
    }
    assert.equal(runtime.get('brokerVersionDesc'), 'V4_9_8');
    for (const key of ['putTps', 'getTransferedTps']) assert.match(runtime.get(key) ?? '', /^\d+(\.\d+)? \d+(\.\d+)? \d+(\.\d+)?$/, key);
    assert.ok(Number(runtime.get('msgPutTotalTodayNow')) >= 3);
    assert.ok(Number(runtime.get('earliestMessageTimeStamp')) > 0);
    assert.ok(Number.isFinite(Number(runtime.get('commitLogDiskRatio'))));

    // Broker config: read, change at run time, refuse what cannot change.
    const config = await call(request(RequestCode.GET_BROKER_CONFIG));
    assert.match(config.body!.toString(), /^brokerName=broker-a$/m);
    assert.match(config.body!.toString(), /^messageDelayLevel=1s 5s 10s/m);
    const version = decodeDataVersion(config.extFields?.version ?? '');
    const updated = await call(request(RequestCode.UPDATE_BROKER_CONFIG, undefined, 'regionId=Moon\ntraceOn=false\n'));
    assert.equal(updated.code, ResponseCode.SUCCESS, updated.remark);
    const after = await call(request(RequestCode.GET_BROKER_CONFIG));
    assert.match(after.body!.toString(), /^regionId=Moon$/m);
    assert.equal(decodeDataVersion(after.extFields?.version ?? '').counter, version.counter + 1);
    const sent = await call(sendV2Request({ topic, body: 'after update', queueId: 0 }));
    assert.deepEqual([sent.extFields?.MSG_REGION, sent.extFields?.TRACE_ON], ['Moon', 'false'], 'the next send sees the change');
    const fixed = await call(request(RequestCode.UPDATE_BROKER_CONFIG, undefined, 'regionId=Mars\nlistenPort=1'));
    assert.equal(fixed.code, ResponseCode.NO_PERMISSION);
    assert.match(fixed.remark ?? '', /listenPort/);
    const unknownKey = await call(request(RequestCode.UPDATE_BROKER_CONFIG, undefined, 'noSuchKey=1'));
    assert.deepEqual([unknownKey.code, unknownKey.remark], [ResponseCode.SYSTEM_ERROR, 'unknown broker config key "noSuchKey"']);
    const badValue = await call(request(RequestCode.UPDATE_BROKER_CONFIG, undefined, 'traceOn=maybe'));
    assert.equal(badValue.code, ResponseCode.SYSTEM_ERROR);
    assert.equal(cluster.broker.config.regionId, 'Moon', 'a refused update changes nothing');
  } finally {
    admin.close();
    consumer.close();
  }
});
