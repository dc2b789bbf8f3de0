import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import type { StoredMessageInput } from '../../../src/common/message/stored-message-types.js';
import { decodeReceivedMessages } from '../../../src/client/instance/received-message.js';
import { MessageBodyError } from '../../../src/client/errors/index.js';

const storeHost = { address: new Uint8Array([10, 0, 0, 5]), port: 10911 };

function record(body: Buffer, sysFlag: number, props: Map<string, string>, physicalOffset: number, queueOffset: number): Buffer {
  const input: StoredMessageInput = {
    topic: 'T',
    queueId: 2,
    flag: 3,
    body,
    properties: encodeProperties(props),
    sysFlag,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { address: new Uint8Array([192, 168, 0, 9]), port: 5555 },
    reconsumeTimes: 1,
    preparedTransactionOffset: 0,
  };
  return encodeStoredMessage(input, { queueOffset, physicalOffset, storeTimestamp: 1_700_000_000_500, storeHost });
}

test('records of a query or pull body become received messages: inflated body, keys, ids, hosts', () => {
  const text = Buffer.from('x'.repeat(5000));
  const body = Buffer.concat([
    record(deflateSync(text), 0x301, new Map([['TAGS', 'A'], ['KEYS', 'k1 k2'], ['UNIQ_KEY', 'C0A8000900000000000000000000ABCD']]), 3898, 7),
    record(Buffer.from('plain'), 0, new Map([['own', 'v']]), 9000, 8),
  ]);
  const [first, second] = decodeReceivedMessages(body);
  assert.ok(first && second);
  assert.deepEqual(first.body, text);
  assert.equal(first.tags, 'A');
  assert.deepEqual(first.keys, ['k1', 'k2']);
  assert.equal(first.msgId, 'C0A8000900000000000000000000ABCD');
  assert.equal(first.offsetMsgId, '0A00000500002A9F0000000000000F3A');
  assert.equal(first.storeHost, '10.0.0.5:10911');
  assert.equal(first.bornHost, '192.168.0.9:5555');
  assert.equal(first.queueId, 2);
  assert.equal(first.queueOffset, 7);
  assert.equal(first.commitLogOffset, 3898);
  assert.equal(first.reconsumeTimes, 1);
  assert.equal(first.flag, 3);
  assert.equal(first.storeTimestamp, 1_700_000_000_500);
  assert.equal(second.body.toString(), 'plain');
  assert.equal(second.msgId, second.offsetMsgId, 'without UNIQ_KEY the offset id is the id');
  assert.equal(second.properties.get('own'), 'v');
  assert.equal(second.tags, undefined);
  assert.deepEqual(second.keys, []);
});

test('bodies that cannot be read give MessageBodyError', () => {
  assert.throws(() => decodeReceivedMessages(record(Buffer.from('not zlib'), 0x301, new Map(), 0, 0)), MessageBodyError);
  assert.throws(() => decodeReceivedMessages(record(Buffer.from('lz4?'), 0x101, new Map(), 0, 0)), /LZ4/);
  assert.deepEqual(decodeReceivedMessages(record(deflateSync(Buffer.from('old')), 0x1, new Map(), 0, 0))[0]!.body, Buffer.from('old'));
});
