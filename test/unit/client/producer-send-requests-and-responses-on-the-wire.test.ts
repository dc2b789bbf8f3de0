import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import { ResponseCode } from '../../../src/common/response-code.js';
import { createResponse, RequestCode, SerializeType, SendMessageRequestHeaderV2 } from '../../../src/remoting/protocol/index.js';
import { encodeMessage } from '../../../src/client/producer/message-encoding.js';
import { sendBatchRequest, sendMessageRequest } from '../../../src/client/producer/send-request.js';
import { batchSendResultOf, sendResultOf, storedResponseCodes } from '../../../src/client/producer/send-response.js';

const ctx = { producerGroup: 'PG', createTopicKey: 'TBW102', defaultTopicQueueNums: 4 };
const mq = { topic: 'T', brokerName: 'broker-a', queueId: 3 };
const encoded = encodeMessage({ topic: 'T', body: 'hi', flag: 5 }, new UniqueIdGenerator('10.0.0.1'), { compressBodyOverBytes: 4096, compressLevel: 5, messageSizeMaxBytes: 1024 }, true);

test('SEND_MESSAGE_V2 carries the one-letter header with the auto-creation template and queue count', () => {
  const before = Date.now();
  const request = sendMessageRequest(ctx, encoded, mq);
  assert.equal(request.code, RequestCode.SEND_MESSAGE_V2);
  assert.equal(request.serializeType, SerializeType.ROCKETMQ);
  assert.equal(request.flag, 0);
  assert.deepEqual(request.body, Buffer.from('hi'));
  const header = SendMessageRequestHeaderV2.decode(request.extFields);
  assert.deepEqual({ ...header, g: 0 }, { a: 'PG', b: 'T', c: 'TBW102', d: 4, e: 3, f: 0, g: 0, h: 5, i: encoded.properties, k: false, m: false });
  assert.ok(header.g >= before && header.g <= Date.now());
  assert.equal(sendMessageRequest(ctx, encoded, mq, true).flag, 2, 'oneway flag');
});

test('SEND_BATCH_MESSAGE sets m=true and only WAIT in the envelope properties', () => {
  const request = sendBatchRequest(ctx, 'T', true, Buffer.from('body'), mq);
  assert.equal(request.code, RequestCode.SEND_BATCH_MESSAGE);
  const header = SendMessageRequestHeaderV2.decode(request.extFields);
  assert.equal(header.m, true);
  assert.equal(header.i, 'WAIT\u0001true');
  assert.equal(header.f, 0);
  assert.equal(header.e, 3);
});

test('stored codes become statuses; the queue, offsets and broker extras are read', () => {
  const request = sendMessageRequest(ctx, encoded, mq);
  const statuses: Array<[number, string]> = [
    [ResponseCode.SUCCESS, 'SEND_OK'],
    [ResponseCode.FLUSH_DISK_TIMEOUT, 'FLUSH_DISK_TIMEOUT'],
    [ResponseCode.FLUSH_SLAVE_TIMEOUT, 'FLUSH_SLAVE_TIMEOUT'],
    [ResponseCode.SLAVE_NOT_AVAILABLE, 'SLAVE_NOT_AVAILABLE'],
  ];
  assert.deepEqual([...storedResponseCodes].sort(), statuses.map(([c]) => c).sort());
  for (const [code, status] of statuses) {
    const response = createResponse(request, code, {
      extFields: { msgId: '0A00000500002A9F0000000000000F3A', queueId: '2', queueOffset: '17', MSG_REGION: 'DefaultRegion', TRACE_ON: 'true' },
    });
    assert.deepEqual(sendResultOf(response, encoded.msgId, 'T', 'broker-a'), {
      status,
      msgId: encoded.msgId,
      offsetMsgId: '0A00000500002A9F0000000000000F3A',
      messageQueue: { topic: 'T', brokerName: 'broker-a', queueId: 2 },
      queueOffset: 17,
      regionId: 'DefaultRegion',
      traceOn: true,
    });
  }
  const batch = createResponse(request, 0, { extFields: { msgId: 'A1,A2', queueId: '1', queueOffset: '40', TRACE_ON: 'false' } });
  assert.deepEqual(batchSendResultOf(batch, ['U1', 'U2'], 'T', 'broker-b'), {
    status: 'SEND_OK',
    msgIds: ['U1', 'U2'],
    offsetMsgIds: ['A1', 'A2'],
    messageQueue: { topic: 'T', brokerName: 'broker-b', queueId: 1 },
    queueOffset: 40,
    traceOn: false,
  });
});
