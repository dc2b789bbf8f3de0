import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { GetKVConfigResponseHeader, RequestCode, decodeKVTable, decodeTopicRouteData } from '../../../src/remoting/protocol/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

test('kv config: put, get, list by namespace, delete, and misses answered QUERY_NOT_FOUND', async () => {
  await using namesrv = await startNameServer();
  const admin = new RemotingClient();
  const call = (code: number, ext: Record<string, string>) => admin.invoke(namesrv.address, request(code, ext), callTimeoutMs);
  try {
    const namespace = freshTopic('ns');
    assert.equal((await call(RequestCode.PUT_KV_CONFIG, { namespace, key: 'k1', value: 'v1' })).code, ResponseCode.SUCCESS);
    assert.equal((await call(RequestCode.PUT_KV_CONFIG, { namespace, key: 'k2', value: 'v2' })).code, ResponseCode.SUCCESS);

    const got = await call(RequestCode.GET_KV_CONFIG, { namespace, key: 'k1' });
    assert.equal(got.code, ResponseCode.SUCCESS);
    assert.equal(GetKVConfigResponseHeader.decode(got.extFields).value, 'v1');

    const listed = await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace });
    assert.equal(listed.code, ResponseCode.SUCCESS);
    assert.deepEqual([...decodeKVTable(listed.body!).table].sort(), [
      ['k1', 'v1'],
      ['k2', 'v2'],
    ]);

    assert.equal((await call(RequestCode.DELETE_KV_CONFIG, { namespace, key: 'k1' })).code, ResponseCode.SUCCESS);
    const miss = await call(RequestCode.GET_KV_CONFIG, { namespace, key: 'k1' });
    assert.equal(miss.code, ResponseCode.QUERY_NOT_FOUND);
    assert.equal(miss.remark, `No config item, Namespace: ${namespace} Key: k1`);

    await call(RequestCode.DELETE_KV_CONFIG, { namespace, key: 'k2' });
    const emptyList = await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace });
    assert.equal(emptyList.code, ResponseCode.QUERY_NOT_FOUND);
    assert.equal(emptyList.remark, `No config item, Namespace: ${namespace}`);
  } finally {
    admin.close();
  }
});

test('ORDER_TOPIC_CONFIG reaches routes as orderTopicConf when orderMessageEnable, and brokers in the register answer', async () => {
  await using namesrv = await startNameServer({ orderMessageEnable: true });
  const client = new RemotingClient();
  try {
    const topic = freshTopic();
    const put = request(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: topic, value: 'broker-a:8' });
    assert.equal((await client.invoke(namesrv.address, put, callTimeoutMs)).code, ResponseCode.SUCCESS);
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    const registered = await client.invoke(namesrv.address, registerBrokerRequest(fake), callTimeoutMs);
    assert.equal(decodeKVTable(registered.body!).table.get(topic), 'broker-a:8');

    const route = await client.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
    assert.equal(decodeTopicRouteData(route.body!).orderTopicConf, 'broker-a:8');
  } finally {
    client.close();
  }
});

test('without orderMessageEnable routes carry no orderTopicConf', async () => {
  await using namesrv = await startNameServer();
  const client = new RemotingClient();
  try {
    const topic = freshTopic();
    await client.invoke(namesrv.address, request(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: topic, value: 'broker-a:8' }), callTimeoutMs);
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    await client.invoke(namesrv.address, registerBrokerRequest(fake), callTimeoutMs);
    const route = await client.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
    assert.equal(decodeTopicRouteData(route.body!).orderTopicConf, undefined);
  } finally {
    client.close();
  }
});

test('with kvConfigPath the KV config survives a NameServer restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-namesrv-kv-'));
  const kvConfigPath = join(dir, 'kvConfig.json');
  const client = new RemotingClient();
  try {
    const namespace = freshTopic('ns');
    {
      await using first = await startNameServer({ kvConfigPath });
      const put = request(RequestCode.PUT_KV_CONFIG, { namespace, key: 'k', value: 'kept' });
      assert.equal((await client.invoke(first.address, put, callTimeoutMs)).code, ResponseCode.SUCCESS);
    }
    await using second = await startNameServer({ kvConfigPath });
    const got = await client.invoke(second.address, request(RequestCode.GET_KV_CONFIG, { namespace, key: 'k' }), callTimeoutMs);
    assert.equal(GetKVConfigResponseHeader.decode(got.extFields).value, 'kept');
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
