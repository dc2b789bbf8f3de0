// Broker and client bodies: written byte for byte like fastjson where the reference gives the
// text (HeartbeatData, object-keyed ConsumeStats, unquoted-int-keyed consumer offsets), and
// every codec survives a round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyFormatError } from '../../../../src/remoting/protocol/errors.js';
import {
  decodeConsumeStats,
  decodeConsumerConnection,
  decodeConsumerIdList,
  decodeConsumerOffsetSerializeWrapper,
  decodeDelayOffsetSerializeWrapper,
  decodeGroupList,
  decodeHeartbeatData,
  decodeLockBatchRequestBody,
  decodeLockBatchResponseBody,
  decodeProducerConnection,
  decodeResetOffsetBody,
  decodeSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  decodeTopicStatsTable,
  decodeUnlockBatchRequestBody,
  encodeConsumeStats,
  encodeConsumerConnection,
  encodeConsumerIdList,
  encodeConsumerOffsetSerializeWrapper,
  encodeDelayOffsetSerializeWrapper,
  encodeGroupList,
  encodeHeartbeatData,
  encodeLockBatchRequestBody,
  encodeLockBatchResponseBody,
  encodeProducerConnection,
  encodeResetOffsetBody,
  encodeSubscriptionGroupConfig,
  encodeSubscriptionGroupWrapper,
  encodeTopicStatsTable,
  encodeUnlockBatchRequestBody,
  subscriptionGroupDefaults,
  type ConsumeStats,
  type ResetOffsetBody,
  type SubscriptionData,
  type TopicStatsTable,
} from '../../../../src/remoting/protocol/index.js';

// codes.md §6, as a Java 4.9.8 push consumer sends it.
const javaHeartbeat =
  '{"clientID":"10.0.0.9@4242#8123456789","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"G1","messageModel":"CLUSTERING","subscriptionDataSet":[{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1700000000000,"tagsSet":[],"topic":"T"},{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1700000000001,"tagsSet":[],"topic":"%RETRY%G1"}],"unitMode":false}],"producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}]}';

test('HeartbeatData from codes.md is read and written back byte for byte', () => {
  const h = decodeHeartbeatData(Buffer.from(javaHeartbeat));
  assert.equal(h.clientID, '10.0.0.9@4242#8123456789');
  assert.equal(h.consumerDataSet[0]?.subscriptionDataSet[1]?.topic, '%RETRY%G1');
  assert.equal(encodeHeartbeatData(h).toString(), javaHeartbeat);
});

test('an ali-ons heartbeat (JSON.stringify, field order of its own) is read', () => {
  const aliOns = JSON.stringify({
    clientID: '10.0.0.9@1234',
    producerDataSet: [{ groupName: 'PG' }],
    consumerDataSet: [
      {
        groupName: 'G',
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptionDataSet: [{ topic: 'T', subString: 'TagA || TagB', classFilterMode: false, tagsSet: ['TagA', 'TagB'], codeSet: [2598919, 2598920], subVersion: 1700000000000 }],
        unitMode: false,
      },
    ],
  });
  const h = decodeHeartbeatData(aliOns);
  assert.deepEqual(h.consumerDataSet[0]?.subscriptionDataSet[0], {
    classFilterMode: false, topic: 'T', subString: 'TagA || TagB', tagsSet: ['TagA', 'TagB'], codeSet: [2598919, 2598920], subVersion: 1700000000000,
  });
  assert.deepEqual(decodeHeartbeatData(encodeHeartbeatData(h)), h);
});

const mq = (queueId: number) => ({ topic: 'T', brokerName: 'broker-a', queueId });

test('ConsumeStats and TopicStatsTable use MessageQueue object keys', () => {
  const stats: ConsumeStats = { offsetTable: [[mq(0), { brokerOffset: 10, consumerOffset: 8, lastTimestamp: 1690000000000 }]], consumeTps: 1.5 };
  const text = encodeConsumeStats(stats).toString();
  assert.equal(
    text,
    '{"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":10,"consumerOffset":8,"lastTimestamp":1690000000000}}}',
  );
  assert.deepEqual(decodeConsumeStats(text), stats);
  const table: TopicStatsTable = {
    offsetTable: [
      [mq(1), { minOffset: 0, maxOffset: 5, lastUpdateTimestamp: 7 }],
      [mq(0), { minOffset: 0, maxOffset: 0, lastUpdateTimestamp: 0 }],
    ],
  };
  const decoded = decodeTopicStatsTable(encodeTopicStatsTable(table));
  assert.deepEqual(decoded.offsetTable.map(([q]) => q.queueId), [0, 1], 'written sorted by key');
  assert.deepEqual(new Set(decoded.offsetTable.map((e) => JSON.stringify(e))), new Set(table.offsetTable.map((e) => JSON.stringify(e))));
  const reset: ResetOffsetBody = { offsetTable: [[mq(2), 42]] };
  assert.equal(encodeResetOffsetBody(reset).toString(), '{"offsetTable":{{"brokerName":"broker-a","queueId":2,"topic":"T"}:42}}');
  assert.deepEqual(decodeResetOffsetBody(encodeResetOffsetBody(reset)), reset);
});

