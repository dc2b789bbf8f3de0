import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProperties, encodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { deliveryMessageOf } from '../../../src/broker/schedule/delivery-message.js';
import { correctDeliverTime, DueFilter } from '../../../src/broker/schedule/level-deliverer.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

test('entries are due in queue order up to the first that is not; its time is remembered', () => {
  const filter = new DueFilter(10_000, 5_000);
  assert.equal(filter.matchesTagsCode(9_000), true);
  assert.equal(filter.matchesTagsCode(10_000), true);
  assert.equal(filter.matchesTagsCode(12_000), false);
  assert.equal(filter.notDueAt, 12_000);
  assert.equal(filter.matchesTagsCode(9_500), false, 'nothing after the first entry not due');
  assert.equal(filter.notDueAt, 12_000);
});

test('a deliver time beyond now + delay is corrected to now', () => {
  assert.equal(correctDeliverTime(15_000, 10_000, 5_000), 15_000);
  assert.equal(correctDeliverTime(15_001, 10_000, 5_000), 10_000);
  const filter = new DueFilter(10_000, 5_000);
  assert.equal(filter.matchesTagsCode(99_999_999), true);
});

function parked(properties: Record<string, string>) {
  const input = testMessage('SCHEDULE_TOPIC_XXXX', 1, 'payload', { properties, sysFlag: 0x1, bornTimestamp: 1234 });
  input.flag = 7;
  input.reconsumeTimes = 3;
  const record = encodeStoredMessage(input, { queueOffset: 5, physicalOffset: 100, storeTimestamp: 2000, storeHost: testStoreHost });
  return decodeStoredMessage(record);
}

test('a due record becomes its real message: same body, flag, sysFlag, born, reconsume count; DELAY gone, WAIT=false', () => {
  const delivery = deliveryMessageOf(parked({ DELAY: '2', REAL_TOPIC: 'T', REAL_QID: '3', TAGS: 'A', WAIT: 'true' }));
  assert.ok(delivery.ok);
  if (!delivery.ok) return;
  const m = delivery.message;
  assert.equal(m.topic, 'T');
  assert.equal(m.queueId, 3);
  assert.equal(Buffer.from(m.body).toString(), 'payload');
  assert.equal(m.flag, 7);
  assert.equal(m.sysFlag, 0x1);
  assert.equal(m.bornTimestamp, 1234);
  assert.equal(m.reconsumeTimes, 3);
  assert.deepEqual(
    decodeProperties(m.properties as string),
    decodeProperties(encodeProperties(new Map([['REAL_TOPIC', 'T'], ['REAL_QID', '3'], ['TAGS', 'A'], ['WAIT', 'false']]))),
  );
});

test('records without REAL_TOPIC or with a bad REAL_QID cannot be delivered', () => {
  assert.equal(deliveryMessageOf(parked({ DELAY: '1', REAL_QID: '0' })).ok, false);
  for (const qid of ['x', '-1', '99999999999', '']) {
    assert.equal(deliveryMessageOf(parked({ DELAY: '1', REAL_TOPIC: 'T', REAL_QID: qid })).ok, false, qid);
  }
});
