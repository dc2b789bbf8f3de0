// A response whose opaque matches no pending request is dropped; the connection carries on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { RawPeer } from './raw-peer.js';

test('a stray response is ignored and the next request on the connection is answered', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(1, (request) => createResponse(request, ResponseCode.SUCCESS));
  const { port } = await server.listen();
  const peer = await RawPeer.connect(port);
  try {
    const stray = createResponse(createRequest(1), ResponseCode.SUCCESS);
    const request = createRequest(1);
    peer.send(stray, request);
    const answer = await peer.nextFrame();
    assert.equal(answer.opaque, request.opaque);
    assert.equal(peer.unread, 0);
    assert.equal(server.connections.size, 1);
  } finally {
    peer.close();
    await server.close();
  }
});
