// CHECK_CLIENT_CONFIG, as a Java push consumer sends it before starting with a non-TAG
// subscription: the broker accepts a TAG subscription (and a body without one) and refuses SQL92
// with RocketMQ's SYSTEM_ERROR remark (this broker, like RocketMQ with enablePropertyFilter off,
// filters by tags only), so that consumer fails at start instead of pulling nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs } from './send-pull-fixtures.js';

/** The body as fastjson writes Java's CheckClientRequestBody. */
function checkBody(expressionType: string | undefined, subString: string): string {
  const type = expressionType === undefined ? '' : `"expressionType":"${expressionType}",`;
  return (
    '{"clientId":"10.0.0.9@1234","group":"CheckGroup","subscriptionData":{"classFilterMode":false,"codeSet":[],' +
    `${type}"subString":"${subString}","subVersion":1700000000000,"tagsSet":[],"topic":"CheckTopic"}}`
  );
}

test('CHECK_CLIENT_CONFIG: TAG subscriptions pass, SQL92 is refused as RocketMQ refuses it', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const check = (body: string | undefined) =>
    client.invoke(cluster.brokerAddr, createRequest(RequestCode.CHECK_CLIENT_CONFIG, { body: body === undefined ? undefined : Buffer.from(body) }), callTimeoutMs);
  try {
    for (const [body, what] of [
      [checkBody('TAG', 'TagA || TagB'), 'TAG'],
      [checkBody(undefined, '*'), 'no expressionType (an old client: TAG)'],
      ['{"clientId":"10.0.0.9@1234","group":"CheckGroup"}', 'no subscription'],
      [undefined, 'no body'],
    ] as const) {
      const answer = await check(body);
      assert.equal(answer.code, ResponseCode.SUCCESS, `${what}: ${answer.remark}`);
    }
    const sql = await check(checkBody('SQL92', 'a > 5'));
    assert.deepEqual([sql.code, sql.remark], [ResponseCode.SYSTEM_ERROR, 'The broker does not support consumer to filter message by SQL92']);
    const garbled = await check('{"subscriptionData":');
    assert.equal(garbled.code, ResponseCode.SYSTEM_ERROR, 'a body that does not parse is an error, and the broker goes on');
    assert.equal((await check(undefined)).code, ResponseCode.SUCCESS);
  } finally {
    client.close();
  }
});
