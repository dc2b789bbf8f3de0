// ali-ons 3.12.0 (a real third-party RocketMQ client) reads topic routes from our NameServer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { NameServer } from '../../src/namesrv/namesrv.js';
import { createLogger } from '../../src/common/logger.js';
import { ResponseCode } from '../../src/common/response-code.js';
import { RemotingClient } from '../../src/remoting/net/index.js';
import {
  Perm,
  RegisterBrokerRequestHeader,
  RequestCode,
  createRequest,
  encodeRegisterBrokerBody,
  type TopicConfig,
} from '../../src/remoting/protocol/index.js';
import type { ProbeResult } from './ali-ons-route-probe.js';

const probePath = fileURLToPath(new URL('./ali-ons-route-probe.js', import.meta.url));
const probeTimeoutMs = 20_000;
const callTimeoutMs = 3000;

function topicConfig(topicName: string, queueNums: number, perm: number): TopicConfig {
  return { topicName, readQueueNums: queueNums, writeQueueNums: queueNums, perm, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false };
}

async function registerBroker(client: RemotingClient, namesrvAddr: string, brokerName: string, brokerAddr: string, topics: TopicConfig[]) {
  const body = encodeRegisterBrokerBody({
    topicConfigSerializeWrapper: { topicConfigTable: new Map(topics.map((t) => [t.topicName, t])), dataVersion: { timestamp: Date.now(), counter: 1 } },
    filterServerList: [],
  });
  const extFields = RegisterBrokerRequestHeader.encode({ clusterName: 'DefaultCluster', brokerName, brokerAddr, brokerId: 0, haServerAddr: brokerAddr });
  const answer = await client.invoke(namesrvAddr, createRequest(RequestCode.REGISTER_BROKER, { extFields, body }), callTimeoutMs);
  assert.equal(answer.code, ResponseCode.SUCCESS);
}

test('ali-ons builds its publish queues and broker addresses from our route, and sees TOPIC_NOT_EXIST', async () => {
  await using namesrv = new NameServer({ config: { listenPort: 0, bindAddress: '127.0.0.1' }, logger: createLogger('namesrv', 'silent') });
  const address = await namesrv.start();
  const broker = new RemotingClient();
  const suffix = randomUUID().slice(0, 8);
  const topic = `InteropTopic-${suffix}`;
  const unknownTopic = `InteropMissing-${suffix}`;
  try {
    // broker-a takes writes on 4 queues; broker-b is read-only, so ali-ons must leave it out.
    await registerBroker(broker, address, 'broker-a', '127.0.0.1:10911', [topicConfig(topic, 4, Perm.read | Perm.write)]);
    await registerBroker(broker, address, 'broker-b', '127.0.0.1:10921', [topicConfig(topic, 2, Perm.read)]);

    const { stdout } = await promisify(execFile)(process.execPath, [probePath, address, topic, unknownTopic], { timeout: probeTimeoutMs });
    const [found, missing] = JSON.parse(stdout) as ProbeResult[];

    assert.deepEqual(found?.queues, [0, 1, 2, 3].map((queueId) => ({ topic, brokerName: 'broker-a', queueId })));
    assert.deepEqual(found?.brokerAddrs, { 'broker-a': '127.0.0.1:10911' });
    assert.equal(missing?.error?.code, ResponseCode.TOPIC_NOT_EXIST);
    assert.match(missing?.error?.message ?? '', new RegExp(`No topic route info in name server for the topic: ${unknownTopic}`));
  } finally {
    broker.close();
  }
});
