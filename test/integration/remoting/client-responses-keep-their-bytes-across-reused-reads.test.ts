// The client's socket reads into one reused buffer. Responses of every size (many per read, one
// spanning hundreds of reads) must still hold their own bytes once later reads have overwritten
// that buffer: every response kept until all calls are done equals what the server sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { SerializeType, createRequest, createResponse, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { readBufferBytes } from '../../../src/remoting/net/connection.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';
import { Random } from '../../unit/remoting/protocol/random-commands.js';

const echoCode = 902;
const seed = 77001;

test('responses kept after later reads hold their own bytes, small and spanning many reads', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(echoCode, (request) =>
    createResponse(request, ResponseCode.SUCCESS, { extFields: { n: request.extFields!.n! }, body: request.body }),
  );
  const { port } = await server.listen();
  const addr = `127.0.0.1:${port}`;
  const client = new RemotingClient();
  const r = new Random(seed);
  try {
    const sizes = Array.from({ length: 300 }, () => (r.chance(0.2) ? 0 : r.int(1, 3000)));
    sizes.push(readBufferBytes * 80 + 17, readBufferBytes - 3, readBufferBytes + 1);
    const bodies = sizes.map((size) => (size === 0 ? undefined : r.bytes(size)));
    const responses: RemotingCommand[] = await Promise.all(
      bodies.map((body, n) =>
        client.invoke(
          addr,
          createRequest(echoCode, { serializeType: n % 2 === 0 ? SerializeType.ROCKETMQ : SerializeType.JSON, extFields: { n: String(n) }, body }),
          10_000,
        ),
      ),
    );
    // More traffic through the same read buffer before looking at the kept responses.
    await client.invoke(addr, createRequest(echoCode, { extFields: { n: 'last' }, body: Buffer.alloc(readBufferBytes * 2, 0xee) }), 10_000);
    responses.forEach((response, n) => {
      assert.equal(response.extFields?.n, String(n), `seed ${seed}`);
      const body = bodies[n];
      if (body === undefined) assert.equal(response.body, undefined, `seed ${seed}, response ${n}`);
      else assert.ok(response.body?.equals(body), `seed ${seed}, response ${n} of ${body.length} bytes`);
    });
  } finally {
    client.close();
    await server.close();
  }
});
