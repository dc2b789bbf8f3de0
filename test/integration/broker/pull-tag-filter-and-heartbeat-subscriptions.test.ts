// Tag filtering over the wire: a pull subscribed to TagA gets exactly the TagA messages (tags
// with the same Java hash, "Aa" and "BB", are told apart), from the request's expression or from
// the group's heartbeat; the commit-offset flag stores the consumer's offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import type { RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, consumerHeartbeat, freshName, pullRequest, sendV2Request, type PullOptions } from './send-pull-fixtures.js';

const tagsSent = ['TagA', 'TagB', 'TagA', undefined, 'Aa', 'BB', 'TagA'];

test('pulls deliver only the subscribed tags, from the request or from the heartbeat', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('Tags');
    const group = freshName('CG');
    for (const [i, tags] of tagsSent.entries()) {
      const sent = await call(sendV2Request({ topic, body: `m${i}`, ...(tags === undefined ? {} : { tags }) }));
      assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark);
    }
    const pulled = async (options: PullOptions, offset = 0) => {
      const r = await call(pullRequest(group, topic, 0, offset, options));
      const bodies = r.code === ResponseCode.SUCCESS ? decodeStoredMessages(r.body!).map((m) => m.body.toString()) : [];
      return { code: r.code, remark: r.remark, next: r.extFields?.nextBeginOffset, bodies, r };
    };

    const tagA = await pulled({ subscription: 'TagA' });
    assert.deepEqual([tagA.code, tagA.bodies, tagA.next], [ResponseCode.SUCCESS, ['m0', 'm2', 'm6'], '7']);
    const twoTags = await pulled({ subscription: 'TagB || BB' });
    assert.deepEqual(twoTags.bodies, ['m1', 'm5']);
    assert.deepEqual((await pulled({ subscription: 'Aa' })).bodies, ['m4'], 'BB has the hash of Aa but is not Aa');
    assert.deepEqual((await pulled({ subscription: '*' })).bodies.length, 7);
    const none = await pulled({ subscription: 'TagC' });
    assert.deepEqual([none.code, none.remark, none.next], [ResponseCode.PULL_RETRY_IMMEDIATELY, 'NO_MATCHED_MESSAGE', '7']);
    const onlyBB = await pulled({ subscription: 'BB' }, 5);
    assert.deepEqual([onlyBB.bodies, decodeProperties(decodeStoredMessages(onlyBB.r.body!)[0]!.properties).get('TAGS')], [['m5'], 'BB']);

    const noGroup = await pulled({});
    assert.deepEqual([noGroup.code, noGroup.remark], [ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's group info not exist"]);
    assert.equal((await call(consumerHeartbeat('127.0.0.1@c1', group, topic, 'TagB', 100))).code, ResponseCode.SUCCESS);
    const fromHeartbeat = await pulled({ subVersion: 100 });
    assert.deepEqual([fromHeartbeat.code, fromHeartbeat.bodies], [ResponseCode.SUCCESS, ['m1']]);
    const newer = await pulled({ subVersion: 101 });
    assert.deepEqual([newer.code, newer.remark], [ResponseCode.SUBSCRIPTION_NOT_LATEST, "the consumer's subscription not latest"]);
    const otherTopic = await call(pullRequest(group, 'TBW102', 0, 0));
    assert.deepEqual([otherTopic.code, otherTopic.remark], [ResponseCode.SUBSCRIPTION_NOT_EXIST, "the consumer's subscription not exist"]);

    const committing = await pulled({ subscription: '*', commitOffset: 4 }, 4);
    assert.equal(committing.code, ResponseCode.SUCCESS);
    assert.equal(cluster.broker.offsets.queryOffset(group, topic, 0), 4, 'the commit-offset flag stored the offset');
  } finally {
    client.close();
  }
});
