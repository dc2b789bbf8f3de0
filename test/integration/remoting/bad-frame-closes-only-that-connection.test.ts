// A hostile frame (over frameSizeMax, a header length beyond the frame, a TLS handshake) closes
// the connection that sent it, with the ProtocolError as the reason; other connections keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { ProtocolError } from '../../../src/remoting/protocol/errors.js';
import type { Connection } from '../../../src/remoting/net/connection.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { headerBeyondFrame, oversizeFrameStart, tlsClientHelloStart } from './hostile-frames.js';
import { RawPeer } from './raw-peer.js';

const cases: [string, () => Buffer, string][] = [
  ['a frame over frameSizeMax', oversizeFrameStart, 'frameTooLarge'],
  ['a header length beyond the frame', headerBeyondFrame, 'badHeaderLength'],
  ['a TLS ClientHello', tlsClientHelloStart, 'tlsNotSupported'],
];

for (const [name, hostile, reason] of cases) {
  test(`${name} closes that connection only`, async () => {
    const server = new RemotingServer({ host: '127.0.0.1' });
    server.registerProcessor(1, (request) => createResponse(request, ResponseCode.SUCCESS));
    const { port } = await server.listen();
    const addr = `127.0.0.1:${port}`;
    const client = new RemotingClient();
    try {
      assert.equal((await client.invoke(addr, createRequest(1), 3000)).code, ResponseCode.SUCCESS);
      const closed = once(server, 'connectionClose') as Promise<[Connection, Error | undefined]>;
      const peer = await RawPeer.connect(port);
      peer.sendBytes(hostile());
      const [, cause] = await closed;
      assert.ok(cause instanceof ProtocolError, `cause ${String(cause)}`);
      assert.equal(cause.reason, reason);
      await peer.closed;
      assert.equal((await client.invoke(addr, createRequest(1), 3000)).code, ResponseCode.SUCCESS);
      assert.equal(server.connections.size, 1, 'the client connection is still open');
    } finally {
      client.close();
      await server.close();
    }
  });
}
