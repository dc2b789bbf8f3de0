// VIEW_MESSAGE_BY_ID with the commit log offset inside a send's offsetMsgId, and QUERY_MESSAGE by
// a KEYS token or, with _UNIQUE_KEY_QUERY, by UNIQ_KEY, within a store time range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeOffsetMsgId } from '../../../src/common/message/message-id.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessage, decodeStoredMessages } from '../../../src/common/message/stored-message-decoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { createRequest, type ExtFields, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, producerProperties, sendV2Request } from './send-pull-fixtures.js';

test('a message is viewed by its offset message id and found by key and by unique key', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  const call = (request: RemotingCommand) => client.invoke(cluster.brokerAddr, request, callTimeoutMs);
  try {
    const topic = freshName('Query');
    const message = { topic, body: 'find me', tags: 'T', keys: ['order-1', 'customer-9'] };
    const props = producerProperties(message);
    const sent = await call(sendV2Request(message, props.text));
    assert.equal(sent.code, ResponseCode.SUCCESS);
    assert.equal((await call(sendV2Request({ topic, body: 'other', keys: ['order-2'] }))).code, ResponseCode.SUCCESS);

    const { commitLogOffset } = decodeOffsetMsgId(sent.extFields!.msgId!);
    const viewed = await call(createRequest(RequestCode.VIEW_MESSAGE_BY_ID, { extFields: { offset: String(commitLogOffset) } }));
    assert.equal(viewed.code, ResponseCode.SUCCESS);
    const record = decodeStoredMessage(viewed.body!);
    assert.deepEqual([record.body.toString(), record.topic, BigInt(record.physicalOffset)], ['find me', topic, commitLogOffset]);
    assert.equal(record.totalSize, viewed.body!.length, 'exactly one record');

    const wrong = String(commitLogOffset + 1n);
    const notThere = await call(createRequest(RequestCode.VIEW_MESSAGE_BY_ID, { extFields: { offset: wrong } }));
    assert.deepEqual([notThere.code, notThere.remark], [ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${wrong}`]);
    const beyond = await call(createRequest(RequestCode.VIEW_MESSAGE_BY_ID, { extFields: { offset: '999999999' } }));
    assert.equal(beyond.code, ResponseCode.SYSTEM_ERROR);

    const now = Date.now();
    const query = (key: string, extra: ExtFields = {}, begin = now - 60_000, end = now + 60_000) =>
      call(createRequest(RequestCode.QUERY_MESSAGE, { extFields: { topic, key, maxNum: '16', beginTimestamp: String(begin), endTimestamp: String(end), ...extra } }));

    const byKey = await query('customer-9');
    assert.equal(byKey.code, ResponseCode.SUCCESS);
    assert.deepEqual(decodeStoredMessages(byKey.body!).map((m) => m.body.toString()), ['find me']);
    assert.ok(Number(byKey.extFields?.indexLastUpdateTimestamp) > 0);
    assert.ok(Number(byKey.extFields?.indexLastUpdatePhyoffset) >= 0);

    const byUniqueKey = await query(props.uniqKey, { _UNIQUE_KEY_QUERY: 'true' });
    assert.equal(byUniqueKey.code, ResponseCode.SUCCESS);
    const found = decodeStoredMessages(byUniqueKey.body!);
    assert.deepEqual(found.map((m) => decodeProperties(m.properties).get('UNIQ_KEY')), [props.uniqKey]);
    // What a Java client's queryMessageByUniqKey sends: from 0 to Long.MAX_VALUE.
    const javaUniqueKeyQuery = await call(
      createRequest(RequestCode.QUERY_MESSAGE, {
        extFields: { topic, key: props.uniqKey, maxNum: '32', beginTimestamp: '0', endTimestamp: '9223372036854775807', _UNIQUE_KEY_QUERY: 'true' },
      }),
    );
    assert.equal(javaUniqueKeyQuery.code, ResponseCode.SUCCESS, javaUniqueKeyQuery.remark);
    assert.deepEqual(decodeStoredMessages(javaUniqueKeyQuery.body!).map((m) => m.body.toString()), ['find me']);
    assert.equal((await query('F'.repeat(32), { _UNIQUE_KEY_QUERY: 'true' })).code, ResponseCode.QUERY_NOT_FOUND);
    assert.equal((await query('order-1', { _UNIQUE_KEY_QUERY: 'true' })).code, ResponseCode.QUERY_NOT_FOUND, 'a unique-key query does not match KEYS');

    const unknown = await query('no-such-key');
    assert.deepEqual([unknown.code, unknown.remark], [ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct']);
    assert.ok(unknown.extFields?.indexLastUpdateTimestamp !== undefined, 'the index header is sent with QUERY_NOT_FOUND too');
    assert.equal((await query('order-1', {}, now - 120_000, now - 60_000)).code, ResponseCode.QUERY_NOT_FOUND, 'outside the time range');
    const otherTopic = await call(createRequest(RequestCode.QUERY_MESSAGE, { extFields: { topic: 'TBW102', key: 'order-1', maxNum: '16', beginTimestamp: '0', endTimestamp: String(now + 60_000) } }));
    assert.equal(otherTopic.code, ResponseCode.QUERY_NOT_FOUND, 'keys are per topic');
  } finally {
    client.close();
  }
});
