// A request reaches its processor and the response comes back to the caller, in the request's
// serialize type, with concurrent calls matched to their own responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { SerializeType, createRequest, createResponse, isResponse } from '../../../src/remoting/protocol/command.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';

const echoCode = 901;

async function startEchoServer(): Promise<{ server: RemotingServer; addr: string }> {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(echoCode, (request) =>
    createResponse(request, ResponseCode.SUCCESS, {
      remark: `echo ${request.extFields?.n ?? ''}`,
      extFields: { n: request.extFields?.n ?? '', type: String(request.serializeType) },
      body: request.body,
    }),
  );
  const { port } = await server.listen();
  return { server, addr: `127.0.0.1:${port}` };
}

for (const [name, serializeType] of Object.entries(SerializeType)) {
  test(`round trip with a ${name} header: response in the request's serialize type`, async () => {
    const { server, addr } = await startEchoServer();
    const client = new RemotingClient();
    try {
      const body = Buffer.from('hello body');
      const request = createRequest(echoCode, { serializeType, extFields: { n: '7' }, body });
      const response = await client.invoke(addr, request, 3000);
      assert.equal(response.code, ResponseCode.SUCCESS);
      assert.equal(response.opaque, request.opaque);
      assert.ok(isResponse(response));
      assert.equal(response.serializeType, serializeType);
      assert.equal(response.extFields?.type, String(serializeType), 'server saw the request in its own type');
      assert.equal(response.remark, 'echo 7');
      assert.deepEqual(response.body, body);
    } finally {
      client.close();
      await server.close();
    }
  });
}

test('many concurrent calls on one connection each get their own response', async () => {
  const { server, addr } = await startEchoServer();
  const client = new RemotingClient();
  try {
    const calls = Array.from({ length: 2000 }, (_, i) =>
      client.invoke(
        addr,
        createRequest(echoCode, {
          serializeType: i % 2 === 0 ? SerializeType.JSON : SerializeType.ROCKETMQ,
          extFields: { n: String(i) },
          body: Buffer.alloc(i % 300, i % 251),
        }),
        10_000,
      ),
    );
    const responses = await Promise.all(calls);
    responses.forEach((response, i) => {
      assert.equal(response.extFields?.n, String(i));
      assert.equal(response.body?.length ?? 0, i % 300);
      if (i % 300 > 0) assert.equal(response.body?.[0], i % 251);
    });
    assert.equal(server.connections.size, 1, 'one connection per address');
  } finally {
    client.close();
    await server.close();
  }
});

test('invokeAsync delivers the response to its callback', async () => {
  const { server, addr } = await startEchoServer();
  const client = new RemotingClient();
  try {
    const response = await new Promise((resolve, reject) =>
      client.invokeAsync(addr, createRequest(echoCode, { extFields: { n: 'a' } }), 3000, (error, res) =>
        error ? reject(error) : resolve(res),
      ),
    );
    assert.equal((response as { remark?: string }).remark, 'echo a');
  } finally {
    client.close();
    await server.close();
  }
});
