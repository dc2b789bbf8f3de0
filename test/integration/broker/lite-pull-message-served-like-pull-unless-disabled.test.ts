// LITE_PULL_MESSAGE (361) is what RocketMQ 5's Java lite pull consumer sends: the pull header
// with the lite-pull sysFlag. The broker serves it as a pull, unless litePullMessageEnable is
// false, when it answers NO_PERMISSION as RocketMQ does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { PullSysFlag } from '../../../src/remoting/protocol/headers/pull.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, pullRequest, sendV2Request } from './send-pull-fixtures.js';

/** A pull as the 5.x lite pull consumer sends it: code 361, lite-pull flag set. */
function litePullRequest(group: string, topic: string, queueOffset: number): RemotingCommand {
  const pull = pullRequest(group, topic, 0, queueOffset, { subscription: '*' });
  const sysFlag = Number(pull.extFields!.sysFlag) | PullSysFlag.litePull;
  return createRequest(RequestCode.LITE_PULL_MESSAGE, { extFields: { ...pull.extFields, sysFlag: String(sysFlag) } });
}

test('LITE_PULL_MESSAGE finds what PULL_MESSAGE finds', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('LitePull');
    for (const body of ['one', 'two']) {
      const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body, queueId: 0 }), callTimeoutMs);
      assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    }
    const lite = await client.invoke(cluster.brokerAddr, litePullRequest(`CG_${topic}`, topic, 0), callTimeoutMs);
    assert.equal(lite.code, ResponseCode.SUCCESS, lite.remark);
    assert.deepEqual([lite.remark, lite.extFields?.nextBeginOffset, lite.extFields?.maxOffset], ['FOUND', '2', '2']);
    const atEnd = await client.invoke(cluster.brokerAddr, litePullRequest(`CG_${topic}`, topic, 2), callTimeoutMs);
    assert.equal(atEnd.code, ResponseCode.PULL_NOT_FOUND);
  } finally {
    client.close();
  }
});

test('with litePullMessageEnable=false LITE_PULL_MESSAGE is refused and PULL_MESSAGE still served', async () => {
  await using cluster = await startLocalCluster({ broker: { litePullMessageEnable: false } });
  const client = new RemotingClient();
  try {
    const topic = freshName('LitePullOff');
    const sent = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: 'x', queueId: 0 }), callTimeoutMs);
    assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    const lite = await client.invoke(cluster.brokerAddr, litePullRequest(`CG_${topic}`, topic, 0), callTimeoutMs);
    assert.deepEqual([lite.code, lite.remark], [ResponseCode.NO_PERMISSION, 'the broker[127.0.0.1] for lite pull consumer is forbidden']);
    const plain = await client.invoke(cluster.brokerAddr, pullRequest(`CG_${topic}`, topic, 0, 0, { subscription: '*' }), callTimeoutMs);
    assert.equal(plain.code, ResponseCode.SUCCESS, plain.remark);
  } finally {
    client.close();
  }
});
