// Retries (CLUSTERING, concurrent): a handler that fails N times (RECONSUME_LATER, or a throw)
// sees the message N + 1 times, with reconsumeTimes 0..N, its original topic, id, body and
// properties; with maxReconsumeTimes low a message that keeps failing lands in %DLQ%group.
// Orderly: failures are retried locally in the queue, then the message goes to %DLQ%group.
// The broker runs with 1 s delay levels so retries come quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { createLitePullConsumer } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import type { ConsumedMessage } from '../../../src/client/consumer/consumer-api.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { SendMessageRequestHeaderV2 } from '../../../src/remoting/protocol/headers/send.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { bodyText, Collector, createTopic, eventually, fresh } from './consumer-fixtures.js';

/** Every delay level is 1 s. */
const quickDelayLevels = Array.from({ length: 18 }, () => '1s').join(' ');

async function readDlq(namesrvAddr: string, group: string, count: number): Promise<ConsumedMessage[]> {
  await using reader = createLitePullConsumer({ nameServer: namesrvAddr, group: fresh('DLQREADER'), instanceName: fresh('R'), autoCommit: false, consumeFromWhere: 'FIRST_OFFSET' });
  await reader.start();
  const dlq = `%DLQ%${group}`;
  const queues = await eventually(() => reader.fetchMessageQueues(dlq).catch(() => undefined), `route of ${dlq}`, 10_000);
  reader.assign(queues);
  const got: ConsumedMessage[] = [];
  const deadline = Date.now() + 10_000;
  while (got.length < count && Date.now() < deadline) got.push(...(await reader.poll(500)));
  return got;
}

test('retry: a handler failing twice sees the message three times with rising reconsumeTimes', async () => {
  await using cluster = await startLocalCluster({ broker: { messageDelayLevel: quickDelayLevels } });
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const seen = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group: fresh('G'), instanceName: fresh('C') })
    .subscribe(topic, 'TagA')
    .onMessage((m) => {
      seen.add(m);
      if (m.reconsumeTimes === 0) return 'RECONSUME_LATER';
      if (m.reconsumeTimes === 1) throw new Error('failing on purpose');
      return 'CONSUME_SUCCESS';
    });
  await consumer.start();
  const sent = await producer.send({ topic, body: 'retry me', tags: 'TagA', keys: ['k1'], properties: { p: 'v' } });

  const got = await seen.count(3, 'three deliveries', 20_000);
  assert.deepEqual(got.map((m) => m.reconsumeTimes), [0, 1, 2]);
  for (const m of got) {
    assert.equal(m.topic, topic, 'the original topic, also for retries');
    assert.equal(m.msgId, sent.msgId);
    assert.equal(bodyText(m), 'retry me');
    assert.equal(m.tags, 'TagA');
    assert.deepEqual(m.keys, ['k1']);
    assert.equal(m.properties.get('p'), 'v');
  }
  assert.equal(got[0]!.messageQueue.topic, topic);
  assert.equal(got[1]!.messageQueue.topic, `%RETRY%${consumer.group}`, 'retries come from the retry topic');
  assert.equal(got[1]!.properties.get('RETRY_TOPIC'), topic);
  assert.ok(got[2]!.storeTimestamp - got[1]!.storeTimestamp >= 900, 'each retry waits for its delay level');
});

test('retry: past maxReconsumeTimes the message goes to %DLQ%group', async () => {
  await using cluster = await startLocalCluster({ broker: { messageDelayLevel: quickDelayLevels } });
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const seen = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C'), maxReconsumeTimes: 1 })
    .subscribe(topic)
    .onMessage((m) => {
      seen.add(m);
      return 'RECONSUME_LATER';
    });
  await consumer.start();
  const sent = await producer.send({ topic, body: 'doomed', properties: { p: 'v' } });
  await seen.count(2, 'the first delivery and one retry', 20_000);

  const dead = await readDlq(cluster.namesrvAddr, group, 1);
  assert.equal(dead.length, 1, 'one message in the DLQ');
  assert.equal(dead[0]!.msgId, sent.msgId);
  assert.equal(bodyText(dead[0]!), 'doomed');
  assert.equal(dead[0]!.properties.get('p'), 'v');
  assert.deepEqual(seen.items.map((m) => m.reconsumeTimes), [0, 1], 'not delivered again after the DLQ');
});

