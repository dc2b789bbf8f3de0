// RocketMQ's VIP channel: a broker on a fixed listenPort also listens on listenPort - 2, where
// clients with vipChannelEnabled (Java clients before 4.5.1 by default) send, commit offsets and
// call admin codes, and where pulls are not served. A client here plays such a client: it takes
// the registered address and calls its port - 2. A port already taken costs only the VIP channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import pino from 'pino';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { GetMaxOffsetRequestHeader, QueryConsumerOffsetRequestHeader, UpdateConsumerOffsetRequestHeader } from '../../../src/remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { batchEntry, callTimeoutMs, freshName, producerProperties, pullRequest, sendBatchRequest, sendV2Request } from './send-pull-fixtures.js';

const loopback = '127.0.0.1';

interface LogLine {
  level: number;
  msg: string;
  port?: number;
  vipChannelPort?: number;
}

function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** Listens on `port` of the loopback; undefined when it is taken. */
async function listenOn(port: number): Promise<Server | undefined> {
  const server = createServer();
  server.listen(port, loopback);
  const [outcome] = await Promise.race([once(server, 'listening').then(() => ['listening']), once(server, 'error').then(() => ['taken'])]);
  return outcome === 'listening' ? server : undefined;
}

async function closed(server: Server): Promise<void> {
  server.close();
  await once(server, 'close');
}

/** A port P such that P and P - 2 were both free a moment ago. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const probe = (await listenOn(0))!;
    const port = (probe.address() as AddressInfo).port;
    const below = await listenOn(port - 2);
    await closed(probe);
    if (below !== undefined) {
      await closed(below);
      return port;
    }
  }
  throw new Error('no free pair of ports two apart');
}

test('a broker on a fixed port serves sends, offsets and admin codes on listenPort - 2, and pulls only on listenPort', async () => {
  const port = await freePortPair();
  const { logger, lines } = capturingLogger();
  await using cluster = await startLocalCluster({ broker: { listenPort: port }, brokerLogger: logger });
  assert.equal(cluster.brokerAddr, `${loopback}:${port}`, 'the NameServers are told the main port only');
  assert.equal(lines.find((l) => l.msg === 'broker started')?.vipChannelPort, port - 2);
  const vipAddr = `${loopback}:${port - 2}`;
  const client = new RemotingClient();
  try {
    const topic = freshName('Vip');
    const group = `CG_${topic}`;
    const onVip = (request: Parameters<RemotingClient['invoke']>[1]) => client.invoke(vipAddr, request, callTimeoutMs);
    const onMain = (request: Parameters<RemotingClient['invoke']>[1]) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);

    const single = await onVip(sendV2Request({ topic, body: 'over the VIP channel', queueId: 0 }));
    assert.equal(single.code, ResponseCode.SUCCESS, single.remark);
    const entries = ['b0', 'b1'].map((body) => batchEntry(Buffer.from(body), producerProperties({ topic, body }).text));
    const batch = await onVip(sendBatchRequest(topic, 0, Buffer.concat(entries)));
    assert.equal(batch.code, ResponseCode.SUCCESS, batch.remark);
    assert.equal(batch.extFields?.queueOffset, '1');

    const maxOffset = await onVip(createRequest(RequestCode.GET_MAX_OFFSET, { extFields: GetMaxOffsetRequestHeader.encode({ topic, queueId: 0 }) }));
    assert.equal(maxOffset.extFields?.offset, '3');

    const vipPull = await onVip(pullRequest(group, topic, 0, 0, { subscription: '*' }));
    assert.equal(vipPull.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    const mainPull = await onMain(pullRequest(group, topic, 0, 0, { subscription: '*' }));
    assert.equal(mainPull.code, ResponseCode.SUCCESS, mainPull.remark);
    assert.equal(mainPull.extFields?.nextBeginOffset, '3', 'what went in over the VIP channel is pulled from the main port');

    const commit = await onVip(
      createRequest(RequestCode.UPDATE_CONSUMER_OFFSET, { extFields: UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId: 0, commitOffset: 3 }) }),
    );
    assert.equal(commit.code, ResponseCode.SUCCESS, commit.remark);
    const committed = await onMain(
      createRequest(RequestCode.QUERY_CONSUMER_OFFSET, { extFields: QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId: 0 }) }),
    );
    assert.equal(committed.extFields?.offset, '3');
  } finally {
    client.close();
  }
});

test('a taken listenPort - 2 is logged and the broker serves every client on listenPort', async () => {
  const port = await freePortPair();
  const squatter = (await listenOn(port - 2))!;
  try {
    const { logger, lines } = capturingLogger();
    await using cluster = await startLocalCluster({ broker: { listenPort: port }, brokerLogger: logger });
    const warning = lines.find((l) => /VIP channel/.test(l.msg));
    assert.equal(warning?.port, port - 2);
    assert.equal(lines.find((l) => l.msg === 'broker started')?.vipChannelPort, undefined);
    const client = new RemotingClient();
    try {
      const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic: freshName('NoVip'), body: 'main port' }), callTimeoutMs);
      assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    } finally {
      client.close();
    }
  } finally {
    await closed(squatter);
  }
});

test('a broker whose port the OS picks has no VIP channel', async () => {
  const { logger, lines } = capturingLogger();
  await using _cluster = await startLocalCluster({ brokerLogger: logger });
  const started = lines.find((l) => l.msg === 'broker started');
  assert.ok(started !== undefined);
  assert.equal(started.vipChannelPort, undefined);
});
