// A seeded storm of corrupted answers against the client: producers (plain and autoBatch), push
// consumers (concurrent and orderly), a lite pull consumer and an admin client talk to a real
// NameServer and broker through proxies that corrupt 30% of what the servers send back (codes,
// header fields, bodies; the servers' own requests to the clients too). Every call must settle,
// with a result or a typed RocketMQError, and nothing may escape as an uncaught exception or an
// unhandled rejection. Once the proxies stop corrupting, the same clients send, pull, consume and
// administer again. HOSTILE_SEED replays another storm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RocketMQError } from '../../../src/common/errors.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createLitePullConsumer } from '../../../src/client/consumer/lite/lite-pull-consumer.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { createProducer } from '../../../src/client/producer/producer.js';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { hostileValues, stormSeed as seed } from '../hostile-request-storm.js';
import { Random } from '../../unit/remoting/protocol/random-commands.js';
import { AnswerManglingProxy } from './answer-mangling-proxy.js';
import { Collector, createTopic, eventually, fresh } from './consumer-fixtures.js';

const mangledShare = 0.3;
const rounds = 30;
const sendsPerRound = 8;
const queues = 4;

const answerCodes = [
  ResponseCode.SUCCESS,
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.SYSTEM_BUSY,
  ResponseCode.FLUSH_DISK_TIMEOUT,
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.PULL_NOT_FOUND,
  ResponseCode.PULL_RETRY_IMMEDIATELY,
  ResponseCode.PULL_OFFSET_MOVED,
  ResponseCode.QUERY_NOT_FOUND,
  ResponseCode.SUBSCRIPTION_NOT_LATEST,
  9_999,
];
const headerFields = ['msgId', 'queueId', 'queueOffset', 'offset', 'nextBeginOffset', 'minOffset', 'maxOffset', 'suggestWhichBrokerId', 'transactionId'];
const brokenBodies = ['{', 'null', '[]', '{"brokerDatas":null}', '{"offsetTable":7}', '\u0000\u0001'];

/** One corruption of `cmd`: its code, one to three header fields, or its body. */
function mangled(random: Random, cmd: RemotingCommand): RemotingCommand {
  const what = random.next();
  if (what < 0.15) return { ...cmd, code: random.pick(answerCodes) };
  if (what < 0.45) {
    const extFields = { ...cmd.extFields };
    const keys = Object.keys(extFields);
    for (let i = random.int(1, 3); i > 0; i--) {
      if (keys.length > 0 && random.chance(0.2)) delete extFields[random.pick(keys)];
      else extFields[keys.length > 0 && random.chance(0.7) ? random.pick(keys) : random.pick(headerFields)] = random.pick(hostileValues);
    }
    return { ...cmd, extFields };
  }
  const body = cmd.body;
  if (body === undefined || body.length === 0) return { ...cmd, body: Buffer.from(random.pick(brokenBodies)) };
  const shapes = [
    () => {
      const flipped = Buffer.from(body);
      for (let i = random.int(1, 8); i > 0; i--) flipped[random.int(0, flipped.length - 1)] = random.int(0, 255);
      return flipped;
    },
    () => body.subarray(0, random.int(0, body.length - 1)),
    () => Buffer.concat([body, random.bytes(random.int(1, 40))]),
    () => Buffer.alloc(0),
  ];
  return { ...cmd, body: random.pick(shapes)() };
}