test('consumer and delay offsets use unquoted integer keys', () => {
  const offsets = { offsetTable: new Map([['TopicTest@G1', new Map([[0, 12], [1, 7]])]]) };
  const text = encodeConsumerOffsetSerializeWrapper(offsets).toString();
  assert.equal(text, '{"offsetTable":{"TopicTest@G1":{0:12,1:7}}}');
  assert.deepEqual(decodeConsumerOffsetSerializeWrapper(text), offsets);
  const delay = decodeDelayOffsetSerializeWrapper('{"offsetTable":{1:33,3:5}}');
  assert.deepEqual(delay, { offsetTable: new Map([[1, 33], [3, 5]]) });
  assert.equal(encodeDelayOffsetSerializeWrapper(delay).toString(), '{"offsetTable":{1:33,3:5}}');
});

test('lock bodies, id lists, group lists round trip', () => {
  const lock = { consumerGroup: 'G', clientId: 'c', mqSet: [mq(0), mq(1)] };
  assert.equal(encodeLockBatchRequestBody(lock).toString(), '{"clientId":"c","consumerGroup":"G","mqSet":[{"brokerName":"broker-a","queueId":0,"topic":"T"},{"brokerName":"broker-a","queueId":1,"topic":"T"}]}');
  assert.deepEqual(decodeLockBatchRequestBody(encodeLockBatchRequestBody(lock)), lock);
  const unlock = { ...lock, onlyThisBroker: true };
  assert.deepEqual(decodeUnlockBatchRequestBody(encodeUnlockBatchRequestBody(unlock)), unlock);
  assert.deepEqual(decodeLockBatchResponseBody(encodeLockBatchResponseBody({ lockOKMQSet: [mq(3)] })), { lockOKMQSet: [mq(3)] });
  assert.equal(encodeConsumerIdList({ consumerIdList: ['a@1', 'b@2'] }).toString(), '{"consumerIdList":["a@1","b@2"]}');
  assert.deepEqual(decodeConsumerIdList('{"consumerIdList":["a@1"]}'), { consumerIdList: ['a@1'] });
  assert.deepEqual(decodeGroupList(encodeGroupList({ groupList: ['G1'] })), { groupList: ['G1'] });
});

test('subscription group configs take Java defaults and round trip', () => {
  const minimal = decodeSubscriptionGroupConfig('{"groupName":"G1"}');
  assert.deepEqual(minimal, { groupName: 'G1', ...subscriptionGroupDefaults });
  assert.equal(
    encodeSubscriptionGroupConfig(minimal).toString(),
    '{"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,"groupName":"G1","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}',
  );
  const wrapper = {
    subscriptionGroupTable: new Map([['G1', { ...minimal, consumeEnable: false, consumeMessageOrderly: true, attributes: new Map([['k', 'v']]) }]]),
    dataVersion: { timestamp: 3, counter: 4 },
  };
  assert.deepEqual(decodeSubscriptionGroupWrapper(encodeSubscriptionGroupWrapper(wrapper)), wrapper);
});

test('consumer and producer connections round trip', () => {
  const sub: SubscriptionData = { classFilterMode: false, topic: 'T', subString: '*', tagsSet: [], codeSet: [], subVersion: 1, expressionType: 'TAG' };
  const cc = {
    connectionSet: [{ clientId: 'c', clientAddr: '10.0.0.9:5000', language: 'JAVA', version: 409 }],
    subscriptionTable: new Map([['T', sub]]),
    consumeType: 'CONSUME_PASSIVELY',
    messageModel: 'CLUSTERING',
    consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
  };
  assert.deepEqual(decodeConsumerConnection(encodeConsumerConnection(cc)), cc);
  const pc = { connectionSet: cc.connectionSet };
  assert.deepEqual(decodeProducerConnection(encodeProducerConnection(pc)), pc);
});

test('bad bodies are BodyFormatError', () => {
  assert.throws(() => decodeConsumeStats('{"offsetTable":{"not a queue":{}}}'), BodyFormatError);
  assert.throws(() => decodeConsumeStats('{"offsetTable":{{"topic":"T"}:{}}}'), BodyFormatError);
  assert.throws(() => decodeHeartbeatData('{"consumerDataSet":[]}'), BodyFormatError);
  assert.throws(() => decodeConsumerOffsetSerializeWrapper('{"offsetTable":{"t@g":{0:18446744073709551616}}}'), BodyFormatError);
  assert.throws(() => decodeLockBatchRequestBody('{"consumerGroup":"G","clientId":"c","mqSet":{}}'), BodyFormatError);
});
