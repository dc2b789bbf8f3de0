// A seeded storm of hostile requests (hostile-request-storm.ts) against one broker: every request
// is answered, the broker keeps serving, and messages acknowledged before the storm stay readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { hostileRequestStorm, servedCodes, stormSeed as seed } from '../hostile-request-storm.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

test('a seeded storm of hostile requests of every code the broker serves is answered, and acknowledged messages survive it', async () => {
  // Short polling: a storm pull with the suspend flag is answered in 20 ms instead of being held.
  await using cluster = await startLocalCluster({ broker: { longPollingEnable: false, shortPollingTimeMills: 20 } });
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    // The kept topic is never named by the storm, so no request can delete or reset it.
    const kept = freshName('Kept');
    const hostileTopic = freshName('Hostile');
    for (const topicName of [kept, hostileTopic]) {
      cluster.broker.topics.updateTopicConfig({ topicName, readQueueNums: 1, writeQueueNums: 1, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false });
    }
    const before = await call(sendV2Request({ topic: kept, body: 'acknowledged before the storm', queueId: 0 }));
    assert.equal(before.code, ResponseCode.SUCCESS, before.remark);

    const served = await servedCodes(call);
    assert.ok(served.length >= 30, `only ${served.length} codes served`);
    const answered = await hostileRequestStorm(call, served, { seed, requestsPerCode: 48, topic: hostileTopic, group: 'hostile_group' });
    // The storm reached the processors rather than stopping at header checks.
    assert.ok((answered.get(ResponseCode.SUCCESS) ?? 0) > 0, `seed ${seed}: no request succeeded: ${JSON.stringify([...answered])}`);
    assert.ok(answered.size >= 5, `seed ${seed}: only response codes ${[...answered.keys()].join(', ')}`);

    const after = await call(sendV2Request({ topic: kept, body: 'sent after the storm', queueId: 0 }));
    assert.equal(after.code, ResponseCode.SUCCESS, after.remark);
    const pulled = await call(pullRequest('kept_group', kept, 0, 0, { subscription: '*' }));
    assert.equal(pulled.code, ResponseCode.SUCCESS, pulled.remark);
    assert.deepEqual(
      decodeStoredMessages(pulled.body!).map((m) => m.body.toString()),
      ['acknowledged before the storm', 'sent after the storm'],
    );
  } finally {
    client.close();
  }
});
