// `rmq broker` as a real process: it prints its ready line, is visible in the NameServer's
// cluster table and routes, serves requests, and on SIGTERM unregisters and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { RequestCode, createRequest } from '../../../src/remoting/protocol/index.js';
import { launchBrokerCluster } from '../broker/broker-processes.js';

const callTimeoutMs = 3000;

test('rmq broker -p 0 prints its ready line, registers its real port, answers, and unregisters on SIGTERM with exit 0', async () => {
  await using cluster = await launchBrokerCluster();
  const { broker, brokerAddr, brokerName, clusterName, namesrvAddr } = cluster;
  assert.match(brokerAddr, /^127\.0\.0\.1:\d+$/);
  assert.notEqual(brokerAddr, '127.0.0.1:0');
  const readyLine = broker.output.find((line) => line.startsWith('Broker listening on'));
  assert.equal(readyLine, `Broker listening on ${brokerAddr} (cluster ${clusterName}, name ${brokerName}, NameServers ${namesrvAddr})`);

  await using admin = createAdmin({ nameServer: namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  const info = await admin.clusterInfo();
  assert.deepEqual(info.clusterAddrTable.get(clusterName), [brokerName]);
  assert.equal(info.brokerAddrTable.get(brokerName)?.brokerAddrs.get(0), brokerAddr);
  // The broker registers its built-in topics: TBW102 (auto-creation) and the one named after it.
  for (const topic of ['TBW102', brokerName]) {
    const route = await admin.topicRoute(topic);
    assert.deepEqual(route.brokerDatas.map((b) => b.brokerAddrs.get(0)), [brokerAddr], topic);
  }

  const client = new RemotingClient();
  try {
    const maxOffset = createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic: 'TBW102', queueId: '0' } });
    const answer = await client.invoke(brokerAddr, maxOffset, callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS);
    assert.equal(String(answer.extFields?.offset), '0');
  } finally {
    client.close();
  }

  assert.deepEqual(await broker.stop(), { code: 0, signal: null });
  const after = await admin.clusterInfo();
  assert.equal(after.brokerAddrTable.has(brokerName), false, 'unregistered from the NameServer');
  assert.equal(after.clusterAddrTable.get(clusterName)?.includes(brokerName) ?? false, false);
  // A clean stop leaves no abort file, so the next start is not treated as a crash.
  assert.equal(existsSync(join(cluster.dir, 'store', 'abort')), false);
  assert.equal(existsSync(join(cluster.dir, 'store', 'config', 'topics.json')), true);
});
