import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { decodeRegisterBrokerBody } from '../../../src/remoting/protocol/bodies/register-broker-body.js';
import type { TopicConfig, TopicConfigSerializeWrapper } from '../../../src/remoting/protocol/bodies/topic-config.js';
import { createResponse, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { BrokerRegistrar, BrokerRegistrationError } from '../../../src/broker/registration/broker-registrar.js';
import { topicsForNamesrv } from '../../../src/broker/registration/topics-for-namesrv.js';

const logger = createLogger('test');

const topic = (topicName: string, perm: number): TopicConfig => ({
  topicName,
  readQueueNums: 4,
  writeQueueNums: 2,
  perm,
  topicFilterType: 'MULTI_TAG',
  topicSysFlag: 2,
  order: true,
});

const wrapper = (): TopicConfigSerializeWrapper => ({
  topicConfigTable: new Map([
    ['TBW102', topic('TBW102', 7)],
    ['T', topic('T', 6)],
  ]),
  dataVersion: { timestamp: 10, counter: 3 },
});

test('a readable and writable broker registers its topics as they are', () => {
  const w = wrapper();
  assert.equal(topicsForNamesrv(w, 6), w);
  assert.equal(topicsForNamesrv(w, 7), w);
});

test('a broker lacking read or write registers every topic with the broker permission', () => {
  for (const brokerPermission of [4, 2, 0]) {
    const out = topicsForNamesrv(wrapper(), brokerPermission);
    assert.deepEqual([...out.topicConfigTable.values()].map((t) => [t.topicName, t.perm, t.readQueueNums, t.writeQueueNums, t.order]), [
      ['TBW102', brokerPermission, 4, 2, false],
      ['T', brokerPermission, 4, 2, false],
    ]);
    assert.deepEqual(out.dataVersion, { timestamp: 10, counter: 3 });
  }
});

/** A stand-in for RemotingClient: answers per NameServer address. */
function fakeClient(answer: (addr: string, request: RemotingCommand) => RemotingCommand | Error) {
  const calls: Array<{ addr: string; request: RemotingCommand; oneway: boolean }> = [];
  return {
    calls,
    invoke: async (addr: string, request: RemotingCommand) => {
      calls.push({ addr, request, oneway: false });
      const result = answer(addr, request);
      if (result instanceof Error) throw result;
      return result;
    },
    invokeOneway: async (addr: string, request: RemotingCommand) => {
      calls.push({ addr, request, oneway: true });
    },
  };
}

function registrar(client: ReturnType<typeof fakeClient>, namesrvAddrs: string[]) {
  return new BrokerRegistrar({
    identity: { clusterName: 'C', brokerName: 'b', brokerId: 0, brokerAddr: '10.0.0.5:10911', haServerAddr: '10.0.0.5:10912' },
    namesrvAddrs,
    client,
    topics: wrapper,
    brokerPermission: 6,
    timeoutMs: 1000,
    logger,
  });
}

test('every NameServer is called; one failing or refusing does not stop the others', async () => {
  const client = fakeClient((addr, request) => {
    if (addr === 'down:1') return new Error('connect refused');
    if (addr === 'refuses:1') return createResponse(request, ResponseCode.SYSTEM_ERROR, { remark: 'crc32 not match' });
    return createResponse(request, ResponseCode.SUCCESS, { extFields: { masterAddr: '10.0.0.9:10911', haServerAddr: '10.0.0.9:10912' } });
  });
  const r = registrar(client, ['down:1', 'up:1', 'refuses:1']);
  const outcomes = await r.registerAll();
  assert.deepEqual(outcomes.map((o) => [o.namesrvAddr, o.ok]), [['down:1', false], ['up:1', true], ['refuses:1', false]]);
  const refused = outcomes[2];
  assert.ok(refused && !refused.ok && refused.error instanceof BrokerRegistrationError && refused.error.remark === 'crc32 not match');
  assert.equal(r.masterAddr, '10.0.0.9:10911');
  assert.equal(r.masterHaServerAddr, '10.0.0.9:10912');

  const sent = client.calls[1]!.request;
  assert.equal(sent.code, RequestCode.REGISTER_BROKER);
  assert.deepEqual(
    { ...sent.extFields },
    { brokerName: 'b', brokerAddr: '10.0.0.5:10911', clusterName: 'C', haServerAddr: '10.0.0.5:10912', brokerId: '0', compressed: 'false', bodyCrc32: sent.extFields?.bodyCrc32 },
  );
  assert.notEqual(sent.extFields?.bodyCrc32, '0');
  const body = decodeRegisterBrokerBody(sent.body!);
  assert.deepEqual([...body.topicConfigSerializeWrapper.topicConfigTable.keys()].sort(), ['T', 'TBW102']);
  assert.deepEqual(body.topicConfigSerializeWrapper.dataVersion, { timestamp: 10, counter: 3 });
});

test('oneway re-registrations coalesce per turn; stop unregisters and ends registering', async () => {
  const client = fakeClient((_addr, request) => createResponse(request, ResponseCode.SUCCESS));
  const r = registrar(client, ['n1:1', 'n2:1']);
  r.registerAllOneway();
  r.registerAllOneway();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(client.calls.map((c) => [c.addr, c.request.code, c.oneway]), [
    ['n1:1', RequestCode.REGISTER_BROKER, true],
    ['n2:1', RequestCode.REGISTER_BROKER, true],
  ]);
  client.calls.length = 0;
  const outcomes = await r.stop();
  assert.deepEqual(outcomes.map((o) => o.ok), [true, true]);
  assert.deepEqual(client.calls.map((c) => [c.addr, c.request.code]), [['n1:1', RequestCode.UNREGISTER_BROKER], ['n2:1', RequestCode.UNREGISTER_BROKER]]);
  assert.deepEqual({ ...client.calls[0]!.request.extFields }, { brokerName: 'b', brokerAddr: '10.0.0.5:10911', clusterName: 'C', brokerId: '0' });
  client.calls.length = 0;
  r.registerAllOneway();
  assert.deepEqual(await r.registerAll(), []);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(client.calls.length, 0, 'nothing after stop');
});
