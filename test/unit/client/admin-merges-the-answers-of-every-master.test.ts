import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { encodeConsumeStats } from '../../../src/remoting/protocol/bodies/consume-stats.js';
import { encodeConsumerConnection } from '../../../src/remoting/protocol/bodies/connection.js';
import { encodeResetOffsetBody } from '../../../src/remoting/protocol/bodies/reset-offset-body.js';
import { QueryConsumerOffsetRequestHeader, SearchOffsetRequestHeader, UpdateConsumerOffsetRequestHeader } from '../../../src/remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { consumerConnections } from '../../../src/client/admin/connections.js';
import { queryMessageByUniqueKey, queryMessagesByKey } from '../../../src/client/admin/messages.js';
import { consumeProgress, resetOffsetByTime } from '../../../src/client/admin/offsets.js';
import { ConsumerNotOnlineError, TopicNotExistError } from '../../../src/client/errors/index.js';
import { fakeAdmin, reply, twoBrokerRoute } from './admin-fake-transport.js';

const mq = (brokerName: string, queueId: number, topic = 'T') => ({ topic, brokerName, queueId });

test('consume progress merges every master of %RETRY%group and sums the lag', async () => {
  const { ctx, calls } = fakeAdmin(
    {
      [RequestCode.GET_CONSUME_STATS]: (addr, request) =>
        reply(request, 0, {
          body: encodeConsumeStats({
            offsetTable: addr === 'a:10911' ? [[mq('broker-a', 0), { brokerOffset: 10, consumerOffset: 7, lastTimestamp: 1 }]] : [[mq('broker-b', 0), { brokerOffset: 5, consumerOffset: 5, lastTimestamp: 2 }]],
            consumeTps: addr === 'a:10911' ? 1.5 : 2,
          }),
        }),
    },
    { '%RETRY%G': twoBrokerRoute() },
  );
  const progress = await consumeProgress(ctx, 'G');
  assert.equal(progress.offsetTable.length, 2);
  assert.equal(progress.diffTotal, 3);
  assert.equal(progress.consumeTps, 3.5);
  assert.deepEqual(calls.map((c) => c.addr).sort(), ['a:10911', 'b:10911']);
  assert.equal(calls[0]!.request.extFields?.consumerGroup, 'G');

  const byTopic = fakeAdmin({ [RequestCode.GET_CONSUME_STATS]: (_a, r) => reply(r, 0, { body: encodeConsumeStats({ offsetTable: [], consumeTps: 0 }) }) }, { T: twoBrokerRoute() });
  assert.equal((await consumeProgress(byTopic.ctx, 'G', 'T')).diffTotal, 0, "without %RETRY%G's route the topic's route is used");
  await assert.rejects(consumeProgress(byTopic.ctx, 'G'), TopicNotExistError);
});

test('reset by time: online brokers reset through their consumers, offline ones get offsets set directly', async () => {
  const committed = new Map<string, number>([['broker-b/0', 3]]);
  const { ctx, calls } = fakeAdmin(
    {
      [RequestCode.INVOKE_BROKER_TO_RESET_OFFSET]: (addr, request) =>
        addr === 'a:10911'
          ? reply(request, 0, { body: encodeResetOffsetBody({ offsetTable: [[mq('broker-a', 0), 11], [mq('broker-a', 1), 12]] }) })
          : reply(request, ResponseCode.CONSUMER_NOT_ONLINE, { remark: 'the consumer group[G] not online' }),
      [RequestCode.SEARCH_OFFSET_BY_TIMESTAMP]: (_addr, request) => {
        const { queueId } = SearchOffsetRequestHeader.decode(request.extFields);
        return reply(request, 0, { extFields: { offset: String(20 + queueId) } });
      },
      [RequestCode.QUERY_CONSUMER_OFFSET]: (_addr, request) => {
        const { queueId } = QueryConsumerOffsetRequestHeader.decode(request.extFields);
        const offset = committed.get(`broker-b/${queueId}`);
        return offset === undefined ? reply(request, ResponseCode.QUERY_NOT_FOUND) : reply(request, 0, { extFields: { offset: String(offset) } });
      },
      [RequestCode.UPDATE_CONSUMER_OFFSET]: (_addr, request) => {
        const h = UpdateConsumerOffsetRequestHeader.decode(request.extFields);
        committed.set(`broker-b/${h.queueId}`, h.commitOffset);
        return reply(request);
      },
    },
    { T: twoBrokerRoute(2) },
  );
  const forced = await resetOffsetByTime(ctx, 'G', 'T', 1_700_000_000_000);
  const text = (entries: typeof forced) => entries.map(([q, o]) => `${q.brokerName}/${q.queueId}=${o}`).sort();
  assert.deepEqual(text(forced), ['broker-a/0=11', 'broker-a/1=12', 'broker-b/0=20', 'broker-b/1=21']);
  const resetHeader = calls.find((c) => c.request.code === RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)!.request.extFields;
  assert.deepEqual(resetHeader, { topic: 'T', group: 'G', timestamp: '1700000000000', isForce: 'true' });

  committed.set('broker-b/0', 3);
  committed.delete('broker-b/1');
  const gentle = await resetOffsetByTime(ctx, 'G', 'T', 1_700_000_000_000, { force: false });
  assert.deepEqual(text(gentle).filter((s) => s.startsWith('broker-b')), ['broker-b/0=3', 'broker-b/1=21'], 'without force a lower committed offset stays');
  assert.equal(committed.get('broker-b/0'), 3);
});

