// SEND_BATCH_MESSAGE bodies written by the SDK's own encoder (message-encoding.ts, batch-encoding.ts)
// to a local broker: each inner message is stored byte for byte as the stored-record encoder writes
// it for the entry's properties joined to the batch's own (WAIT as sent, CLUSTER), with consecutive
// queue offsets, its KEYS tokens and UNIQ_KEY findable in the index, its tag hash in the consume
// queue, and the response's msgId list naming the records in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchEntryBytes, batchEntryOf, writeBatchBody } from '../../../src/client/producer/batch-encoding.js';
import { encodeMessage, type EncodedMessage } from '../../../src/client/producer/message-encoding.js';
import type { Message } from '../../../src/client/api.js';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { RemotingClient } from '../../../src/remoting/net/index.js';
import { startLocalCluster } from '../../../src/testing/local-cluster.js';
import { callTimeoutMs, freshName, sendBatchRequest } from './send-pull-fixtures.js';

const settings = { compressBodyOverBytes: 4096, compressLevel: 5, messageSizeMaxBytes: 4 * 1024 * 1024 };
const queueId = 2;
/** An offset message id ends with the commit log offset in 16 hex digits. */
const offsetHexDigits = 16;

function sdkBatch(messages: readonly Message[], ids: UniqueIdGenerator): { encoded: EncodedMessage[]; body: Buffer } {
  const encoded = messages.map((m) => encodeMessage(m, ids, settings, false));
  const entries = encoded.map(batchEntryOf);
  return { encoded, body: writeBatchBody(entries, entries.reduce((n, e) => n + batchEntryBytes(e), 0)) };
}

test('batch messages are stored as their joined properties encode, indexed by key and queued in order', async () => {
  await using cluster = await startLocalCluster();
  const client = new RemotingClient();
  try {
    const topic = freshName('BatchStored');
    const ids = new UniqueIdGenerator('127.0.0.1');
    const store = cluster.broker.store;
    const messages: Message[] = [
      { topic, body: 'first', tags: 'TagA', keys: ['k-a1', 'k-a2'] },
      { topic, body: Buffer.alloc(1024, 0x61), tags: 'TagB', keys: 'k-é' },
      { topic, body: 'no tags, no keys', flag: 9 },
      { topic, body: 'user props', tags: 'TagA', properties: { color: 'vert', note: 'naïve' } },
    ];
    let expectedQueueOffset = 0;
    for (const round of [0, 1]) {
      const { encoded, body } = sdkBatch(messages, ids);
      const response = await client.invoke(cluster.brokerAddr, sendBatchRequest(topic, queueId, body), callTimeoutMs);
      assert.equal(response.code, ResponseCode.SUCCESS, response.remark);
      assert.equal(response.extFields?.queueOffset, String(expectedQueueOffset), `round ${round}`);
      const msgIds = (response.extFields?.msgId ?? '').split(',');
      assert.equal(msgIds.length, messages.length);

      let previousEnd = -1;
      msgIds.forEach((msgId, i) => {
        const physicalOffset = Number.parseInt(msgId.slice(-offsetHexDigits), 16);
        const record = store.readMessage(physicalOffset);
        assert.ok(record, `record of ${msgId}`);
        const m = decodeStoredMessage(record);
        if (previousEnd >= 0) assert.equal(physicalOffset, previousEnd, 'the msgIds name the records in order, back to back');
        previousEnd = physicalOffset + m.totalSize;
        assert.equal(m.queueOffset, expectedQueueOffset + i);
        assert.equal(m.queueId, queueId);

        const e = encoded[i]!;
        const joined = `${e.properties}\u0002WAIT\u0001true\u0002CLUSTER\u0001DefaultCluster`;
        const expected = encodeStoredMessage(
          {
            topic,
            queueId,
            flag: e.flag,
            body: e.body,
            properties: joined,
            sysFlag: 0,
            bornTimestamp: m.bornTimestamp,
            bornHost: m.bornHost,
            reconsumeTimes: 0,
            preparedTransactionOffset: 0,
          },
          { queueOffset: m.queueOffset, physicalOffset, storeTimestamp: m.storeTimestamp, storeHost: m.storeHost },
        );
        assert.deepEqual(record, expected, `message ${i}: the same bytes as the joined properties encode`);
        assert.equal(decodeProperties(m.properties).get('UNIQ_KEY'), e.msgId);

        for (const key of [e.msgId, ...(decodeProperties(e.properties).get('KEYS')?.split(' ') ?? [])]) {
          const found = store.queryMessage(topic, key, 64, 0, Date.now() + 60_000);
          const offsets = found.messages.map((r) => decodeStoredMessage(r).physicalOffset);
          assert.ok(offsets.includes(physicalOffset), `key ${key} finds message ${i}`);
        }
      });

      const got = store.get('CG_' + topic, topic, queueId, expectedQueueOffset, 64, 1 << 20);
      assert.equal(got.status, 'FOUND');
      assert.deepEqual(got.queueOffsets, messages.map((_, i) => expectedQueueOffset + i));
      const tagA = store.get('CG_' + topic, topic, queueId, expectedQueueOffset, 64, 1 << 20, { matchesTagsCode: (code) => code === javaStringHash('TagA') });
      assert.deepEqual(tagA.queueOffsets, [expectedQueueOffset, expectedQueueOffset + 3], 'tag hashes are in the consume queue');
      expectedQueueOffset += messages.length;
    }
  } finally {
    client.close();
  }
});