test('seeded corrupted answers: every client call settles with a result or a typed error, and the clients recover', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, queues);

  const random = new Random(seed);
  // Off while the clients start, so that each one is running when the storm begins.
  let corrupting = false;
  let answers = 0;
  let corrupted = 0;
  const mangle = (cmd: RemotingCommand): RemotingCommand => {
    answers++;
    if (!corrupting || !random.chance(mangledShare)) return cmd;
    corrupted++;
    return mangled(random, cmd);
  };
  await using brokerProxy = await AnswerManglingProxy.start(cluster.brokerAddr, mangle);
  await using namesrvProxy = await AnswerManglingProxy.start(cluster.namesrvAddr, mangle, { from: cluster.brokerAddr, to: brokerProxy.address });

  const escaped: unknown[] = [];
  const onEscape = (error: unknown): void => {
    escaped.push(error);
  };
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);

  const nameServer = namesrvProxy.address;
  await using producer = createProducer({ nameServer, group: fresh('PG'), instanceName: fresh('P') });
  await using batching = createProducer({ nameServer, group: fresh('PG'), instanceName: fresh('B'), autoBatch: true });
  const received = new Collector<string>();
  await using pushConsumer = createPushConsumer({ nameServer, group: fresh('G'), instanceName: fresh('C'), consumeFromWhere: 'FIRST_OFFSET', rebalanceIntervalMs: 500 })
    .subscribe(topic, '*')
    .onMessage((m) => received.add(m.body.toString()));
  const receivedInOrder = new Collector<string>();
  await using orderlyConsumer = createPushConsumer({
    nameServer,
    group: fresh('O'),
    instanceName: fresh('O'),
    consumeFromWhere: 'FIRST_OFFSET',
    rebalanceIntervalMs: 500,
    orderly: true,
  })
    .subscribe(topic, '*')
    .onMessage((m) => receivedInOrder.add(m.body.toString()));
  await using liteConsumer = createLitePullConsumer({ nameServer, group: fresh('L'), instanceName: fresh('L'), consumeFromWhere: 'FIRST_OFFSET' }).subscribe(topic, '*');
  await using admin = createAdmin({ nameServer, instanceName: fresh('A') });
  const adminCalls = [
    () => admin.clusterInfo(),
    () => admin.topicRoute(topic),
    () => admin.listTopics(),
    () => admin.topicStats(topic),
    () => admin.brokerConfig(brokerProxy.address),
    () => admin.consumeProgress(pushConsumer.group),
    () => admin.queryMessagesByKey(topic, 'storm'),
  ];

  const failures: unknown[] = [];
  let succeeded = 0;
  const settle = (call: () => Promise<unknown>): Promise<void> =>
    call().then(
      () => void succeeded++,
      (error: unknown) => void failures.push(error),
    );
  try {
    for (const client of [producer, batching, pushConsumer, orderlyConsumer, liteConsumer, admin]) await client.start();
    corrupting = true;
    for (let round = 0; round < rounds; round++) {
      await Promise.all([
        ...Array.from({ length: sendsPerRound }, (_, i) => settle(() => producer.send({ topic, body: `storm-${round}-${i}`, keys: ['storm'] }))),
        ...Array.from({ length: sendsPerRound }, (_, i) => settle(() => batching.send({ topic, body: `batched-${round}-${i}` }))),
        settle(() => liteConsumer.poll(50)),
        settle(random.pick(adminCalls)),
      ]);
    }
    assert.deepEqual(escaped, [], `seed ${seed}: errors escaped`);
    const untyped = failures.filter((error) => !(error instanceof RocketMQError));
    assert.deepEqual(untyped, [], `seed ${seed}: failures that are not RocketMQErrors`);
    assert.ok(corrupted >= 50, `seed ${seed}: only ${corrupted} of ${answers} answers corrupted`);
    assert.ok(succeeded > 0 && failures.length > 0, `seed ${seed}: ${succeeded} calls succeeded, ${failures.length} failed`);

    corrupting = false;
    const marker = `after-storm-${seed}`;
    await eventually(() => producer.send({ topic, body: marker }).then(() => true, () => undefined), 'a send after the storm', 15_000);
    await eventually(() => batching.send({ topic, body: `${marker}-batched` }).then(() => true, () => undefined), 'a batched send after the storm', 15_000);
    await received.until((bodies) => bodies.includes(marker), 'the push consumer to receive the marker', 30_000);
    await receivedInOrder.until((bodies) => bodies.includes(marker), 'the orderly push consumer to receive the marker', 30_000);
    await eventually(async () => ((await liteConsumer.poll(200)).some((m) => m.body.toString() === marker) ? true : undefined), 'the lite consumer to poll the marker', 30_000);
    assert.ok((await admin.clusterInfo()).brokerAddrTable.size > 0);
    assert.deepEqual(escaped, [], `seed ${seed}: errors escaped after the storm`);
  } finally {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  }
});
