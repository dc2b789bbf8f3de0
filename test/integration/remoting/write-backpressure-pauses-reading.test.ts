// A peer that sends requests but does not read the answers makes the server stop reading that
// connection once its write buffer passes the high-water mark; reading resumes when the peer
// catches up, and every answer is delivered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import type { Connection } from '../../../src/remoting/net/connection.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { RawPeer } from './raw-peer.js';

const writeBufferHighWaterMarkBytes = 64 * 1024;
const responseBody = Buffer.alloc(256 * 1024, 7);
const markerCode = 2;
const requestCount = 100; // 25 MiB of answers: more than loopback's socket buffers hold

test('server pauses reading a connection whose peer does not read, and resumes after it reads', async () => {
  const server = new RemotingServer({ host: '127.0.0.1', writeBufferHighWaterMarkBytes });
  let handled = 0;
  const order: string[] = [];
  server.registerProcessor(1, (request) => {
    handled++;
    return createResponse(request, ResponseCode.SUCCESS, { body: responseBody });
  });
  server.registerProcessor(markerCode, (request) => {
    order.push('marker handled');
    return createResponse(request, ResponseCode.SUCCESS);
  });
  const { port } = await server.listen();
  const accepted = once(server, 'connection') as Promise<[Connection]>;
  const peer = await RawPeer.connect(port);
  try {
    peer.socket.pause();
    const [connection] = await accepted;
    const paused = once(connection, 'readPause');
    peer.send(...Array.from({ length: requestCount }, () => createRequest(1)));
    await paused;
    // Sent while the server is not reading: it must stay unread until the peer catches up.
    peer.send(createRequest(markerCode));
    connection.once('readResume', () => order.push('read resumed'));
    peer.socket.resume();
    for (let i = 0; i < requestCount; i++) {
      const response = await peer.nextFrame();
      assert.equal(response.body?.length, responseBody.length);
    }
    assert.equal((await peer.nextFrame()).body, undefined, 'the marker answer comes last');
    assert.deepEqual(order, ['read resumed', 'marker handled']);
    assert.equal(handled, requestCount);
  } finally {
    peer.close();
    await server.close();
  }
});
