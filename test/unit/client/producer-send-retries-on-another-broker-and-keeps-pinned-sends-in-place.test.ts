// The send loop against an in-memory transport: which broker each attempt goes to, which
// failures are retried, and what the caller finally gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingConnectError, RemotingTimeoutError } from '../../../src/remoting/net/errors.js';
import { createResponse, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import type { TopicRouteData } from '../../../src/remoting/protocol/bodies/topic-route-data.js';
import type { Message, SendAttemptEvent, SendOptions, SendResult } from '../../../src/client/api.js';
import { MessageIllegalError, errorFromResponse } from '../../../src/client/errors/index.js';
import { TopicPublishInfo } from '../../../src/client/instance/topic-publish-info.js';
import { FaultStrategy } from '../../../src/client/producer/fault-strategy.js';
import { encodeMessage } from '../../../src/client/producer/message-encoding.js';
import { resolveProducerSettings, type ProducerSettings } from '../../../src/client/producer/producer-options.js';
import { sendMessageRequest } from '../../../src/client/producer/send-request.js';
import { sendResultOf } from '../../../src/client/producer/send-response.js';
import { sendWithRetries, type SendTransport } from '../../../src/client/producer/send-with-retries.js';
import { SendMessageRequestHeaderV2 } from '../../../src/remoting/protocol/headers/send.js';

type Behaviour = (request: RemotingCommand, timeoutMs: number) => Promise<RemotingCommand>;

const ok = (code: number = ResponseCode.SUCCESS): Behaviour => async (request) =>
  createResponse(request, code, { extFields: { msgId: 'OFFSETID', queueId: String(SendMessageRequestHeaderV2.decode(request.extFields).e), queueOffset: '5' } });
const answer = (code: number): Behaviour => async (request) => createResponse(request, code, { remark: `code ${code}` });
const unreachable = (addr: string): Behaviour => async (request) => {
  throw new RemotingConnectError(addr, request.code);
};

function routeOf(brokers: string[]): TopicRouteData {
  return {
    queueDatas: brokers.map((brokerName) => ({ brokerName, readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 })),
    brokerDatas: brokers.map((brokerName) => ({ cluster: 'C', brokerName, brokerAddrs: new Map([[0, `${brokerName}:1`]]) })),
    filterServerTable: new Map(),
  };
}

/** Brokers a and b; each address answers with its queue of behaviours (the last one repeats). */
function transport(behaviours: Record<string, Behaviour[]>) {
  const info = TopicPublishInfo.fromRoute('T', routeOf(['a', 'b']), -1);
  const calls: string[] = [];
  let refreshes = 0;
  const t: SendTransport = {
    cachedPublishInfo: () => info,
    findPublishInfo: async () => info,
    findBrokerAddressInPublish: (name) => `${name}:1`,
    refreshTopicRoute: async () => void refreshes++,
    invokeBrokerAnyAnswer: (addr, request, timeoutMs) => {
      calls.push(addr);
      const queue = behaviours[addr] ?? [ok()];
      const behaviour = queue.length > 1 ? queue.shift()! : queue[0]!;
      return behaviour(request, timeoutMs);
    },
    invokeBroker: (addr, request, options) =>
      t.invokeBrokerAnyAnswer(addr, request, options?.timeoutMs ?? 3000).then((response) => {
        if (!(options?.accept ?? [0]).includes(response.code)) throw errorFromResponse(addr, request.code, response);
        return response;
      }),
  };
  return { t, calls, refreshes: () => refreshes };
}

const ids = new UniqueIdGenerator('10.0.0.1');

function settings(extra: Partial<Parameters<typeof resolveProducerSettings>[0]> = {}): ProducerSettings {
  return resolveProducerSettings({ group: 'PG', backoff: { initialBackoffMs: 1, maxBackoffMs: 2 }, ...extra });
}

function send(t: SendTransport, s: ProducerSettings, fault: FaultStrategy, options: SendOptions = {}, events: SendAttemptEvent[] = []): Promise<SendResult> {
  const message: Message = { topic: 'T', body: 'x' };
  const encoded = encodeMessage(message, ids, s, true);
  const ctx = { producerGroup: 'PG', createTopicKey: 'TBW102', defaultTopicQueueNums: 4 };
  return sendWithRetries(
    { instance: t, settings: s, autoCreate: { createTopicKey: 'TBW102', defaultTopicQueueNums: 4 }, fault, onAttempt: (build) => events.push(build()) },
    {
      kind: 'send',
      message,
      options,
      request: (mq: MessageQueue) => sendMessageRequest(ctx, encoded, mq),
      result: (response, mq) => sendResultOf(response, encoded.msgId, 'T', mq.brokerName),
      status: (r) => r.status,
    },
  );
}

test('a broker that cannot be reached is left for the other one, and avoided afterwards', async () => {
  const { t, calls } = transport({ 'a:1': [unreachable('a:1')], 'b:1': [ok()] });
  const fault = new FaultStrategy({ enabled: true });
  const events: SendAttemptEvent[] = [];
  const first = await send(t, settings(), fault, {}, events);
  assert.equal(first.messageQueue.brokerName, 'b');
  assert.deepEqual(calls, ['a:1', 'b:1']);
  assert.deepEqual(events.map((e) => [e.attempt, e.brokerAddr, e.outcome]), [[0, 'a:1', 'error'], [1, 'b:1', 'ok']]);
  assert.equal(fault.isAvailable('a'), false);
  calls.length = 0;
  for (let i = 0; i < 6; i++) await send(t, settings(), fault);
  assert.deepEqual(new Set(calls), new Set(['b:1']), 'the isolated broker gets nothing while b works');
});

test('retryable broker answers move to another broker; final ones are thrown at once', async () => {
  const busyThenOk = transport({ 'a:1': [answer(ResponseCode.SERVICE_NOT_AVAILABLE)], 'b:1': [ok()] });
  assert.equal((await send(busyThenOk.t, settings(), new FaultStrategy({ enabled: true }))).messageQueue.brokerName, 'b');

  const illegal = transport({ 'a:1': [answer(ResponseCode.MESSAGE_ILLEGAL)], 'b:1': [answer(ResponseCode.MESSAGE_ILLEGAL)] });
  const fault = new FaultStrategy({ enabled: true });
  await assert.rejects(send(illegal.t, settings(), fault), MessageIllegalError);
  assert.equal(illegal.calls.length, 1);
  assert.ok(fault.isAvailable('a') && fault.isAvailable('b'), 'a refused message says nothing about the broker');
});

test('after retryTimesWhenSendFailed retries the last failure is thrown', async () => {
  const { t, calls } = transport({ 'a:1': [unreachable('a:1')], 'b:1': [unreachable('b:1')] });
  const events: SendAttemptEvent[] = [];
  await assert.rejects(send(t, settings({ retryTimesWhenSendFailed: 3 }), new FaultStrategy({ enabled: false }), {}, events), RemotingConnectError);
  assert.equal(calls.length, 4);
  assert.deepEqual(events.map((e) => e.attempt), [0, 1, 2, 3]);
  const none = transport({ 'a:1': [unreachable('a:1')], 'b:1': [unreachable('b:1')] });
  await assert.rejects(send(none.t, settings({ retryTimesWhenSendFailed: 0 }), new FaultStrategy({ enabled: true })), RemotingConnectError);
  assert.equal(none.calls.length, 1);
});

test('pinned sends stay on their queue: no move after a broker failure, a wait after a busy answer', async () => {
  const failing = transport({ 'a:1': [unreachable('a:1')], 'b:1': [unreachable('b:1')] });
  const target: MessageQueue = { topic: 'T', brokerName: 'a', queueId: 1 };
  await assert.rejects(send(failing.t, settings(), new FaultStrategy({ enabled: true }), { messageQueue: target }), RemotingConnectError);
  assert.deepEqual(failing.calls, ['a:1']);

  const busy = transport({ 'a:1': [answer(ResponseCode.SYSTEM_BUSY), ok()], 'b:1': [ok()] });
  const result = await send(busy.t, settings(), new FaultStrategy({ enabled: true }), { messageQueue: target });
  assert.deepEqual(busy.calls, ['a:1', 'a:1']);
  assert.deepEqual(result.messageQueue, target);

  const keyed = transport({});
  const results = await Promise.all([0, 1, 2].map(() => send(keyed.t, settings(), new FaultStrategy({ enabled: true }), { shardingKey: 'order-1' })));
  assert.equal(new Set(results.map((r) => `${r.messageQueue.brokerName}/${r.messageQueue.queueId}`)).size, 1);
});

test('a stale route is refreshed before the retry', async () => {
  const notExist: Behaviour = async (request) => createResponse(request, ResponseCode.TOPIC_NOT_EXIST);
  const { t, refreshes } = transport({ 'a:1': [notExist], 'b:1': [ok()] });
  const result = await send(t, settings(), new FaultStrategy({ enabled: true }));
  assert.equal(result.messageQueue.brokerName, 'b');
  assert.equal(refreshes(), 1);
});

test('a stored-but-not-OK status is returned, or resent elsewhere with retryAnotherBrokerWhenNotStoreOk', async () => {
  const plain = transport({ 'a:1': [ok(ResponseCode.FLUSH_DISK_TIMEOUT)], 'b:1': [ok()] });
  assert.equal((await send(plain.t, settings(), new FaultStrategy({ enabled: true }))).status, 'FLUSH_DISK_TIMEOUT');
  const resend = transport({ 'a:1': [ok(ResponseCode.FLUSH_DISK_TIMEOUT)], 'b:1': [ok()] });
  const result = await send(resend.t, settings({ retryAnotherBrokerWhenNotStoreOk: true }), new FaultStrategy({ enabled: true }));
  assert.equal(result.status, 'SEND_OK');
  assert.deepEqual(resend.calls, ['a:1', 'b:1']);
  const allSlow = transport({ 'a:1': [ok(ResponseCode.FLUSH_SLAVE_TIMEOUT)], 'b:1': [ok(ResponseCode.FLUSH_SLAVE_TIMEOUT)] });
  assert.equal((await send(allSlow.t, settings({ retryAnotherBrokerWhenNotStoreOk: true }), new FaultStrategy({ enabled: true }))).status, 'FLUSH_SLAVE_TIMEOUT');
  assert.equal(allSlow.calls.length, 3);
});

test('the time budget covers every attempt; an abort ends the send with its reason', async () => {
  await assert.rejects(send(transport({}).t, settings(), new FaultStrategy({ enabled: false }), { timeoutMs: 0 }), InvalidArgumentError);
  const hang: Behaviour = (request, timeoutMs) =>
    new Promise((_resolve, reject) => setTimeout(() => reject(new RemotingTimeoutError('a:1', request.code, timeoutMs)), timeoutMs));
  const slow = transport({ 'a:1': [hang], 'b:1': [hang] });
  const started = Date.now();
  await assert.rejects(send(slow.t, settings(), new FaultStrategy({ enabled: false }), { timeoutMs: 60 }), RemotingTimeoutError);
  assert.equal(slow.calls.length, 1, 'the first attempt used the whole budget');
  assert.ok(Date.now() - started < 1_000);

  const pending = transport({ 'a:1': [() => new Promise(() => undefined)], 'b:1': [() => new Promise(() => undefined)] });
  const controller = new AbortController();
  const reason = new Error('caller gave up');
  const sending = send(pending.t, settings(), new FaultStrategy({ enabled: false }), { signal: controller.signal });
  setImmediate(() => controller.abort(reason));
  await assert.rejects(sending, (e) => e === reason);
});
