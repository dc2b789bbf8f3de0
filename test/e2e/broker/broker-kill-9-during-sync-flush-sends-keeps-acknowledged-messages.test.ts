// A real `rmq broker` process with flushDiskType=SYNC_FLUSH is killed with SIGKILL in the middle
// of a stream of sends (the window of 64 kept full until the connection drops), twice, at seeded
// points. After each restart on the same folder, every acknowledged send is pulled back at the
// queue and offset its answer named, with its body, and every queue reads back without a gap.
// Replay a failure with CRASH_SEED=<seed printed in the failure message>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { PullSysFlag, RequestCode, SendMessageRequestHeaderV2, SerializeType, createRequest, type RemotingCommand } from '../../../src/remoting/protocol/index.js';
import { launchBrokerCluster } from './broker-processes.js';

const queueNums = 4;
const sendWindow = 64;
const crashRounds = 2;
const killAfterAcksMin = 300;
const killAfterAcksSpread = 1500;
const bodyBytesMax = 2048;
const callTimeoutMs = 5000;
const pullBatchMax = 32;

interface Ack {
  seq: number;
  queueId: number;
  queueOffset: number;
  body: string;
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sendRequest(topic: string, seq: number, body: string): RemotingCommand {
  const extFields = SendMessageRequestHeaderV2.encode({
    a: 'crash_producer',
    b: topic,
    c: 'TBW102',
    d: queueNums,
    e: seq % queueNums,
    f: 0,
    g: Date.now(),
    h: 0,
    i: `KEYS\u0001seq-${seq}\u0002WAIT\u0001true\u0002`,
  });
  return createRequest(RequestCode.SEND_MESSAGE_V2, { serializeType: SerializeType.ROCKETMQ, extFields, body: Buffer.from(body) });
}

/**
 * Sends a stream with `sendWindow` in flight, numbering messages from `seq.next`. After
 * `killAfterAcks` answers it calls `kill` and keeps the window full until the connection fails,
 * so the kill lands mid-stream; then it resolves once every request in flight has settled and
 * `kill` is done. A failed send before the kill fails the stream.
 */
async function streamUntilKilled(
  client: RemotingClient,
  brokerAddr: string,
  topic: string,
  seq: { next: number },
  killAfterAcks: number,
  random: () => number,
  kill: () => Promise<unknown>,
): Promise<Ack[]> {
  const acks: Ack[] = [];
  let inFlight = 0;
  let killed: Promise<unknown> | undefined;
  let stopping = false;
  let refused: string | undefined;
  let settle = (): void => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const sendOne = (): void => {
    const mine = seq.next++;
    const body = `seq ${mine} `.padEnd(16 + Math.floor(random() * bodyBytesMax), String.fromCharCode(97 + (mine % 26)));
    inFlight++;
    client.invokeAsync(brokerAddr, sendRequest(topic, mine, body), callTimeoutMs, (error, response) => {
      inFlight--;
      if (error === undefined && response?.code === ResponseCode.SUCCESS) {
        acks.push({ seq: mine, queueId: Number(response.extFields?.queueId), queueOffset: Number(response.extFields?.queueOffset), body });
      } else {
        if (killed === undefined) refused ??= `send ${mine} failed before the crash: ${error?.message ?? `code ${response?.code} ${response?.remark ?? ''}`}`;
        stopping = true;
      }
      if (killed === undefined && !stopping && acks.length >= killAfterAcks) killed = kill();
      if (!stopping) sendOne();
      else if (inFlight === 0) settle();
    });
  };
  for (let i = 0; i < sendWindow; i++) sendOne();
  await settled;
  await killed;
  if (refused !== undefined) throw new Error(refused);
  return acks;
}

/** Every message of a queue from offset 0 to its max offset, in order. */
async function pullQueue(client: RemotingClient, brokerAddr: string, topic: string, queueId: number): Promise<Array<{ queueOffset: number; body: string }>> {
  const maxAnswer = await client.invoke(brokerAddr, createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic, queueId: String(queueId) } }), callTimeoutMs);
  assert.equal(maxAnswer.code, ResponseCode.SUCCESS);
  const maxOffset = Number(maxAnswer.extFields?.offset);
  const messages: Array<{ queueOffset: number; body: string }> = [];
  let offset = 0;
  while (offset < maxOffset) {
    const extFields = {
      consumerGroup: 'crash_checker',
      topic,
      queueId: String(queueId),
      queueOffset: String(offset),
      maxMsgNums: String(pullBatchMax),
      sysFlag: String(PullSysFlag.subscription),
      commitOffset: '0',
      suspendTimeoutMillis: '0',
      subscription: '*',
      subVersion: '0',
    };
    const answer = await client.invoke(brokerAddr, createRequest(RequestCode.PULL_MESSAGE, { extFields }), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS, `pull of queue ${queueId} at ${offset} of ${maxOffset}: code ${answer.code} ${answer.remark ?? ''}`);
    for (const m of decodeStoredMessages(answer.body ?? Buffer.alloc(0))) messages.push({ queueOffset: Number(m.queueOffset), body: m.body.toString('utf8') });
    offset = Number(answer.extFields?.nextBeginOffset);
  }
  return messages;
}

