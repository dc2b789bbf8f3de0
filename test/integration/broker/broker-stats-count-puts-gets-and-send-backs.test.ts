// VIEW_BROKER_STATS_DATA over a real socket, read through the admin client as mqadmin statsAll
// reads it: a batch send counts its messages under TOPIC_PUT_NUMS (one call), a pull under
// GROUP_GET_NUMS by "topic@group", a send-back under SNDBCK_PUT_NUMS and, parked for its delay,
// as a put on SCHEDULE_TOPIC_XXXX. Counters nothing was added to, and a deleted topic's, are
// SYSTEM_ERROR "The stats <name> <key> not exist", as in RocketMQ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { SystemError } from '../../../src/client/errors/index.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { ConsumerSendMsgBackRequestHeader } from '../../../src/remoting/protocol/headers/send-back.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { batchEntry, callTimeoutMs, freshName, producerProperties, pullRequest, sendBatchRequest } from './send-pull-fixtures.js';

test('broker stats: puts, gets and send-backs counted by topic and group, read with VIEW_BROKER_STATS_DATA', async () => {
  await using cluster = await startLocalCluster();
  const topic = freshName('StatsTopic');
  const group = freshName('StatsGroup');
  const client = new RemotingClient();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: freshName('admin') });
  await admin.start();
  const stats = (name: string, key: string) => admin.brokerStatsData(cluster.brokerAddr, name, key);
  try {
    await assert.rejects(stats('TOPIC_PUT_NUMS', topic), (err: unknown) => {
      assert.ok(err instanceof SystemError);
      assert.equal(err.remark, `The stats <TOPIC_PUT_NUMS> <${topic}> not exist`);
      return true;
    });

    const entries = ['a', 'bb', 'ccc'].map((body) => batchEntry(Buffer.from(body), producerProperties({ topic, body }).text));
    const sent = await client.invoke(cluster.brokerAddr, sendBatchRequest(topic, 0, Buffer.concat(entries)), callTimeoutMs);
    assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);

    const puts = await stats('TOPIC_PUT_NUMS', topic);
    assert.deepEqual([puts.statsMinute.sum, puts.statsMinute.avgpt], [3, 3], 'three messages in one call');
    assert.ok(puts.statsMinute.tps > 0, `tps ${puts.statsMinute.tps}`);
    assert.deepEqual([puts.statsHour.sum, puts.statsDay.sum], [3, 3]);
    const size = await stats('TOPIC_PUT_SIZE', topic);
    const storedBytes = cluster.broker.store.commitLogMaxOffset();
    assert.ok(size.statsMinute.sum > 0 && size.statsMinute.sum <= storedBytes, `${size.statsMinute.sum} bytes of ${storedBytes} stored`);
    assert.equal((await stats('BROKER_PUT_NUMS', cluster.broker.config.brokerClusterName)).statsMinute.sum, 3);

    const pulled = await client.invoke(cluster.brokerAddr, pullRequest(group, topic, 0, 0, { subscription: '*' }), callTimeoutMs);
    assert.equal(pulled.code, ResponseCode.SUCCESS, pulled.remark);
    const messages = decodeStoredMessages(pulled.body!);
    assert.equal(messages.length, 3);
    const gets = await stats('GROUP_GET_NUMS', `${topic}@${group}`);
    assert.deepEqual([gets.statsMinute.sum, gets.statsMinute.avgpt], [3, 3]);
    assert.equal((await stats('GROUP_GET_SIZE', `${topic}@${group}`)).statsMinute.sum, pulled.body!.length);

    const back = ConsumerSendMsgBackRequestHeader.encode({ offset: messages[0]!.physicalOffset, group, delayLevel: 0 });
    const handedBack = await client.invoke(cluster.brokerAddr, createRequest(RequestCode.CONSUMER_SEND_MSG_BACK, { extFields: back }), callTimeoutMs);
    assert.equal(handedBack.code, ResponseCode.SUCCESS, handedBack.remark);
    assert.equal((await stats('SNDBCK_PUT_NUMS', `${topic}@${group}`)).statsMinute.sum, 1);
    assert.equal((await stats('TOPIC_PUT_NUMS', 'SCHEDULE_TOPIC_XXXX')).statsMinute.sum, 1, 'parked at its retry delay level');

    await admin.deleteTopic(topic, cluster.broker.config.brokerClusterName);
    for (const [name, key] of [['TOPIC_PUT_NUMS', topic], ['GROUP_GET_NUMS', `${topic}@${group}`], ['SNDBCK_PUT_NUMS', `${topic}@${group}`]] as const) {
      await assert.rejects(stats(name, key), SystemError, `${name} ${key} goes with the topic`);
    }
    await assert.rejects(stats('NO_SUCH_STATS', topic), SystemError);
  } finally {
    client.close();
  }
});
