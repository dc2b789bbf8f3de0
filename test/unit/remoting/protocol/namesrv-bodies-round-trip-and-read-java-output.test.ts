// The NameServer's bodies: a Java-written TopicRouteData (codes.md §6) is read, our output is
// standard JSON, and KVTable, TopicConfigSerializeWrapper, RegisterBrokerBody (JSON and
// compressed), ClusterInfo, TopicList and DataVersion survive a round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { BodyFormatError } from '../../../../src/remoting/protocol/errors.js';
import {
  decodeClusterInfo,
  decodeDataVersion,
  decodeKVTable,
  decodeRegisterBrokerBody,
  decodeTopicConfigSerializeWrapper,
  decodeTopicList,
  decodeTopicRouteData,
  encodeClusterInfo,
  encodeDataVersion,
  encodeKVTable,
  encodeRegisterBrokerBody,
  encodeTopicConfigSerializeWrapper,
  encodeTopicList,
  encodeTopicRouteData,
  type RegisterBrokerBody,
  type TopicConfigSerializeWrapper,
} from '../../../../src/remoting/protocol/index.js';

const javaRoute =
  '{"brokerDatas":[{"brokerAddrs":{0:"10.0.0.5:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}';

test('the TopicRouteData example of codes.md is read, and written back in standard JSON', () => {
  const route = decodeTopicRouteData(Buffer.from(javaRoute));
  assert.deepEqual(route, {
    queueDatas: [{ brokerName: 'broker-a', perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }],
    brokerDatas: [{ cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: new Map([[0, '10.0.0.5:10911']]) }],
    filterServerTable: new Map(),
  });
  const out = encodeTopicRouteData(route).toString();
  assert.equal(out, javaRoute.replace('{0:', '{"0":'));
  assert.deepEqual(JSON.parse(out).brokerDatas[0].brokerAddrs, { 0: '10.0.0.5:10911' });
  assert.deepEqual(decodeTopicRouteData(out), route);
});

test('TopicRouteData keeps orderTopicConf, 5.x broker fields and filter servers; ignores unknown keys', () => {
  const route = decodeTopicRouteData(
    '{"orderTopicConf":"broker-a:4","brokerDatas":[{"brokerAddrs":{"0":"a:1","1":"b:1"},"brokerName":"broker-a","cluster":"C","enableActingMaster":false,"zoneName":"z"}],' +
      '"filterServerTable":{"a:1":["f:1"]},"queueDatas":[],"topicQueueMappingByBroker":{"x":{}}}',
  );
  assert.equal(route.orderTopicConf, 'broker-a:4');
  assert.deepEqual(route.brokerDatas[0]?.brokerAddrs, new Map([[0, 'a:1'], [1, 'b:1']]));
  assert.equal(route.brokerDatas[0]?.zoneName, 'z');
  assert.deepEqual(route.filterServerTable, new Map([['a:1', ['f:1']]]));
  assert.deepEqual(decodeTopicRouteData(encodeTopicRouteData(route)), route);
});

test('KVTable round trip', () => {
  const kv = { table: new Map([['b', '2'], ['a', 'x y'], ['__proto__', 'p']]) };
  const text = encodeKVTable(kv).toString();
  assert.equal(text, '{"table":{"__proto__":"p","a":"x y","b":"2"}}');
  assert.deepEqual(decodeKVTable(Buffer.from(text)), kv);
});

const wrapper: TopicConfigSerializeWrapper = {
  topicConfigTable: new Map([
    ['TopicTest', { topicName: 'TopicTest', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false }],
    [
      '%RETRY%G1',
      { topicName: '%RETRY%G1', readQueueNums: 1, writeQueueNums: 1, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false, attributes: new Map([['+message.type', 'NORMAL']]) },
    ],
  ]),
  dataVersion: { timestamp: 1700000000000, counter: 7 },
};

test('TopicConfigSerializeWrapper round trip, written like Java', () => {
  const text = encodeTopicConfigSerializeWrapper(wrapper).toString();
  assert.ok(text.startsWith('{"dataVersion":{"counter":7,"timestamp":1700000000000},"topicConfigTable":{"%RETRY%G1":{"attributes":{"+message.type":"NORMAL"},"order":false,'), text);
  assert.deepEqual(decodeTopicConfigSerializeWrapper(text), wrapper);
});

