// SEND_MESSAGE (V1 names), SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE over a real socket to a local
// cluster, then PULL_MESSAGE of the same queue: every field comes back as sent or as the broker
// must set it, and the pulled records are exactly the stored bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { createOffsetMsgId } from '../../../src/common/message/message-id.js';
import { decodeStoredMessages, storedMessageCrcMatches, locateStoredMessageFields, StoredMessageFields } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { parseAddress, RemotingClient } from '../../../src/remoting/net/index.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { batchEntry, callTimeoutMs, freshName, producerProperties, pullRequest, sendBatchRequest, sendV1Request, sendV2Request } from './send-pull-fixtures.js';

test('V1, V2 and batch sends are stored with consecutive offsets and pulled back byte-exact', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('SendPull');
    const call = (request: Parameters<RemotingClient['invoke']>[1]) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
    const storeHost = parseAddress(cluster.brokerAddr);

    const v2 = { topic, body: 'hello v2', tags: 'TagA', keys: ['k1', 'k2'], queueId: 1, flag: 7 };
    const v2Props = producerProperties(v2);
    const r1 = await call(sendV2Request(v2, v2Props.text));
    assert.equal(r1.code, ResponseCode.SUCCESS, r1.remark);
    assert.equal(r1.remark, undefined);
    assert.equal(r1.extFields?.queueId, '1');
    assert.equal(r1.extFields?.queueOffset, '0');
    assert.equal(r1.extFields?.MSG_REGION, 'DefaultRegion');
    assert.equal(r1.extFields?.TRACE_ON, 'true');
    assert.match(r1.extFields?.msgId ?? '', /^[0-9A-F]{32}$/);

    const v1 = { topic, body: Buffer.from([0, 1, 2, 255]), tags: 'TagB', keys: ['k3'], queueId: 1 };
    const v1Props = producerProperties(v1);
    const r2 = await call(sendV1Request(v1, v1Props.text));
    assert.equal(r2.code, ResponseCode.SUCCESS, r2.remark);
    assert.equal(r2.extFields?.queueOffset, '1');

    const entries = ['b0', 'b1', 'b2'].map((body, i) => ({ body: Buffer.from(body), props: producerProperties({ topic, body, tags: `Batch${i}` }) }));
    const batchBody = Buffer.concat(entries.map((e, i) => batchEntry(e.body, e.props.text, i)));
    const r3 = await call(sendBatchRequest(topic, 1, batchBody));
    assert.equal(r3.code, ResponseCode.SUCCESS, r3.remark);
    assert.equal(r3.extFields?.queueOffset, '2');
    const batchIds = (r3.extFields?.msgId ?? '').split(',');
    assert.equal(batchIds.length, 3);

    const pulled = await call(pullRequest('CG_' + topic, topic, 1, 0, { subscription: '*' }));
    assert.equal(pulled.code, ResponseCode.SUCCESS);
    assert.equal(pulled.remark, 'FOUND');
    assert.deepEqual(
      [pulled.extFields?.nextBeginOffset, pulled.extFields?.minOffset, pulled.extFields?.maxOffset, pulled.extFields?.suggestWhichBrokerId],
      ['5', '0', '5', '0'],
    );
    const messages = decodeStoredMessages(pulled.body!);
    assert.equal(messages.length, 5);
    const expectedIds = [r1.extFields?.msgId, r2.extFields?.msgId, ...batchIds];
    const fields = new StoredMessageFields();
    messages.forEach((m, i) => {
      assert.equal(m.topic, topic);
      assert.equal(m.queueId, 1);
      assert.equal(m.queueOffset, i);
      assert.equal(createOffsetMsgId(storeHost, BigInt(m.physicalOffset)), expectedIds[i], `msgId of message ${i}`);
      assert.deepEqual([...m.bornHost.address], [127, 0, 0, 1]);
      assert.deepEqual([...m.storeHost.address], [127, 0, 0, 1]);
      assert.equal(m.storeHost.port, storeHost.port);
      assert.equal(locateStoredMessageFields(m.record, 0, m.record.length, fields), undefined);
      assert.ok(storedMessageCrcMatches(m.record, 0, fields), 'body CRC');
      assert.deepEqual(cluster.broker.store.readMessage(m.physicalOffset), m.record, 'pulled bytes are the stored bytes');
    });

    const [m1, m2, ...batch] = messages;
    assert.equal(m1!.body.toString(), 'hello v2');
    assert.equal(m1!.flag, 7);
    const p1 = decodeProperties(m1!.properties);
    assert.equal(p1.get('TAGS'), 'TagA');
    assert.equal(p1.get('KEYS'), 'k1 k2');
    assert.equal(p1.get('UNIQ_KEY'), v2Props.uniqKey);
    assert.equal(p1.get('CLUSTER'), 'DefaultCluster');
    assert.equal(p1.has('WAIT'), false, 'WAIT is not stored for single messages');

    assert.deepEqual([...m2!.body], [0, 1, 2, 255]);
    assert.equal(decodeProperties(m2!.properties).get('UNIQ_KEY'), v1Props.uniqKey);

    batch.forEach((m, i) => {
      assert.equal(m.body.toString(), `b${i}`);
      assert.equal(m.flag, i);
      const p = decodeProperties(m.properties);
      assert.equal(p.get('TAGS'), `Batch${i}`);
      assert.equal(p.get('UNIQ_KEY'), entries[i]!.props.uniqKey);
      assert.equal(p.get('CLUSTER'), 'DefaultCluster');
      assert.equal(p.get('WAIT'), 'true', "the batch's own properties follow each entry's");
    });

    const next = await call(pullRequest('CG_' + topic, topic, 1, 5, { subscription: '*' }));
    assert.deepEqual([next.code, next.remark, next.extFields?.nextBeginOffset], [ResponseCode.PULL_NOT_FOUND, 'OFFSET_OVERFLOW_ONE', '5']);
  } finally {
    client.close();
  }
});

test('a negative queue id is stored in a random write queue of an auto-created topic', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('AnyQueue');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await client.invoke(cluster.brokerAddr, sendV2Request({ topic, body: `m${i}`, queueId: -1 }), callTimeoutMs);
      assert.equal(r.code, ResponseCode.SUCCESS, r.remark);
      seen.add(r.extFields!.queueId!);
    }
    const created = cluster.broker.topics.select(topic);
    assert.deepEqual([created?.writeQueueNums, created?.readQueueNums, created?.perm], [4, 4, 6], 'created from TBW102 with the client\'s 4 queues');
    assert.ok([...seen].every((q) => Number(q) >= 0 && Number(q) < 4), [...seen].join());
    assert.ok(seen.size > 1, 'queues are picked at random');
  } finally {
    client.close();
  }
});
