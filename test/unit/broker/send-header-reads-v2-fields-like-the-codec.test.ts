// The send processor's header reader against the header codecs: plain values are read straight,
// everything else gives exactly what the codec gives (a value or a HeaderFieldError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSendHeader } from '../../../src/broker/processors/send/send-header.js';
import { createRequest, SerializeType, type ExtFields } from '../../../src/remoting/protocol/command.js';
import { HeaderFieldError } from '../../../src/remoting/protocol/errors.js';
import { SendMessageRequestHeader, SendMessageRequestHeaderV2, sendHeaderV2ToV1 } from '../../../src/remoting/protocol/headers/send.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';

const plain: ExtFields = { a: 'PG', b: 'T', c: 'TBW102', d: '4', e: '3', f: '0', g: '1700000000123', h: '0', i: 'TAGS\u0001A', k: 'false', m: 'false' };

function viaCodec(code: number, ext: ExtFields): unknown {
  try {
    return code === RequestCode.SEND_MESSAGE ? SendMessageRequestHeader.decode(ext) : sendHeaderV2ToV1(SendMessageRequestHeaderV2.decode(ext));
  } catch (error) {
    assert.ok(error instanceof HeaderFieldError);
    return error.message;
  }
}

function viaReader(code: number, ext: ExtFields): unknown {
  try {
    return readSendHeader(createRequest(code, { extFields: ext, serializeType: SerializeType.ROCKETMQ }));
  } catch (error) {
    assert.ok(error instanceof HeaderFieldError);
    return error.message;
  }
}

test('plain V2 headers are read into the V1 shape the codec gives', () => {
  const header = viaReader(RequestCode.SEND_MESSAGE_V2, plain);
  assert.deepEqual(header, viaCodec(RequestCode.SEND_MESSAGE_V2, plain));
  assert.deepEqual(header, {
    producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: 4, queueId: 3, sysFlag: 0,
    bornTimestamp: 1700000000123, flag: 0, properties: 'TAGS\u0001A', unitMode: false, batch: false,
  });
  const full = { ...plain, j: '2', l: '16', m: 'TRUE', n: 'broker-a', e: '-1', h: '-7' };
  assert.deepEqual(viaReader(RequestCode.SEND_BATCH_MESSAGE, full), viaCodec(RequestCode.SEND_BATCH_MESSAGE, full));
});

test('odd and bad values get what the codec gives them', () => {
  const variants: ExtFields[] = [
    { ...plain, e: '+3' },
    { ...plain, d: '2147483648' },
    { ...plain, e: '-2147483649' },
    { ...plain, g: '9007199254740993' },
    { ...plain, g: '1234567890123456' },
    { ...plain, f: '' },
    { ...plain, f: '1.5' },
    { ...plain, h: ' 1' },
    { ...plain, j: 'x' },
    { ...plain, l: '-' },
    { ...plain, k: 'yes' },
  ];
  const { b: _topic, ...noTopic } = plain;
  const { g: _born, ...noBorn } = plain;
  variants.push(noTopic, noBorn, {});
  for (const ext of variants) {
    assert.deepEqual(viaReader(RequestCode.SEND_MESSAGE_V2, ext), viaCodec(RequestCode.SEND_MESSAGE_V2, ext), JSON.stringify(ext));
  }
  assert.match(String(viaReader(RequestCode.SEND_MESSAGE_V2, noTopic)), /b/);
});

test('SEND_MESSAGE (10) keeps its long field names', () => {
  const v1 = { producerGroup: 'PG', topic: 'T', defaultTopic: 'TBW102', defaultTopicQueueNums: '4', queueId: '1', sysFlag: '0', bornTimestamp: '5', flag: '0' };
  assert.deepEqual(viaReader(RequestCode.SEND_MESSAGE, v1), viaCodec(RequestCode.SEND_MESSAGE, v1));
  assert.equal(typeof viaReader(RequestCode.SEND_MESSAGE, plain), 'string', 'V2 keys in a V1 request: missing fields');
});
