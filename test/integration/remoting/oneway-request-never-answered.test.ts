// Oneway requests (flag bit 1) are processed but never answered: not with a response, not with
// REQUEST_CODE_NOT_SUPPORTED, not with SYSTEM_ERROR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { RawPeer } from './raw-peer.js';

const answeringCode = 11;
const throwingCode = 12;
const asyncCode = 13;

test('oneway requests to a processor, an unknown code and a throwing processor get no frame back', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  const processed: string[] = [];
  server.registerProcessor(answeringCode, (request) => {
    processed.push(`answer ${request.extFields?.n}`);
    return createResponse(request, ResponseCode.SUCCESS);
  });
  server.registerProcessor(throwingCode, () => {
    processed.push('throw');
    throw new Error('boom');
  });
  server.registerProcessor(asyncCode, async (request) => {
    processed.push('async');
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const { port } = await server.listen();
  const peer = await RawPeer.connect(port);
  try {
    const normal = createRequest(answeringCode, { extFields: { n: 'normal' } });
    peer.send(
      createRequest(answeringCode, { oneway: true, extFields: { n: 'oneway' } }),
      createRequest(9999, { oneway: true }),
      createRequest(throwingCode, { oneway: true }),
      createRequest(asyncCode, { oneway: true }),
      normal,
    );
    const first = await peer.nextFrame();
    assert.equal(first.opaque, normal.opaque, 'the only answer is the normal request’s');
    assert.deepEqual(processed, ['answer oneway', 'throw', 'async', 'answer normal']);
    // The async oneway's (dropped) answer would be written after the normal one: ask once more.
    const last = createRequest(answeringCode, { extFields: { n: 'last' } });
    peer.send(last);
    assert.equal((await peer.nextFrame()).opaque, last.opaque);
    assert.equal(peer.unread, 0);
  } finally {
    peer.close();
    await server.close();
  }
});

test('client invokeOneway resolves once written and the server processes it', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  let resolveSeen: (n: string | undefined) => void = () => {};
  const seen = new Promise<string | undefined>((resolve) => (resolveSeen = resolve));
  server.registerProcessor(answeringCode, (request) => {
    resolveSeen(request.extFields?.n);
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const { port } = await server.listen();
  const client = new RemotingClient();
  try {
    const request = createRequest(answeringCode, { extFields: { n: 'x' } });
    await client.invokeOneway(`127.0.0.1:${port}`, request);
    assert.equal(request.flag & 2, 2);
    assert.equal(await seen, 'x');
    assert.equal(client.connectionOf(`127.0.0.1:${port}`)?.pendingRequests, 0);
  } finally {
    client.close();
    await server.close();
  }
});
