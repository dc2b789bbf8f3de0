// Every way a client call can fail gives its own error type with the address, request code and
// timeout; the client opens a fresh connection on the next call after a close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import type { Connection } from '../../../src/remoting/net/connection.js';
import {
  RemotingConnectError,
  RemotingConnectionClosedError,
  RemotingSendError,
  RemotingTimeoutError,
} from '../../../src/remoting/net/errors.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';

const okCode = 1;
const silentCode = 2; // the processor never answers

async function startServer(): Promise<{ server: RemotingServer; addr: string; port: number }> {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(okCode, (request) => createResponse(request, ResponseCode.SUCCESS));
  server.registerProcessor(silentCode, () => new Promise(() => {}));
  const { port } = await server.listen();
  return { server, addr: `127.0.0.1:${port}`, port };
}

test('a call without an answer fails with RemotingTimeoutError and closes the socket (closeSocketIfTimeout)', async () => {
  const { server, addr } = await startServer();
  const client = new RemotingClient();
  try {
    await client.invoke(addr, createRequest(okCode), 3000);
    const connection = client.connectionOf(addr)!;
    const closed = once(connection, 'close');
    const started = Date.now();
    const error = await client.invoke(addr, createRequest(silentCode), 100).then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RemotingTimeoutError);
    assert.equal(error.addr, addr);
    assert.equal(error.requestCode, silentCode);
    assert.equal(error.timeoutMs, 100);
    assert.equal(error.retry, 'switchBroker');
    assert.ok(Date.now() - started >= 100);
    await closed;
    assert.equal((await client.invoke(addr, createRequest(okCode), 3000)).code, ResponseCode.SUCCESS);
    assert.notEqual(client.connectionOf(addr), connection);
  } finally {
    client.close();
    await server.close();
  }
});

test('with closeSocketIfTimeout false a timeout keeps the connection', async () => {
  const { server, addr } = await startServer();
  const client = new RemotingClient({ closeSocketIfTimeout: false });
  try {
    await client.invoke(addr, createRequest(okCode), 3000);
    const connection = client.connectionOf(addr);
    await assert.rejects(client.invoke(addr, createRequest(silentCode), 50), RemotingTimeoutError);
    assert.equal((await client.invoke(addr, createRequest(okCode), 3000)).code, ResponseCode.SUCCESS);
    assert.equal(client.connectionOf(addr), connection);
  } finally {
    client.close();
    await server.close();
  }
});

test('pending calls fail with RemotingConnectionClosedError when the server goes away; the next call reconnects', async () => {
  const { server, addr } = await startServer();
  const client = new RemotingClient();
  try {
    const accepted = once(server, 'connection') as Promise<[Connection]>;
    const pending = [1, 2, 3].map(() => client.invoke(addr, createRequest(silentCode), 10_000));
    const [serverSide] = await accepted;
    // Wait until the server has read the three requests: its side closes while they are in flight.
    await client.invoke(addr, createRequest(okCode), 3000);
    serverSide.close();
    for (const call of pending) {
      const error = await call.then(
        () => assert.fail('answered'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof RemotingConnectionClosedError, String(error));
      assert.equal(error.requestCode, silentCode);
      assert.equal(error.addr, addr);
    }
    const reconnected = once(server, 'connection');
    assert.equal((await client.invoke(addr, createRequest(okCode), 3000)).code, ResponseCode.SUCCESS);
    await reconnected;
  } finally {
    client.close();
    await server.close();
  }
});

test('a call to a closed port fails with RemotingConnectError', async () => {
  const { server, addr } = await startServer();
  await server.close();
  const client = new RemotingClient();
  try {
    const error = await client.invoke(addr, createRequest(okCode), 3000).then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RemotingConnectError, String(error));
    assert.equal(error.addr, addr);
    assert.equal(error.requestCode, okCode);
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    assert.equal(client.connectionOf(addr), undefined, 'the failed connection is forgotten');
    const oneway = await client.invokeOneway(addr, createRequest(okCode)).then(
      () => assert.fail('written'),
      (e: unknown) => e,
    );
    assert.ok(oneway instanceof RemotingSendError, String(oneway));
  } finally {
    client.close();
  }
});

test('client close fails pending calls and refuses new ones', async () => {
  const { server, addr } = await startServer();
  const client = new RemotingClient();
  try {
    const pending = client.invoke(addr, createRequest(silentCode), 10_000);
    await client.invoke(addr, createRequest(okCode), 3000);
    client.close();
    await assert.rejects(pending, RemotingConnectionClosedError);
    await assert.rejects(client.invoke(addr, createRequest(okCode), 3000), RemotingSendError);
  } finally {
    await server.close();
  }
});

test('a malformed address is refused with InvalidArgumentError', async () => {
  const client = new RemotingClient();
  await assert.rejects(client.invoke('nowhere', createRequest(okCode), 1000), InvalidArgumentError);
  client.close();
});

test('IPv6 loopback "[::1]:port" works where the host has IPv6', async (t) => {
  const server = new RemotingServer({ host: '::1' });
  server.registerProcessor(okCode, (request) => createResponse(request, ResponseCode.SUCCESS));
  let port: number;
  try {
    ({ port } = await server.listen());
  } catch {
    t.skip('no IPv6 loopback here');
    return;
  }
  const client = new RemotingClient();
  try {
    assert.equal((await client.invoke(`[::1]:${port}`, createRequest(okCode), 3000)).code, ResponseCode.SUCCESS);
    const [connection] = [...server.connections];
    assert.match(connection!.remoteAddress, /^\[::1\]:\d+$/);
  } finally {
    client.close();
    await server.close();
  }
});
