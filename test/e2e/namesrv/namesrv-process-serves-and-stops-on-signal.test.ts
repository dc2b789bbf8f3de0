import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { RequestCode, createRequest } from '../../../src/remoting/protocol/index.js';
import { launchRmq, namesrvReadyLine } from '../../../src/testing/process-launcher.js';

const callTimeoutMs = 3000;

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`rmq namesrv -p 0 prints its address, answers requests, and exits 0 on ${signal}`, async () => {
    await using namesrv = await launchRmq(['namesrv', '-p', '0'], { readyLine: namesrvReadyLine });
    assert.match(namesrv.address, /^127\.0\.0\.1:\d+$/);
    assert.ok(namesrv.pid > 0);

    const client = new RemotingClient();
    try {
      const put = createRequest(RequestCode.PUT_KV_CONFIG, { extFields: { namespace: 'e2e', key: 'k', value: 'v' } });
      assert.equal((await client.invoke(namesrv.address, put, callTimeoutMs)).code, ResponseCode.SUCCESS);
      const route = createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { extFields: { topic: 'NoSuchTopic' } });
      assert.equal((await client.invoke(namesrv.address, route, callTimeoutMs)).code, ResponseCode.TOPIC_NOT_EXIST);
    } finally {
      client.close();
    }

    namesrv.kill(signal);
    assert.deepEqual(await namesrv.exited, { code: 0, signal: null });
  });
}