test('kill -9 during SYNC_FLUSH sends: after restart every acknowledged message is there, at its offset, with no gaps', async () => {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
  const random = seededRandom(seed);
  await using cluster = await launchBrokerCluster({ flushDiskType: 'SYNC_FLUSH' });
  const topic = `CrashTopic-${seed}`;
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, clientIp: '127.0.0.1' });
  await admin.start();
  assert.equal((await admin.brokerConfig(cluster.brokerAddr)).get('flushDiskType'), 'SYNC_FLUSH');
  await admin.createTopic(topic, { brokerAddr: cluster.brokerAddr }, { readQueueNums: queueNums, writeQueueNums: queueNums });

  const acks: Ack[] = [];
  const seq = { next: 0 };
  try {
    for (let round = 0; round < crashRounds; round++) {
      const client = new RemotingClient();
      const killAfterAcks = killAfterAcksMin + Math.floor(random() * killAfterAcksSpread);
      let exit: Awaited<ReturnType<typeof cluster.restartBroker>> | undefined;
      try {
        const roundAcks = await streamUntilKilled(client, cluster.brokerAddr, topic, seq, killAfterAcks, random, async () => {
          exit = await cluster.restartBroker('SIGKILL');
        });
        assert.ok(roundAcks.length >= killAfterAcks);
        acks.push(...roundAcks);
      } finally {
        client.close();
      }
      assert.equal(exit?.signal, 'SIGKILL', 'the broker was killed, not stopped');

      const reader = new RemotingClient();
      try {
        for (let queueId = 0; queueId < queueNums; queueId++) {
          const stored = await pullQueue(reader, cluster.brokerAddr, topic, queueId);
          assert.deepEqual(stored.map((m) => m.queueOffset), stored.map((_, i) => i), `queue ${queueId}: offsets 0..${stored.length - 1} without a gap`);
          // Whatever was stored (acknowledged or caught in flight) is one of ours, once.
          const seqs = stored.map((m) => Number(/^seq (\d+) /.exec(m.body)?.[1]));
          assert.ok(seqs.every((n) => Number.isInteger(n) && n % queueNums === queueId), `queue ${queueId} holds only its own messages`);
          assert.equal(new Set(seqs).size, seqs.length, `queue ${queueId}: no message stored twice`);
          for (const ack of acks.filter((a) => a.queueId === queueId)) {
            assert.equal(stored[ack.queueOffset]?.body, ack.body, `acknowledged seq ${ack.seq} at queue ${queueId} offset ${ack.queueOffset}`);
          }
        }
      } finally {
        reader.close();
      }
    }
  } catch (err) {
    throw new Error(`crash test failed with CRASH_SEED=${seed} after ${acks.length} acknowledged sends: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
});