test('retry: orderly failures retry in place, then the message goes to %DLQ%group', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic);
  await using producer = createProducer({ nameServer: cluster.namesrvAddr, group: fresh('PG'), instanceName: fresh('P') });
  await producer.start();
  const group = fresh('G');
  const seen = new Collector<string>();
  await using consumer = createPushConsumer({
    nameServer: cluster.namesrvAddr,
    group,
    instanceName: fresh('C'),
    orderly: true,
    maxReconsumeTimes: 2,
    suspendCurrentQueueTimeMs: 10,
  })
    .subscribe(topic)
    .onMessage((m) => {
      seen.add(`${bodyText(m)}:${m.reconsumeTimes}@${m.queueOffset}`);
      if (bodyText(m) === 'poison') return 'RECONSUME_LATER';
      return undefined;
    });
  await consumer.start();
  await producer.send({ topic, body: 'poison' }, { shardingKey: 'k' });
  const after = await producer.send({ topic, body: 'next' }, { shardingKey: 'k' });

  await seen.until((items) => items.some((m) => m.startsWith('next')), 'the next message of the queue', 20_000);
  assert.deepEqual(
    seen.items,
    ['poison:0@0', 'poison:1@0', 'poison:2@0', `next:0@${after.queueOffset}`],
    'the poison message (retried in place, the same object) blocks its queue until it is given up',
  );
  const dead = await readDlq(cluster.namesrvAddr, group, 1);
  assert.deepEqual(dead.map(bodyText), ['poison']);
});

test('retry: a message whose body cannot be read (LZ4) is not delivered but sent to %DLQ%group', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 1);
  const group = fresh('G');
  const seen = new Collector();
  await using consumer = createPushConsumer({ nameServer: cluster.namesrvAddr, group, instanceName: fresh('C') })
    .subscribe(topic)
    .onMessage((m) => seen.add(m));
  const failures: string[] = [];
  consumer.on('failure', (e) => failures.push(e.operation));
  await consumer.start();

  const raw = new RemotingClient();
  try {
    const send = async (body: string, sysFlag: number, uniqKey: string) => {
      const extFields = SendMessageRequestHeaderV2.encode({
        a: 'PG', b: topic, c: 'TBW102', d: 4, e: 0, f: sysFlag, g: Date.now(), h: 0,
        i: encodeProperties(new Map([['UNIQ_KEY', uniqKey]])),
      });
      const response = await raw.invoke(cluster.brokerAddr, createRequest(RequestCode.SEND_MESSAGE_V2, { extFields, body: Buffer.from(body) }), 3000);
      assert.equal(response.code, 0);
    };
    await send('not really lz4', 0x101, 'AC1100010000000000000000000000AA');
    await send('readable', 0, 'AC1100010000000000000000000000BB');
  } finally {
    raw.close();
  }
  await seen.count(1);
  assert.deepEqual(seen.items.map(bodyText), ['readable'], 'the unreadable message is not handed to the handler');
  assert.ok(failures.includes('decode'), 'it is reported');
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  const dlqMessages = await eventually(async () => {
    const stats = await admin.topicStats(`%DLQ%${group}`).catch(() => undefined);
    const count = stats?.offsetTable.reduce((n, [, o]) => n + o.maxOffset - o.minOffset, 0);
    return count === undefined || count === 0 ? undefined : count;
  }, 'the DLQ to hold the message');
  assert.equal(dlqMessages, 1, 'the unreadable message (its body still flagged LZ4) is in the DLQ');
  assert.ok(!failures.includes('sendBack'));
});
