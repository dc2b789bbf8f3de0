// The server can call the client back on the connection a request came on (the broker does so
// with NOTIFY_CONSUMER_IDS_CHANGED and CHECK_TRANSACTION_STATE); the client answers with its
// own processors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { RemotingClient } from '../../../src/remoting/net/remoting-client.js';
import { RemotingServer } from '../../../src/remoting/net/remoting-server.js';

const askBackCode = 7;

test('server invoke and invokeOneway reach the client over the same connection', async () => {
  const server = new RemotingServer({ host: '127.0.0.1' });
  server.registerProcessor(askBackCode, async (request, { connection }) => {
    await connection.invokeOneway(createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, { extFields: { consumerGroup: 'g' } }));
    const answer = await connection.invoke(createRequest(RequestCode.CHECK_TRANSACTION_STATE, { extFields: { tranStateTableOffset: '42' } }), 3000);
    return createResponse(request, ResponseCode.SUCCESS, { remark: `client said ${answer.remark}` });
  });
  const { port } = await server.listen();
  const client = new RemotingClient();
  const notified: string[] = [];
  client.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (request) => {
    notified.push(request.extFields?.consumerGroup ?? '');
    return createResponse(request, ResponseCode.SUCCESS); // oneway: must not be sent
  });
  client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (request) =>
    createResponse(request, ResponseCode.SUCCESS, { remark: `offset ${request.extFields?.tranStateTableOffset}` }),
  );
  try {
    const response = await client.invoke(`127.0.0.1:${port}`, createRequest(askBackCode), 3000);
    assert.equal(response.remark, 'client said offset 42');
    assert.deepEqual(notified, ['g']);
    assert.equal(server.connections.size, 1, 'no second connection was opened');
    assert.equal([...server.connections][0]!.pendingRequests, 0);
  } finally {
    client.close();
    await server.close();
  }
});