test('TopicConfig fields missing on input take Java defaults', () => {
  const w = decodeTopicConfigSerializeWrapper('{"topicConfigTable":{"T":{"topicName":"T","extra":[1]}}}');
  assert.deepEqual(w.topicConfigTable.get('T'), {
    topicName: 'T', readQueueNums: 16, writeQueueNums: 16, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false,
  });
  assert.deepEqual(w.dataVersion, { timestamp: 0, counter: 0 });
});

test('RegisterBrokerBody in JSON and compressed forms', () => {
  const body: RegisterBrokerBody = { topicConfigSerializeWrapper: wrapper, filterServerList: ['10.0.0.9:30000'] };
  assert.deepEqual(decodeRegisterBrokerBody(encodeRegisterBrokerBody(body)), body);
  const compressed = encodeRegisterBrokerBody(body, { compressed: true });
  assert.equal(compressed[0], 0x78, 'zlib stream header, as Java DeflaterOutputStream writes');
  assert.deepEqual(decodeRegisterBrokerBody(compressed, { compressed: true }), body);
});

test('a compressed RegisterBrokerBody built by hand like Java is read; damaged ones are BodyFormatError', () => {
  const section = (text: string) => {
    const b = Buffer.from(text);
    const len = Buffer.alloc(4);
    len.writeInt32BE(b.length);
    return [len, b];
  };
  const count = Buffer.alloc(4);
  count.writeInt32BE(1);
  const plain = Buffer.concat([...section('{"counter":2,"timestamp":5}'), count, ...section('T 8 8 6 MULTI_TAG'), ...section('[]')]);
  const body = decodeRegisterBrokerBody(deflateSync(plain), { compressed: true });
  assert.deepEqual(body.topicConfigSerializeWrapper.topicConfigTable.get('T'), {
    topicName: 'T', readQueueNums: 8, writeQueueNums: 8, perm: 6, topicFilterType: 'MULTI_TAG', topicSysFlag: 0, order: false,
  });
  assert.deepEqual(body.topicConfigSerializeWrapper.dataVersion, { timestamp: 5, counter: 2 });
  for (const damaged of [plain.subarray(0, plain.length - 3), Buffer.concat([plain.subarray(0, 31), Buffer.from('T x 8 6 A')]), Buffer.alloc(2)]) {
    assert.throws(() => decodeRegisterBrokerBody(deflateSync(damaged), { compressed: true }), BodyFormatError);
  }
  assert.throws(() => decodeRegisterBrokerBody(Buffer.from('not zlib'), { compressed: true }), BodyFormatError);
});

test('ClusterInfo, TopicList and DataVersion round trips', () => {
  const info = {
    brokerAddrTable: new Map([['broker-a', { cluster: 'C', brokerName: 'broker-a', brokerAddrs: new Map([[0, 'a:1']]) }]]),
    clusterAddrTable: new Map([['C', ['broker-a']]]),
  };
  const text = encodeClusterInfo(info).toString();
  assert.equal(text, '{"brokerAddrTable":{"broker-a":{"brokerAddrs":{"0":"a:1"},"brokerName":"broker-a","cluster":"C"}},"clusterAddrTable":{"C":["broker-a"]}}');
  assert.deepEqual(decodeClusterInfo(text.replace('{"0":', '{0:')), info);
  const list = { topicList: ['T1', 'T2'], brokerAddr: 'a:1' };
  assert.deepEqual(decodeTopicList(encodeTopicList(list)), list);
  assert.deepEqual(decodeTopicList(encodeTopicList({ topicList: [] })), { topicList: [] });
  const dv = { timestamp: 1, counter: 2, stateVersion: 3 };
  assert.equal(encodeDataVersion(dv).toString(), '{"counter":2,"stateVersion":3,"timestamp":1}');
  assert.deepEqual(decodeDataVersion(encodeDataVersion(dv)), dv);
});

test('wrong shapes are BodyFormatError', () => {
  for (const text of ['[]', '{"queueDatas":{}}', '{"queueDatas":[{"perm":6}]}', '{"brokerDatas":[{"brokerName":"b","brokerAddrs":{"x":"a"}}]}', '{"queueDatas":[{"brokerName":"b","perm":18446744073709551616}]}']) {
    assert.throws(() => decodeTopicRouteData(text), BodyFormatError, text);
  }
});
