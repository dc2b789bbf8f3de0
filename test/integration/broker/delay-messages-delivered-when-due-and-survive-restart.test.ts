// Delay levels end to end over real sockets: a message sent with DELAY is parked in
// SCHEDULE_TOPIC_XXXX and lands in its real topic and queue when due (never sooner), with DELAY
// removed and REAL_TOPIC/REAL_QID set; delay offsets survive a clean broker restart, so a message
// due after the restart is delivered exactly once and one delivered before is not delivered again.
// Arrivals are awaited with long-polling pulls, not sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import type { StoredMessage } from '../../../src/common/message/stored-message-types.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

const holdMs = 10_000;
const arrivalDeadlineMs = 30_000;

/** Long-polls the queue from `offset` until a message is there; rejects at the deadline. */
async function pullFirst(client: RemotingClient, addr: string, topic: string, queueId: number, offset: number): Promise<StoredMessage[]> {
  const deadline = Date.now() + arrivalDeadlineMs;
  while (Date.now() < deadline) {
    const request = pullRequest(`CG_${topic}`, topic, queueId, offset, { subscription: '*', suspendTimeoutMillis: holdMs });
    const response = await client.invoke(addr, request, holdMs + callTimeoutMs);
    if (response.code === ResponseCode.SUCCESS) return decodeStoredMessages(response.body!);
    assert.equal(response.code, ResponseCode.PULL_NOT_FOUND, response.remark);
  }
  throw new Error(`nothing arrived in ${topic}:${queueId} from offset ${offset} within ${arrivalDeadlineMs} ms`);
}

async function sendDelayed(client: RemotingClient, addr: string, topic: string, queueId: number, body: string, delay: number): Promise<void> {
  const response = await client.invoke(addr, sendV2Request({ topic, body, queueId, tags: 'TagD', keys: [body], properties: { DELAY: String(delay) } }), callTimeoutMs);
  assert.equal(response.code, ResponseCode.SUCCESS, response.remark);
}

test('a delay-level message lands in its real topic and queue when due, DELAY removed, REAL_* set', async () => {
  await using cluster = await startLocalCluster({ broker: { messageDelayLevel: '1s 2s' } });
  const client = new RemotingClient();
  try {
    const topic = freshName('Delay');
    const sentAt = Date.now();
    await sendDelayed(client, cluster.brokerAddr, topic, 2, 'later', 2);
    assert.equal(cluster.broker.store.maxOffsetInQueue(topic, 2), 0, 'parked, not yet in its topic');
    assert.equal(cluster.broker.store.maxOffsetInQueue('SCHEDULE_TOPIC_XXXX', 1), 1, 'parked in queue level - 1');

    const [m, ...rest] = await pullFirst(client, cluster.brokerAddr, topic, 2, 0);
    assert.equal(rest.length, 0);
    assert.ok(m);
    assert.ok(m.storeTimestamp >= sentAt + 2000, `delivered ${m.storeTimestamp - sentAt} ms after sending, level 2 is 2 s`);
    assert.equal(m.topic, topic);
    assert.equal(m.queueId, 2);
    assert.equal(m.body.toString(), 'later');
    const props = decodeProperties(m.properties);
    assert.equal(props.has('DELAY'), false);
    assert.equal(props.get('REAL_TOPIC'), topic);
    assert.equal(props.get('REAL_QID'), '2');
    assert.equal(props.get('TAGS'), 'TagD');
  } finally {
    client.close();
  }
});

test('with the default levels, level 2 arrives no sooner than 5 s', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('Delay5s');
    const sentAt = Date.now();
    await sendDelayed(client, cluster.brokerAddr, topic, 0, 'five', 2);
    const [m] = await pullFirst(client, cluster.brokerAddr, topic, 0, 0);
    assert.ok(m);
    assert.ok(m.storeTimestamp >= sentAt + 5000, `delivered ${m.storeTimestamp - sentAt} ms after sending`);
    assert.ok(Date.now() >= sentAt + 5000);
  } finally {
    client.close();
  }
});

test('delay offsets survive a restart: a message due after it is delivered once, one delivered before is not again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rmq-delay-restart-'));
  const client = new RemotingClient();
  const broker = { messageDelayLevel: '1s 3s' };
  const topic = freshName('DelayRestart');
  try {
    {
      await using cluster = await startLocalCluster({ dataDir, broker });
      await sendDelayed(client, cluster.brokerAddr, topic, 0, 'before', 1);
      const [first] = await pullFirst(client, cluster.brokerAddr, topic, 0, 0);
      assert.equal(first?.body.toString(), 'before');
      await sendDelayed(client, cluster.brokerAddr, topic, 0, 'after', 2);
    }
    assert.equal(readFileSync(join(dataDir, 'config', 'delayOffset.json'), 'utf8'), '{"offsetTable":{1:1}}');
    {
      await using cluster = await startLocalCluster({ dataDir, broker });
      const [second, ...more] = await pullFirst(client, cluster.brokerAddr, topic, 0, 1);
      assert.equal(second?.body.toString(), 'after');
      assert.equal(more.length, 0);
      assert.equal(cluster.broker.schedule.offsetOf(2), 1);
      const all = decodeStoredMessages((await client.invoke(cluster.brokerAddr, pullRequest(`CG_${topic}`, topic, 0, 0, { subscription: '*' }), callTimeoutMs)).body!);
      assert.deepEqual(all.map((m) => m.body.toString()), ['before', 'after'], 'each delivered exactly once');
    }
  } finally {
    client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
