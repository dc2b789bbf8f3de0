// Declared custom headers read extFields like Java's decodeCommandCustomHeader (required
// fields, Boolean.parseBoolean), refuse malformed numbers, and map SendMessageRequestHeaderV2's
// one-letter keys to SendMessageRequestHeader's names and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderFieldError } from '../../../../src/remoting/protocol/errors.js';
import {
  ConsumerSendMsgBackRequestHeader,
  GetConsumeStatsInBrokerHeader,
  GetRouteInfoRequestHeader,
  PullMessageRequestHeader,
  QueryMessageRequestHeader,
  RegisterBrokerRequestHeader,
  ResetOffsetRequestHeader,
  SendMessageRequestHeader,
  SendMessageRequestHeaderV2,
  UnregisterClientRequestHeader,
  requestCodeName,
  RequestCode,
  ResponseCode,
  sendHeaderV1ToV2,
  sendHeaderV2ToV1,
  sendHeaderV2ToV1Names,
} from '../../../../src/remoting/protocol/index.js';

test('a missing required field fails with the Java text', () => {
  assert.throws(
    () => GetRouteInfoRequestHeader.decode({ acceptStandardJsonOnly: 'true' }),
    (err: unknown) => err instanceof HeaderFieldError && err.message === 'the custom field <topic> is null' && err.field === 'topic',
  );
  assert.throws(() => UnregisterClientRequestHeader.decode(undefined), /^HeaderFieldError: the custom field <clientID> is null$/);
  assert.throws(() => UnregisterClientRequestHeader.decode({ clientId: 'x' }), /the custom field <clientID> is null/);
});

test('fields are typed: ints, safe longs, Boolean.parseBoolean, optional ones absent', () => {
  const h = RegisterBrokerRequestHeader.decode({
    brokerName: 'broker-a',
    brokerAddr: '10.0.0.5:10911',
    clusterName: 'DefaultCluster',
    haServerAddr: '10.0.0.5:10912',
    brokerId: '0',
    compressed: 'TRUE',
    bodyCrc32: '-123456',
    extra: 'ignored',
  });
  assert.deepEqual(h, {
    brokerName: 'broker-a',
    brokerAddr: '10.0.0.5:10911',
    clusterName: 'DefaultCluster',
    haServerAddr: '10.0.0.5:10912',
    brokerId: 0,
    compressed: true,
    bodyCrc32: -123456,
  });
  assert.equal(ResetOffsetRequestHeader.decode({ topic: 't', group: 'g', timestamp: '1', isForce: 'yes' }).isForce, false);
  assert.equal(GetConsumeStatsInBrokerHeader.decode({ isOrder: 'true' }).isOrder, true);
});

test('malformed or overflowing numbers are refused with HeaderFieldError', () => {
  const pull = {
    consumerGroup: 'g',
    topic: 't',
    queueId: '0',
    queueOffset: '0',
    maxMsgNums: '32',
    sysFlag: '2',
    commitOffset: '0',
    suspendTimeoutMillis: '15000',
    subVersion: '0',
  };
  assert.equal(PullMessageRequestHeader.decode(pull).maxMsgNums, 32);
  for (const [field, text] of [
    ['queueId', '2147483648'],
    ['queueId', '1.5'],
    ['queueId', ''],
    ['queueOffset', '9007199254740992'],
    ['queueOffset', '0x10'],
    ['commitOffset', 'abc'],
  ] as const) {
    assert.throws(
      () => PullMessageRequestHeader.decode({ ...pull, [field]: text }),
      (err: unknown) => err instanceof HeaderFieldError && err.field === field,
      `${field}=${text}`,
    );
  }
});

test('a time bound takes any Java long: Long.MAX_VALUE ("no end") is held at the largest safe integer', () => {
  const query = { topic: 't', key: 'k', maxNum: '32', beginTimestamp: '0', endTimestamp: '9223372036854775807' };
  assert.deepEqual(
    [QueryMessageRequestHeader.decode(query).endTimestamp, QueryMessageRequestHeader.decode({ ...query, beginTimestamp: '-9223372036854775808' }).beginTimestamp],
    [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
  );
  assert.equal(QueryMessageRequestHeader.decode({ ...query, endTimestamp: '1700000000000' }).endTimestamp, 1700000000000);
  for (const text of ['92233720368547758070', '1e3', 'soon']) {
    assert.throws(() => QueryMessageRequestHeader.decode({ ...query, endTimestamp: text }), (err: unknown) => err instanceof HeaderFieldError && err.field === 'endTimestamp', text);
  }
});

test('encode writes decimal strings and "true"/"false", omitting undefined fields', () => {
  assert.deepEqual(ConsumerSendMsgBackRequestHeader.encode({ offset: 1234567890123, group: 'G', delayLevel: 0, unitMode: false }), {
    offset: '1234567890123',
    group: 'G',
    delayLevel: '0',
    unitMode: 'false',
  });
});

test('send header V2 keys map to V1 names and back', () => {
  const v2ext = { a: 'PG', b: 'T', c: 'TBW102', d: '4', e: '3', f: '0', g: '1700000000000', h: '0', i: 'TAGS\u0001x\u0002', k: 'false', l: '16', m: 'true' };
  const v2 = SendMessageRequestHeaderV2.decode(v2ext);
  const v1 = sendHeaderV2ToV1(v2);
  assert.deepEqual(v1, {
    producerGroup: 'PG',
    topic: 'T',
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: 3,
    sysFlag: 0,
    bornTimestamp: 1700000000000,
    flag: 0,
    properties: 'TAGS\u0001x\u0002',
    unitMode: false,
    maxReconsumeTimes: 16,
    batch: true,
  });
  assert.deepEqual(sendHeaderV1ToV2(v1), v2);
  assert.deepEqual(SendMessageRequestHeaderV2.encode(sendHeaderV1ToV2(SendMessageRequestHeader.decode(SendMessageRequestHeader.encode(v1)))), v2ext);
  // The name table agrees with the declarations on both sides.
  for (const [short, long] of Object.entries(sendHeaderV2ToV1Names)) {
    assert.ok(short in SendMessageRequestHeaderV2.fields && long in SendMessageRequestHeader.fields, short);
    assert.equal(
      SendMessageRequestHeaderV2.fields[short as keyof typeof SendMessageRequestHeaderV2.fields],
      SendMessageRequestHeader.fields[long],
      `${short} and ${long} have the same kind and requiredness`,
    );
  }
});

test('request and response codes have names', () => {
  assert.equal(RequestCode.GET_ROUTEINFO_BY_TOPIC, 105);
  assert.equal(requestCodeName(310), 'SEND_MESSAGE_V2');
  assert.equal(requestCodeName(200050), 'POP_MESSAGE');
  assert.equal(requestCodeName(9999), 'UNKNOWN(9999)');
  assert.equal(ResponseCode.TOPIC_NOT_EXIST, 17);
  assert.equal(new Set(Object.values(RequestCode)).size, Object.keys(RequestCode).length, 'codes are unique');
});
