// Long polling over real sockets: a pull with the suspend flag that finds nothing is held, and
// answered as soon as a matching message arrives for its queue, or PULL_NOT_FOUND when its
// suspend time ends; short polling holds for shortPollingTimeMills; a dropped connection's or
// a stopped broker's held pulls cause no trouble. "Still held" is shown by a later request on
// the same connection being answered first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

/** Far above any wake-up latency, far below the 20 s hold: an answer inside it came from an arrival. */
const arrivalAnswerBoundMs = 10_000;
const holdMs = 20_000;
const pullCallTimeoutMs = 30_000;

interface Pending {
  settled: boolean;
  response: Promise<RemotingCommand>;
}

function track(response: Promise<RemotingCommand>): Pending {
  const pending: Pending = { settled: false, response };
  void response.then(
    () => (pending.settled = true),
    () => (pending.settled = true),
  );
  return pending;
}

test('a held pull is answered when a matching message arrives, and not before', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  const roundTrip = async () => assert.equal((await call(createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic: 'x', queueId: '0' } }))).code, 0);
  try {
    const topic = freshName('LongPoll');
    const group = freshName('CG');
    assert.equal((await call(sendV2Request({ topic, body: 'first', tags: 'TagA' }))).code, ResponseCode.SUCCESS);

    const started = Date.now();
    const held = track(client.invoke(cluster.brokerAddr, pullRequest(group, topic, 0, 1, { subscription: 'TagA', suspendTimeoutMillis: holdMs, commitOffset: 1 }), pullCallTimeoutMs));
    await roundTrip();
    assert.equal(held.settled, false, 'held: nothing new at offset 1');
    assert.equal(cluster.broker.offsets.queryOffset(group, topic, 0), 1, 'the offset was committed before the pull was held');

    assert.equal((await call(sendV2Request({ topic, body: 'not for me', tags: 'TagB' }))).code, ResponseCode.SUCCESS);
    await roundTrip();
    assert.equal(held.settled, false, 'a TagB arrival does not wake a TagA pull');

    assert.equal((await call(sendV2Request({ topic, body: 'second', tags: 'TagA' }))).code, ResponseCode.SUCCESS);
    const answer = await held.response;
    assert.ok(Date.now() - started < arrivalAnswerBoundMs, 'answered by the arrival, long before the hold ends');
    assert.equal(answer.code, ResponseCode.SUCCESS);
    assert.deepEqual(decodeStoredMessages(answer.body!).map((m) => m.body.toString()), ['second']);
    assert.deepEqual([answer.extFields?.nextBeginOffset, answer.extFields?.maxOffset], ['3', '3']);
  } finally {
    client.close();
  }
});

test('a held pull with nothing arriving is answered PULL_NOT_FOUND when its suspend time ends', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('Expiry');
    assert.equal((await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'only' }), callTimeoutMs)).code, ResponseCode.SUCCESS);
    const answer = await client.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 1, { subscription: '*', suspendTimeoutMillis: 300 }), pullCallTimeoutMs);
    assert.deepEqual(
      [answer.code, answer.remark, answer.extFields?.nextBeginOffset, answer.extFields?.minOffset, answer.extFields?.maxOffset],
      [ResponseCode.PULL_NOT_FOUND, 'OFFSET_OVERFLOW_ONE', '1', '0', '1'],
    );
    assert.equal(answer.body, undefined);
  } finally {
    client.close();
  }
});

test('with long polling off a suspended pull is held for shortPollingTimeMills only', async () => {
  await using cluster = await startLocalCluster({ broker: { longPollingEnable: false, shortPollingTimeMills: 200 } });
  const client = new RemotingClient();
  try {
    const topic = freshName('Short');
    assert.equal((await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'only' }), callTimeoutMs)).code, ResponseCode.SUCCESS);
    const started = Date.now();
    const answer = await client.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 1, { subscription: '*', suspendTimeoutMillis: holdMs }), pullCallTimeoutMs);
    assert.equal(answer.code, ResponseCode.PULL_NOT_FOUND);
    assert.ok(Date.now() - started < arrivalAnswerBoundMs, 'not held for the requested 20 s');
  } finally {
    client.close();
  }
});

test('held pulls of a dropped connection are forgotten, and a stopping broker closes the others', async () => {
  const cluster = await startLocalCluster();
  const dropped = new RemotingClient();
  const kept = new RemotingClient();
  try {
    const topic = freshName('Dropped');
    assert.equal((await kept.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'm0' }), callTimeoutMs)).code, ResponseCode.SUCCESS);
    const gone = track(dropped.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 1, { subscription: '*', suspendTimeoutMillis: holdMs }), pullCallTimeoutMs));
    const stays = track(kept.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 1, { subscription: '*', suspendTimeoutMillis: holdMs }), pullCallTimeoutMs));
    await kept.invoke(cluster.brokerAddr, createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic, queueId: '0' } }), callTimeoutMs);
    dropped.close();
    await assert.rejects(gone.response);

    assert.equal((await kept.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'm1' }), callTimeoutMs)).code, ResponseCode.SUCCESS);
    const answer = await stays.response;
    assert.deepEqual(decodeStoredMessages(answer.body!).map((m) => m.body.toString()), ['m1'], 'the other connection is answered');

    const atStop = track(kept.invoke(cluster.brokerAddr, pullRequest('CG', topic, 0, 2, { subscription: '*', suspendTimeoutMillis: holdMs }), pullCallTimeoutMs));
    await kept.invoke(cluster.brokerAddr, createRequest(RequestCode.GET_MAX_OFFSET, { extFields: { topic, queueId: '0' } }), callTimeoutMs);
    assert.equal(atStop.settled, false);
    await cluster.close();
    await assert.rejects(atStop.response, 'the stopped broker closed the connection; the pull did not hang');
  } finally {
    dropped.close();
    kept.close();
    await cluster.close();
  }
});
