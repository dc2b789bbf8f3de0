// A connection that carries no bytes either way for idleTimeoutMs is closed by the server; the
// client opens a new one on its next call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import type { Connection } from '../../../src/remoting/net/connection.js';
import { IdleTimeoutError } from '../../../src/remoting/net/errors.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';

const idleTimeoutMs = 150;

test('the server closes an idle connection and the client reconnects on its next call', async () => {
  const server = new RemotingServer({ host: '127.0.0.1', idleTimeoutMs });
  server.registerProcessor(1, (request) => createResponse(request, ResponseCode.SUCCESS));
  const { port } = await server.listen();
  const addr = `127.0.0.1:${port}`;
  const client = new RemotingClient();
  try {
    const closed = once(server, 'connectionClose') as Promise<[Connection, Error | undefined]>;
    const started = Date.now();
    await client.invoke(addr, createRequest(1), 3000);
    const first = client.connectionOf(addr);
    assert.ok(first);
    const clientSideClosed = once(first, 'close');
    const [, cause] = await closed;
    assert.ok(cause instanceof IdleTimeoutError);
    assert.equal(cause.idleTimeoutMs, idleTimeoutMs);
    assert.ok(Date.now() - started >= idleTimeoutMs - 5, 'not closed before the idle time');
    await clientSideClosed;
    assert.equal((await client.invoke(addr, createRequest(1), 3000)).code, ResponseCode.SUCCESS);
    assert.notEqual(client.connectionOf(addr), first);
  } finally {
    client.close();
    await server.close();
  }
});
