// A seeded storm of hostile requests (hostile-request-storm.ts) against one NameServer: every
// request is answered, and a broker's route and a KV config entry made before the storm are
// still served after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { GetKVConfigResponseHeader, RequestCode, decodeTopicRouteData, type RemotingCommand } from '../../../src/remoting/protocol/index.js';
import { hostileRequestStorm, servedCodes, stormSeed as seed } from '../hostile-request-storm.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

test('a seeded storm of hostile requests of every code the NameServer serves is answered, and routes and KV config survive it', async () => {
  await using namesrv = await startNameServer();
  const broker = new RemotingClient();
  const client = new RemotingClient();
  const call = (cmd: RemotingCommand) => client.invoke(namesrv.address, cmd, callTimeoutMs);
  try {
    // Names the storm never uses, so no request of it can delete or change them.
    const kept = freshTopic('Kept');
    const namespace = freshTopic('ns');
    const registered = await broker.invoke(
      namesrv.address,
      registerBrokerRequest({ clusterName: 'C1', brokerName: 'broker-kept', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(kept, 4)] }),
      callTimeoutMs,
    );
    assert.equal(registered.code, ResponseCode.SUCCESS, registered.remark);
    assert.equal((await call(request(RequestCode.PUT_KV_CONFIG, { namespace, key: 'k', value: 'v' }))).code, ResponseCode.SUCCESS);

    const served = await servedCodes(call);
    assert.ok(served.includes(RequestCode.REGISTER_BROKER) && served.includes(RequestCode.GET_ROUTEINFO_BY_TOPIC), `served: ${served.join(', ')}`);
    const answered = await hostileRequestStorm(call, served, { seed, requestsPerCode: 64, topic: freshTopic('Hostile'), group: 'hostile_group' });
    assert.ok((answered.get(ResponseCode.SUCCESS) ?? 0) > 0, `seed ${seed}: no request succeeded: ${JSON.stringify([...answered])}`);

    const route = await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: kept }));
    assert.equal(route.code, ResponseCode.SUCCESS, route.remark);
    assert.deepEqual(
      decodeTopicRouteData(route.body!).brokerDatas.map((d) => [d.brokerName, d.brokerAddrs.get(0)]),
      [['broker-kept', '127.0.0.1:10911']],
    );
    const value = await call(request(RequestCode.GET_KV_CONFIG, { namespace, key: 'k' }));
    assert.equal(GetKVConfigResponseHeader.decode(value.extFields).value, 'v');
  } finally {
    broker.close();
    client.close();
  }
});
