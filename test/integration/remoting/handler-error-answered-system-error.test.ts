// A processor that throws (or rejects, or meets a bad header field) is answered SYSTEM_ERROR with
// the error text as remark; the connection stays open for the next call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { HeaderFieldError } from '../../../src/remoting/protocol/errors.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';

test('throw, rejection and HeaderFieldError each answer code 1 with the message; the connection survives', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(1, () => {
    throw new Error('store is on fire');
  });
  server.registerProcessor(2, async () => {
    throw new Error('later fire');
  });
  server.registerProcessor(3, () => {
    throw HeaderFieldError.missing('topic');
  });
  server.registerProcessor(4, (request) => createResponse(request, ResponseCode.SUCCESS, { remark: 'fine' }));
  const { port } = await server.listen();
  const addr = `127.0.0.1:${port}`;
  const client = new RemotingClient();
  try {
    const cases: [number, string][] = [
      [1, 'store is on fire'],
      [2, 'later fire'],
      [3, 'the custom field <topic> is null'],
    ];
    for (const [code, remark] of cases) {
      const response = await client.invoke(addr, createRequest(code), 3000);
      assert.equal(response.code, ResponseCode.SYSTEM_ERROR);
      assert.equal(response.remark, remark);
    }
    const connection = client.connectionOf(addr);
    const ok = await client.invoke(addr, createRequest(4), 3000);
    assert.equal(ok.remark, 'fine');
    assert.equal(client.connectionOf(addr), connection, 'same connection after the errors');
    assert.equal(server.connections.size, 1);
  } finally {
    client.close();
    await server.close();
  }
});
