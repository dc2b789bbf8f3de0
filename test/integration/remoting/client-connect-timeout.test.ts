// A connect that does not complete within connectTimeoutMs fails the calls waiting on it with
// RemotingConnectError (cause ConnectTimeoutError). The unresponsive peer is a child process that
// listens with a backlog of 1 and never accepts: once two handshakes fill its accept queue, the
// kernel drops further SYNs and a connect hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { ConnectTimeoutError, RemotingConnectError } from '../../../src/remoting/net/errors.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';

const neverAccepting = `
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30000));
});
`;

test('a connect that hangs fails pending calls with RemotingConnectError after connectTimeoutMs', async () => {
  const peer = spawn(process.execPath, ['-e', neverAccepting], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fillers: Socket[] = [];
  const client = new RemotingClient({ connectTimeoutMs: 200 });
  try {
    const [portLine] = (await once(peer.stdout, 'data')) as [Buffer];
    const port = Number(portLine.toString().trim());
    for (let i = 0; i < 2; i++) {
      const socket = connect({ host: '127.0.0.1', port });
      fillers.push(socket);
      await once(socket, 'connect');
    }
    const addr = `127.0.0.1:${port}`;
    const started = Date.now();
    const error = await client.invoke(addr, createRequest(1), 10_000).then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RemotingConnectError, String(error));
    assert.ok(error.cause instanceof ConnectTimeoutError, String(error.cause));
    assert.equal(error.cause.timeoutMs, 200);
    assert.ok(Date.now() - started >= 200);
    assert.equal(client.connectionOf(addr), undefined);
  } finally {
    client.close();
    for (const socket of fillers) socket.destroy();
    peer.kill();
  }
});
