// The broker registers with every NameServer (a dead one does not stop it), its topics appear in
// their routes, a topic created later is registered at once, and a clean stop unregisters it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { decodeTopicRouteData, type TopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { NameServer } from '../../../src/namesrv/namesrv.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';

const callTimeoutMs = 3000;

/** An address nothing listens on: bound once, then closed. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `127.0.0.1:${port}`;
}

async function route(client: RemotingClient, namesrvAddr: string, topic: string): Promise<TopicRouteData | undefined> {
  const response = await client.invoke(namesrvAddr, createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { extFields: { topic } }), callTimeoutMs);
  return response.code === ResponseCode.SUCCESS ? decodeTopicRouteData(response.body!) : undefined;
}

test('a broker registers with two NameServers despite a dead third, and its topics are routed by both', async () => {
  await using second = new NameServer({ config: { listenPort: 0, bindAddress: '127.0.0.1' } });
  const secondAddr = await second.start();
  const dead = await deadAddress();
  await using cluster = await startLocalCluster({ broker: { namesrvAddr: [dead, secondAddr], brokerName: 'broker-reg' } });
  const client = new RemotingClient();
  try {
    for (const namesrvAddr of [cluster.namesrvAddr, secondAddr]) {
      const tbw = await route(client, namesrvAddr, 'TBW102');
      assert.ok(tbw, `TBW102 routed by ${namesrvAddr}`);
      assert.deepEqual(tbw.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]), [['broker-reg', 8, 8, 7]]);
      assert.deepEqual([...tbw.brokerDatas[0]!.brokerAddrs], [[0, cluster.brokerAddr]]);
      assert.equal(tbw.brokerDatas[0]!.cluster, 'DefaultCluster');
      assert.ok(await route(client, namesrvAddr, 'SCHEDULE_TOPIC_XXXX'));
    }
    assert.equal(cluster.brokerAddr, `127.0.0.1:${cluster.broker.boundAddress.port}`, 'the real bound port is registered');

    // A topic created later is registered at once (oneway), on both NameServers.
    const registered = Promise.all([once(cluster.namesrv, 'brokerRegistered'), once(second, 'brokerRegistered')]);
    cluster.broker.topics.createTopicInSendMessageMethod('AutoCreated', 'TBW102', 4);
    await registered;
    for (const namesrvAddr of [cluster.namesrvAddr, secondAddr]) {
      const auto = await route(client, namesrvAddr, 'AutoCreated');
      assert.deepEqual(auto?.queueDatas.map((q) => [q.readQueueNums, q.writeQueueNums, q.perm]), [[4, 4, 6]]);
    }

    const removed = once(second, 'brokerRemoved');
    await cluster.broker.stop();
    const [broker, reason] = (await removed) as [{ brokerAddr: string }, string];
    assert.deepEqual([broker.brokerAddr, reason], [cluster.brokerAddr, 'unregistered']);
    assert.equal(await route(client, secondAddr, 'TBW102'), undefined);
  } finally {
    client.close();
  }
});

test('a broker without read or write permission registers every topic with the broker permission', async () => {
  await using cluster = await startLocalCluster({ broker: { brokerPermission: 4 } });
  const client = new RemotingClient();
  try {
    const tbw = await route(client, cluster.namesrvAddr, 'TBW102');
    assert.deepEqual(tbw?.queueDatas.map((q) => q.perm), [4]);
  } finally {
    client.close();
  }
});
