// Hostile frames never crash the decoder: each gives a ProtocolError with its reason, and the
// decoder keeps failing afterwards (the connection is to be closed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolError, type ProtocolErrorReason } from '../../../../src/remoting/protocol/errors.js';
import { frameSizeMax } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../../src/remoting/protocol/frame-decoder.js';

function frame(typeByte: number, header: Buffer, body = Buffer.alloc(0), headerLength = header.length): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(4 + header.length + body.length, 0);
  prefix.writeUInt32BE(((typeByte << 24) >>> 0) + headerLength, 4);
  return Buffer.concat([prefix, header, body]);
}

const json = (text: string) => frame(0, Buffer.from(text));

/** A binary header: fixed part, then the given remark/ext sections verbatim. */
function binaryHeader(rest: Buffer): Buffer {
  const fixed = Buffer.alloc(13);
  fixed.writeInt16BE(10, 0);
  fixed.writeInt8(0, 2);
  fixed.writeInt16BE(409, 3);
  fixed.writeInt32BE(1, 5);
  fixed.writeInt32BE(0, 9);
  return Buffer.concat([fixed, rest]);
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};

function expectReason(bytes: Buffer, reason: ProtocolErrorReason, options?: { frameSizeMax?: number }): void {
  const decoder = new FrameDecoder(options);
  decoder.push(bytes);
  let thrown: unknown;
  try {
    decoder.next();
  } catch (err) {
    thrown = err;
  }
  assert.ok(thrown instanceof ProtocolError, `expected a ProtocolError, got ${String(thrown)}`);
  assert.equal(thrown.reason, reason);
  assert.throws(() => decoder.next(), (err: unknown) => err === thrown, 'the decoder stays failed');
}

test('a negative or too small frame length', () => {
  expectReason(int32(-1), 'badFrameLength');
  expectReason(int32(-2147483648), 'badFrameLength');
  expectReason(Buffer.concat([int32(0), Buffer.alloc(8)]), 'badFrameLength');
  expectReason(Buffer.concat([int32(3), Buffer.alloc(8)]), 'badFrameLength');
});

test('a huge frame length fails at once, before its bytes arrive', () => {
  expectReason(int32(0x7fffffff), 'frameTooLarge');
  expectReason(int32(frameSizeMax - 3), 'frameTooLarge');
  expectReason(json('{"code":1}'), 'frameTooLarge', { frameSizeMax: 16 });
  const atLimit = new FrameDecoder({ frameSizeMax: 8 + 10 });
  atLimit.push(json('{"code":1}'));
  assert.equal(atLimit.next()?.code, 1, 'a frame of exactly frameSizeMax bytes is accepted');
});

test('a TLS ClientHello where a frame should start is named as TLS', () => {
  // Record header: handshake (22), TLS 1.0 record version, 512 bytes; then the ClientHello.
  expectReason(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), 'tlsNotSupported');
});

test('a header length beyond the frame', () => {
  expectReason(frame(0, Buffer.from('{}'), Buffer.alloc(0), 3), 'badHeaderLength');
  expectReason(frame(0, Buffer.from('{}'), Buffer.alloc(0), 0xffffff), 'badHeaderLength');
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(0)])), Buffer.alloc(0), 22), 'badHeaderLength');
});

test('bad JSON headers', () => {
  for (const text of ['', '{', '{"code":1', 'nul', '{"code":1}}', '\u0000', '[1,2]', '42', '"str"', 'null']) {
    expectReason(json(text), 'badJson');
  }
  expectReason(frame(0, Buffer.from([0xff, 0xfe, 0x7b])), 'badJson');
});

test('unknown serialize types', () => {
  for (const type of [2, 3, 0x7f, 0x80, 0xff]) expectReason(frame(type, Buffer.from('{}')), 'badSerializeType');
});

test('truncated binary headers', () => {
  expectReason(frame(1, Buffer.alloc(0)), 'truncatedHeader');
  expectReason(frame(1, Buffer.alloc(20)), 'truncatedHeader');
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(5), Buffer.from('ab'), int32(0)]))), 'truncatedHeader');
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(-1), int32(0)]))), 'truncatedHeader');
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(10), Buffer.alloc(4)]))), 'truncatedHeader');
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(-4)]))), 'truncatedHeader');
  const keyTooLong = Buffer.concat([int16(50), Buffer.from('k'), int32(1), Buffer.from('v')]);
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(keyTooLong.length), keyTooLong]))), 'truncatedHeader');
  const valueTooLong = Buffer.concat([int16(1), Buffer.from('k'), int32(9), Buffer.from('v')]);
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(valueTooLong.length), valueTooLong]))), 'truncatedHeader');
  const cutEntry = Buffer.concat([int16(1), Buffer.from('k'), int32(1), Buffer.from('v'), Buffer.from([0])]);
  expectReason(frame(1, binaryHeader(Buffer.concat([int32(0), int32(cutEntry.length), cutEntry]))), 'truncatedHeader');
});

test('overflowing numbers in extFields and fields of the wrong type', () => {
  for (const n of ['18446744073709551616', '9007199254740993', '-99999999999999999999', '1e400', '-1e309']) {
    expectReason(json(`{"code":11,"extFields":{"queueOffset":${n}}}`), 'badHeaderField');
  }
  expectReason(json('{"code":2147483648}'), 'badHeaderField');
  expectReason(json('{"code":1.5}'), 'badHeaderField');
  expectReason(json('{"opaque":"x"}'), 'badHeaderField');
  expectReason(json('{"flag":[]}'), 'badHeaderField');
  expectReason(json('{"extFields":"a=b"}'), 'badHeaderField');
  expectReason(json('{"extFields":{"a":[1]}}'), 'badHeaderField');
});

test('frames after a good one still fail; the good one is returned first', () => {
  const decoder = new FrameDecoder();
  decoder.push(Buffer.concat([json('{"code":5}'), int32(-7)]));
  assert.equal(decoder.next()?.code, 5);
  assert.throws(() => decoder.next(), (err: unknown) => err instanceof ProtocolError && err.reason === 'badFrameLength');
});
