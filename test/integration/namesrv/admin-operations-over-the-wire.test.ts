import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import {
  AddWritePermOfBrokerResponseHeader,
  QueryDataVersionResponseHeader,
  RequestCode,
  WipeWritePermOfBrokerResponseHeader,
  decodeDataVersion,
  decodeTopicRouteData,
  encodeDataVersion,
} from '../../../src/remoting/protocol/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

test('wipe and add write permission, delete a topic, and query a data version', async () => {
  await using namesrv = await startNameServer();
  const client = new RemotingClient();
  const call = (cmd: ReturnType<typeof request>) => client.invoke(namesrv.address, cmd, callTimeoutMs);
  const permOf = async (topic: string) => decodeTopicRouteData((await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }))).body!).queueDatas[0]?.perm;
  try {
    const [t1, t2] = [freshTopic(), freshTopic()];
    const dataVersion = { timestamp: 1_700_000_000_000, counter: 5 };
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(t1), topicConfig(t2)], dataVersion };
    await call(registerBrokerRequest(fake));

    const wiped = await call(request(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' }));
    assert.equal(WipeWritePermOfBrokerResponseHeader.decode(wiped.extFields).wipeTopicCount, 2);
    assert.equal(await permOf(t1), 4);
    const added = await call(request(RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' }));
    assert.equal(AddWritePermOfBrokerResponseHeader.decode(added.extFields).addTopicCount, 2);
    assert.equal(await permOf(t1), 6);

    assert.equal((await call(request(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: t1 }))).code, ResponseCode.SUCCESS);
    assert.equal((await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: t1 }))).code, ResponseCode.TOPIC_NOT_EXIST);

    const header = { clusterName: 'C1', brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', brokerId: '0' };
    const same = await call(request(RequestCode.QUERY_DATA_VERSION, header, encodeDataVersion(dataVersion)));
    assert.equal(QueryDataVersionResponseHeader.decode(same.extFields).changed, false);
    assert.deepEqual(decodeDataVersion(same.body!), dataVersion);
    const newer = await call(request(RequestCode.QUERY_DATA_VERSION, header, encodeDataVersion({ ...dataVersion, counter: 6 })));
    assert.equal(QueryDataVersionResponseHeader.decode(newer.extFields).changed, true);
  } finally {
    client.close();
  }
});
