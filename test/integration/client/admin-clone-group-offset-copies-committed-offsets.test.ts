// mqadmin cloneGroupOffset: every master of the topic gives destGroup a copy of srcGroup's
// committed offsets on it. While srcGroup is online without subscribing to the topic the broker
// skips it, unless the clone is marked offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { createAdmin } from '../../../src/client/admin/admin-client.js';
import { createPushConsumer } from '../../../src/client/consumer/push/push-consumer.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest } from '../../../src/remoting/protocol/command.js';
import { QueryConsumerOffsetRequestHeader, UpdateConsumerOffsetRequestHeader } from '../../../src/remoting/protocol/headers/consumer-offset.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { createTopic, fresh } from './consumer-fixtures.js';

test('admin: cloneGroupOffset copies committed offsets, and skips a topic the online source group does not subscribe to', async () => {
  await using cluster = await startLocalCluster();
  const topic = fresh('T');
  await createTopic(cluster.namesrvAddr, cluster.brokerAddr, topic, 4);
  const raw = new RemotingClient();
  await using admin = createAdmin({ nameServer: cluster.namesrvAddr, instanceName: fresh('A') });
  await admin.start();
  try {
    const call = (code: number, extFields: Record<string, string>) => raw.invoke(cluster.brokerAddr, createRequest(code, { extFields }), 5_000);
    const commit = (group: string, queueId: number, commitOffset: number) =>
      call(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId, commitOffset }));
    // Offsets of queues 0-3; a group with no offset on an empty queue is answered 0, as RocketMQ does.
    const committed = async (group: string) => {
      const out: number[] = [];
      for (let queueId = 0; queueId < 4; queueId++) {
        const answer = await call(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId }));
        assert.equal(answer.code, ResponseCode.SUCCESS, answer.remark);
        out.push(Number(answer.extFields?.offset));
      }
      return out;
    };
    const src = fresh('Src');
    assert.equal((await commit(src, 0, 5)).code, ResponseCode.SUCCESS);
    assert.equal((await commit(src, 2, 7)).code, ResponseCode.SUCCESS);

    const dest = fresh('Dest');
    await admin.cloneGroupOffset(src, dest, topic);
    assert.deepEqual(await committed(dest), [5, 0, 7, 0]);

    // The source group comes online subscribed to another topic only.
    const other = fresh('Other');
    await createTopic(cluster.namesrvAddr, cluster.brokerAddr, other, 1);
    await using member = createPushConsumer({ nameServer: cluster.namesrvAddr, group: src, instanceName: fresh('C') })
      .subscribe(other)
      .onMessage(() => undefined);
    await member.start();
    const skipped = fresh('Skipped');
    await admin.cloneGroupOffset(src, skipped, topic);
    assert.deepEqual(await committed(skipped), [0, 0, 0, 0]);
    const offline = fresh('Offline');
    await admin.cloneGroupOffset(src, offline, topic, { offline: true });
    assert.deepEqual(await committed(offline), [5, 0, 7, 0]);
  } finally {
    raw.close();
  }
});
