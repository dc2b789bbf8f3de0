import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { RequestCode } from '../../../src/remoting/protocol/index.js';
import { callTimeoutMs, freshTopic, registerBrokerRequest, request, startNameServer, topicConfig } from './namesrv-fixtures.js';

const unknownRequestCode = 99_999;

test('unknown codes are answered REQUEST_CODE_NOT_SUPPORTED, unknown topics TOPIC_NOT_EXIST', async () => {
  await using namesrv = await startNameServer();
  const client = new RemotingClient();
  try {
    const unknown = await client.invoke(namesrv.address, request(unknownRequestCode), callTimeoutMs);
    assert.equal(unknown.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);

    const topic = freshTopic();
    const missing = await client.invoke(namesrv.address, request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), callTimeoutMs);
    assert.equal(missing.code, ResponseCode.TOPIC_NOT_EXIST);
    assert.ok(missing.remark?.startsWith(`No topic route info in name server for the topic: ${topic}`), missing.remark);
  } finally {
    client.close();
  }
});

test('malformed headers and bodies get SYSTEM_ERROR and the server keeps serving the same connection', async () => {
  await using namesrv = await startNameServer();
  const client = new RemotingClient();
  const call = (cmd: ReturnType<typeof request>) => client.invoke(namesrv.address, cmd, callTimeoutMs);
  try {
    const topic = freshTopic();
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };

    const noTopic = await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, {}));
    assert.equal(noTopic.code, ResponseCode.SYSTEM_ERROR);
    assert.match(noTopic.remark ?? '', /topic/);

    const badRegister = registerBrokerRequest(fake);
    badRegister.extFields = { ...badRegister.extFields, brokerId: 'zero' };
    const badId = await call(badRegister);
    assert.equal(badId.code, ResponseCode.SYSTEM_ERROR);
    assert.match(badId.remark ?? '', /brokerId/);

    const badBody = await call({ ...registerBrokerRequest(fake), body: Buffer.from('{"topicConfigSerializeWrapper":') });
    assert.equal(badBody.code, ResponseCode.SYSTEM_ERROR);

    const badCompressed = registerBrokerRequest(fake);
    badCompressed.extFields = { ...badCompressed.extFields, compressed: 'true' };
    assert.equal((await call(badCompressed)).code, ResponseCode.SYSTEM_ERROR, 'a JSON body announced as compressed');

    const noVersionBody = request(RequestCode.QUERY_DATA_VERSION, { clusterName: 'C1', brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', brokerId: '0' });
    assert.equal((await call(noVersionBody)).code, ResponseCode.SYSTEM_ERROR);

    const wrongCrc = await call(registerBrokerRequest(fake, { bodyCrc32: 12345 }));
    assert.equal(wrongCrc.code, ResponseCode.SYSTEM_ERROR);
    assert.equal(wrongCrc.remark, 'crc32 not match');

    const routeBefore = await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }));
    assert.equal(routeBefore.code, ResponseCode.TOPIC_NOT_EXIST, 'no refused registration left a trace');
    assert.equal((await call(registerBrokerRequest(fake))).code, ResponseCode.SUCCESS, 'the same connection still works');
    assert.equal((await call(request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }))).code, ResponseCode.SUCCESS);
    assert.equal(namesrv.registry.allTopics().length, 1);
  } finally {
    client.close();
  }
});

test('a body with a matching bodyCrc32 (CRC-32 with the sign bit cleared) is accepted', async () => {
  await using namesrv = await startNameServer();
  const client = new RemotingClient();
  try {
    const { crc32 } = await import('node:zlib');
    const topic = freshTopic();
    const fake = { clusterName: 'C1', brokerName: 'broker-a', brokerId: 0, brokerAddr: '127.0.0.1:10911', topics: [topicConfig(topic)] };
    const body = registerBrokerRequest(fake).body!;
    const answer = await client.invoke(namesrv.address, registerBrokerRequest(fake, { bodyCrc32: crc32(body) & 0x7fffffff }), callTimeoutMs);
    assert.equal(answer.code, ResponseCode.SUCCESS);
  } finally {
    client.close();
  }
});
