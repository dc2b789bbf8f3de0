// Received messages decode their rarely read fields on demand: IPv6 born and store hosts give
// bracketed texts and a 56-character offsetMsgId; timestamps and the prepared offset are read
// from the record; a property set before the others are read (a consumer's
// CONSUME_START_TIMESTAMP) is there once they are, next to the stored ones; JSON.stringify
// sees every field; records of one topic share one topic string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { decodeStoredRecords, setMessageProperty } from '../../../src/client/instance/received-message.js';

const v6 = (last: number): Uint8Array => new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last]);

function record(queueOffset: number, hosts: 'v4' | 'v6'): Buffer {
  const born = hosts === 'v6' ? { address: v6(1), port: 5555 } : { address: new Uint8Array([10, 0, 0, 9]), port: 5555 };
  const store = hosts === 'v6' ? { address: v6(2), port: 10911 } : { address: new Uint8Array([10, 0, 0, 5]), port: 10911 };
  return encodeStoredMessage(
    {
      topic: 'TopicA',
      queueId: 3,
      flag: 7,
      body: Buffer.from(`body${queueOffset}`),
      properties: encodeProperties(new Map([['TAGS', 'T1'], ['UNIQ_KEY', 'ABCD']])),
      sysFlag: 0,
      bornTimestamp: 1_700_000_000_000 + queueOffset,
      bornHost: born,
      reconsumeTimes: 2,
      preparedTransactionOffset: 12_345,
    },
    { queueOffset, physicalOffset: 2 ** 40 + queueOffset, storeTimestamp: 1_700_000_000_500 + queueOffset, storeHost: store },
  );
}

test('IPv6 hosts, timestamps and the prepared offset are read from the record', () => {
  const [m] = decodeStoredRecords(record(4, 'v6'));
  assert.ok(m);
  assert.equal(m.bornHost, '[2001:db8:0:0:0:0:0:1]:5555');
  assert.equal(m.storeHost, '[2001:db8:0:0:0:0:0:2]:10911');
  assert.equal(m.offsetMsgId, '20010DB800000000000000000000000200002A9F0000010000000004');
  assert.equal(m.commitLogOffset, 2 ** 40 + 4);
  assert.deepEqual([m.bornTimestamp, m.storeTimestamp, m.preparedTransactionOffset, m.reconsumeTimes, m.flag], [1_700_000_000_004, 1_700_000_000_504, 12_345, 2, 7]);
  assert.equal(m.body.toString(), 'body4');
});

test('a property set before the others are read joins them; after, it is set in place', () => {
  const [early, late] = decodeStoredRecords(Buffer.concat([record(0, 'v4'), record(1, 'v4')]));
  assert.ok(early && late);
  setMessageProperty(early, 'CONSUME_START_TIMESTAMP', '42');
  assert.deepEqual(Object.fromEntries(early.properties), { TAGS: 'T1', UNIQ_KEY: 'ABCD', CONSUME_START_TIMESTAMP: '42' });
  assert.equal(late.tags, 'T1');
  setMessageProperty(late, 'CONSUME_START_TIMESTAMP', '43');
  assert.equal(late.properties.get('CONSUME_START_TIMESTAMP'), '43');
  assert.equal(early.topic, late.topic);
});

test('JSON.stringify sees the lazy fields too', () => {
  const [m] = decodeStoredRecords(record(9, 'v4'));
  const json = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
  assert.equal(json.msgId, 'ABCD');
  assert.equal(json.tags, 'T1');
  assert.equal(json.storeHost, '10.0.0.5:10911');
  assert.equal(json.bornHost, '10.0.0.9:5555');
  assert.equal(json.storeTimestamp, 1_700_000_000_509);
  assert.equal(json.queueOffset, 9);
});
