// Commands survive encode -> decode unchanged in both header serializations, and a response
// travels in its request's serialization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SerializeType,
  createRequest,
  createResponse,
  type RemotingCommand,
} from '../../../../src/remoting/protocol/command.js';
import { decodeCommand, encodeCommand, encodeCommandHeader } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../../src/remoting/protocol/frame-decoder.js';
import { afterRoundTrip } from './random-commands.js';

const samples: RemotingCommand[] = [
  { code: 105, language: 'JAVA', version: 409, opaque: 7, flag: 0, extFields: { topic: 'TopicTest' }, serializeType: SerializeType.JSON },
  {
    code: 0,
    language: 'GO',
    version: 121,
    opaque: -2147483648,
    flag: 1,
    remark: 'fine: ünïcödé ✓ "quoted" \\ \n',
    extFields: { msgId: 'C0A8', queueId: '2', empty: '', 'ключ': 'значение' },
    body: Buffer.from('hello'),
    serializeType: SerializeType.JSON,
  },
  { code: 34, language: 'JAVA', version: 0, opaque: 2147483647, flag: 2, serializeType: SerializeType.JSON },
  {
    code: 310,
    language: 'CPP',
    version: 409,
    opaque: 99,
    flag: 0,
    remark: 'r',
    extFields: { a: 'G', b: 'T', 'ключ': 'значение' },
    body: Buffer.alloc(1000, 7),
    serializeType: SerializeType.ROCKETMQ,
  },
  { code: -1, language: 'RUST', version: -5, opaque: 0, flag: 3, serializeType: SerializeType.ROCKETMQ },
];

test('every sample decodes back to itself', () => {
  for (const cmd of samples) {
    assert.deepEqual(decodeCommand(encodeCommand(cmd)), afterRoundTrip(cmd));
  }
});

test('the streaming decoder returns the same commands as decodeCommand', () => {
  const decoder = new FrameDecoder();
  decoder.push(Buffer.concat(samples.map(encodeCommand)));
  const out: RemotingCommand[] = [];
  for (let cmd = decoder.next(); cmd; cmd = decoder.next()) out.push(cmd);
  assert.deepEqual(out, samples.map((s) => decodeCommand(encodeCommand(s))));
  assert.equal(decoder.bufferedBytes, 0);
});

test('a response is encoded in its request serialization', () => {
  for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const request = createRequest(105, { extFields: { topic: 'T' }, serializeType });
    const decodedRequest = decodeCommand(encodeCommand(request));
    const response = createResponse(decodedRequest, 17, { remark: 'No topic route info' });
    const frame = encodeCommand(response);
    assert.equal(frame.readUInt8(4), serializeType, 'type byte of the header-length word');
    const decoded = decodeCommand(frame);
    assert.equal(decoded.serializeType, serializeType);
    assert.equal(decoded.opaque, request.opaque);
    assert.equal(decoded.flag, 1);
    assert.equal(decoded.remark, 'No topic route info');
  }
});

test('the header-only encoding plus the body equals the whole frame', () => {
  for (const cmd of samples) {
    const body = cmd.body ?? Buffer.alloc(0);
    const header = encodeCommandHeader(cmd, body.length);
    assert.deepEqual(Buffer.concat([header, body]), encodeCommand(cmd));
  }
});

test('a decoded body is a view of the received chunk when the frame lies in one chunk', () => {
  const frame = encodeCommand(samples[1]!);
  const decoder = new FrameDecoder();
  decoder.push(frame);
  const cmd = decoder.next();
  assert.ok(cmd?.body);
  assert.equal(cmd.body.buffer, frame.buffer);
});