test('consumer connections are merged over the masters; a group online nowhere is ConsumerNotOnlineError', async () => {
  const sub = { classFilterMode: false, topic: 'T', subString: '*', tagsSet: [], codeSet: [], subVersion: 1, expressionType: 'TAG' };
  const conn = (clientId: string) => ({ clientId, clientAddr: `${clientId}:1`, language: 'JAVA', version: 409 });
  const { ctx } = fakeAdmin(
    {
      [RequestCode.GET_CONSUMER_CONNECTION_LIST]: (addr, request) =>
        reply(request, 0, {
          body: encodeConsumerConnection({
            connectionSet: addr === 'a:10911' ? [conn('c1'), conn('c2')] : [conn('c2')],
            subscriptionTable: new Map([['T', sub]]),
            consumeType: 'CONSUME_PASSIVELY',
            messageModel: 'CLUSTERING',
          }),
        }),
    },
    { '%RETRY%G': twoBrokerRoute() },
  );
  const merged = await consumerConnections(ctx, 'G');
  assert.deepEqual(merged.connectionSet.map((c) => c.clientId).sort(), ['c1', 'c2']);
  assert.equal(merged.messageModel, 'CLUSTERING');
  assert.deepEqual([...merged.subscriptionTable.keys()], ['T']);

  const offline = fakeAdmin({ [RequestCode.GET_CONSUMER_CONNECTION_LIST]: (_a, r) => reply(r, ResponseCode.CONSUMER_NOT_ONLINE) }, { '%RETRY%G': twoBrokerRoute() });
  await assert.rejects(consumerConnections(offline.ctx, 'G'), ConsumerNotOnlineError);
});

test('message queries ask every master and keep only true hits of the hash index', async () => {
  const record = (topic: string, props: Map<string, string>, storeTimestamp: number) =>
    encodeStoredMessage(
      { topic, queueId: 0, flag: 0, body: Buffer.from('b'), properties: encodeProperties(props), sysFlag: 0, bornTimestamp: 1, bornHost: { address: new Uint8Array([1, 2, 3, 4]), port: 1 }, reconsumeTimes: 0, preparedTransactionOffset: 0 },
      { queueOffset: 0, physicalOffset: storeTimestamp, storeTimestamp, storeHost: { address: new Uint8Array([10, 0, 0, 1]), port: 10911 } },
    );
  const { ctx, calls } = fakeAdmin(
    {
      [RequestCode.QUERY_MESSAGE]: (addr, request) =>
        addr === 'b:10911'
          ? reply(request, ResponseCode.QUERY_NOT_FOUND)
          : reply(request, 0, {
              extFields: { indexLastUpdateTimestamp: '0', indexLastUpdatePhyoffset: '0' },
              body: Buffer.concat([
                record('T', new Map([['KEYS', 'order-1 x'], ['UNIQ_KEY', 'U1']]), 300),
                record('T', new Map([['KEYS', 'collision'], ['UNIQ_KEY', 'U2']]), 200),
                record('T', new Map([['KEYS', 'order-1'], ['UNIQ_KEY', 'U3']]), 100),
              ]),
            }),
    },
    { T: twoBrokerRoute() },
  );
  const byKey = await queryMessagesByKey(ctx, 'T', 'order-1');
  assert.deepEqual(byKey.map((m) => m.msgId), ['U3', 'U1'], 'true hits, oldest first');
  const keyQuery = calls.find((c) => c.addr === 'a:10911')!.request.extFields!;
  assert.equal(keyQuery.maxNum, '32');
  assert.equal(keyQuery.beginTimestamp, '0');
  assert.equal(keyQuery._UNIQUE_KEY_QUERY, undefined);

  calls.length = 0;
  const byId = await queryMessageByUniqueKey(ctx, 'T', 'U2');
  assert.equal(byId?.keys[0], 'collision');
  assert.equal(calls[0]!.request.extFields!._UNIQUE_KEY_QUERY, 'true');
  assert.equal(await queryMessageByUniqueKey(ctx, 'T', 'U9'), undefined);
});
