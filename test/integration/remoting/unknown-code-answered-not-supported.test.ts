// A request code without a processor is answered REQUEST_CODE_NOT_SUPPORTED with RocketMQ's
// exact remark, unless a default processor is set (the NameServer's, which answers nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { FLAG_RESPONSE, SerializeType, createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { RawPeer } from './raw-peer.js';

test('unknown code: code 3, remark " request type <code> not supported", opaque echoed, response flag', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  const { port } = await server.listen();
  const peer = await RawPeer.connect(port);
  try {
    for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
      const request = createRequest(777, { serializeType });
      peer.send(request);
      const response = await peer.nextFrame();
      assert.equal(response.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
      assert.equal(response.remark, ' request type 777 not supported');
      assert.equal(response.opaque, request.opaque);
      assert.equal(response.flag, FLAG_RESPONSE);
      assert.equal(response.serializeType, serializeType);
    }
  } finally {
    peer.close();
    await server.close();
  }
});

test('a default processor that returns nothing leaves unknown codes unanswered', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  const seen: number[] = [];
  server.setDefaultProcessor((request) => {
    seen.push(request.code);
    return undefined;
  });
  server.registerProcessor(5, (request) => createResponse(request, ResponseCode.SUCCESS));
  const { port } = await server.listen();
  const peer = await RawPeer.connect(port);
  try {
    const known = createRequest(5);
    peer.send(createRequest(778), known);
    const response = await peer.nextFrame();
    assert.equal(response.opaque, known.opaque, 'the first frame back answers the known code');
    assert.deepEqual(seen, [778]);
  } finally {
    peer.close();
    await server.close();
  }
});
