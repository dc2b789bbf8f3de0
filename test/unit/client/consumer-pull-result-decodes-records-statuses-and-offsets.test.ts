// PULL_MESSAGE answers: 0/19/20/21 map to FOUND / NO_NEW_MSG / NO_MATCHED_MSG / OFFSET_ILLEGAL
// with the header's offsets; other codes are typed errors. A FOUND body's records become
// messages: compressed bodies inflated, foreign tags (hash collisions) dropped, MIN_OFFSET /
// MAX_OFFSET added, %RETRY%group messages given back their RETRY_TOPIC; a record whose body
// cannot be read is reported, not delivered, and does not stop the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createRequest, createResponse } from '../../../src/remoting/protocol/command.js';
import { PullMessageResponseHeader } from '../../../src/remoting/protocol/headers/pull.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';
import { decodePullResponse } from '../../../src/client/consumer/pull-result.js';
import { buildSubscriptionData } from '../../../src/client/consumer/subscription.js';
import { MessageBodyError, SubscriptionNotExistError } from '../../../src/client/errors/index.js';

const storeHost = { address: new Uint8Array([10, 0, 0, 5]), port: 10911 };
const queue = { topic: 'T', brokerName: 'broker-a', queueId: 1 };

function record(topic: string, queueOffset: number, body: Buffer, props: Record<string, string>, sysFlag = 0): Buffer {
  return encodeStoredMessage(
    {
      topic,
      queueId: 1,
      flag: 0,
      body,
      properties: encodeProperties(new Map(Object.entries(props))),
      sysFlag,
      bornTimestamp: 1_700_000_000_000,
      bornHost: { address: new Uint8Array([10, 0, 0, 9]), port: 5000 },
      reconsumeTimes: topic.startsWith('%RETRY%') ? 1 : 0,
      preparedTransactionOffset: 0,
    },
    { queueOffset, physicalOffset: 1000 + queueOffset * 200, storeTimestamp: 1_700_000_000_100, storeHost },
  );
}

function response(code: number, body?: Buffer) {
  const header = PullMessageResponseHeader.encode({ suggestWhichBrokerId: 0, nextBeginOffset: 14, minOffset: 0, maxOffset: 20 });
  return createResponse(createRequest(RequestCode.PULL_MESSAGE), code, { extFields: header, ...(body ? { body } : {}) });
}

const ctx = (expression: string, group?: string) => ({
  brokerAddr: '10.0.0.5:10911',
  requestCode: RequestCode.PULL_MESSAGE,
  messageQueue: queue,
  subscription: buildSubscriptionData('T', expression),
  ...(group ? { group } : {}),
});

test('FOUND: records decoded, inflated, tag-checked, given MIN/MAX_OFFSET and their topic back', () => {
  const text = Buffer.from('y'.repeat(6000));
  const body = Buffer.concat([
    record('T', 10, deflateSync(text), { TAGS: 'Aa', UNIQ_KEY: 'AC110001000000000000000000000001' }, 0x301),
    record('T', 11, Buffer.from('collides'), { TAGS: 'BB' }),
    record('%RETRY%G', 12, Buffer.from('retried'), { TAGS: 'Aa', RETRY_TOPIC: 'T' }),
    record('T', 13, Buffer.from('lz4'), { TAGS: 'Aa' }, 0x101),
  ]);
  const result = decodePullResponse(response(ResponseCode.SUCCESS, body), ctx('Aa', 'G'));
  assert.equal(result.status, 'FOUND');
  assert.deepEqual([result.nextBeginOffset, result.minOffset, result.maxOffset], [14, 0, 20]);
  assert.deepEqual(result.messages.map((m) => m.queueOffset), [10, 12], 'BB shares Aa\'s hash code but is dropped; the LZ4 record is not delivered');
  const [inflated, retried] = result.messages;
  assert.deepEqual(inflated!.body, text);
  assert.equal(inflated!.msgId, 'AC110001000000000000000000000001');
  assert.equal(inflated!.properties.get('MIN_OFFSET'), '0');
  assert.equal(inflated!.properties.get('MAX_OFFSET'), '20');
  assert.deepEqual(inflated!.messageQueue, queue);
  assert.equal(retried!.topic, 'T', 'RETRY_TOPIC restored');
  assert.equal(retried!.reconsumeTimes, 1);
  assert.equal(result.undecodable.length, 1);
  assert.equal(result.undecodable[0]!.queueOffset, 13);
  assert.ok(result.undecodable[0]!.error instanceof MessageBodyError);
});

test('without a group the retry topic is left as stored', () => {
  const body = record('%RETRY%G', 12, Buffer.from('retried'), { RETRY_TOPIC: 'T' });
  assert.equal(decodePullResponse(response(ResponseCode.SUCCESS, body), ctx('*')).messages[0]!.topic, '%RETRY%G');
  assert.equal(decodePullResponse(response(ResponseCode.SUCCESS, body), ctx('*', 'OtherGroup')).messages[0]!.topic, '%RETRY%G');
});

test('19, 20, 21 are results without messages; other codes are typed errors', () => {
  const statuses = [ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED].map((code) => {
    const result = decodePullResponse(response(code), ctx('*'));
    assert.deepEqual(result.messages, []);
    assert.equal(result.nextBeginOffset, 14);
    return result.status;
  });
  assert.deepEqual(statuses, ['NO_NEW_MSG', 'NO_MATCHED_MSG', 'OFFSET_ILLEGAL']);
  assert.throws(() => decodePullResponse(response(ResponseCode.SUBSCRIPTION_NOT_EXIST), ctx('*')), SubscriptionNotExistError);
});
