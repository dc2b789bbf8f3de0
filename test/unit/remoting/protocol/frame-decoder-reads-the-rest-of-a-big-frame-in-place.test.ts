// A client connection reads the rest of a big frame (a pull response of many messages) straight
// into the buffer the decoder assembles it in. The decoder offers that buffer only when it holds
// the whole frame and enough of it is missing; bytes read there complete the frame without a
// copy, the frames after it decode as usual, and a bad header found there fails the stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, createRequest, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { ProtocolError } from '../../../../src/remoting/protocol/errors.js';
import { encodeCommand, frameSizeMax } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../../src/remoting/protocol/frame-decoder.js';

const minBytes = 64 * 1024;

function bigFrame(bodyBytes: number): { frame: Buffer; body: Buffer } {
  const body = Buffer.alloc(bodyBytes);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7 + 3) & 0xff;
  return { frame: encodeCommand(createRequest(11, { serializeType: SerializeType.JSON, extFields: { queueOffset: '42' }, body })), body };
}

test('the rest of a frame read in place completes it, its body a view of the target, and later frames follow', () => {
  const { frame, body } = bigFrame(minBytes * 5 + 321);
  const after = encodeCommand(createRequest(12, { extFields: { n: 'next' }, body: Buffer.from('after') }));
  const decoder = new FrameDecoder({ partialFrameUpfrontBytesMax: frameSizeMax });
  const out: RemotingCommand[] = [];
  const sink = (cmd: RemotingCommand): void => void out.push(cmd);

  assert.equal(decoder.inPlaceReadTarget(minBytes), undefined, 'no frame under way');
  const readBuffer = Buffer.alloc(minBytes);
  let at = frame.copy(readBuffer, 0, 0, 1000);
  decoder.feed(readBuffer, 0, at, true, sink);
  readBuffer.fill(0xee);

  let target = decoder.inPlaceReadTarget(minBytes);
  let inPlaceReads = 0;
  const buffers = new Set<ArrayBufferLike>();
  while (target !== undefined) {
    assert.equal(target.length, frame.length - at, 'the target is exactly the missing rest');
    buffers.add(target.buffer);
    // A socket read fills part of what it is offered.
    const n = frame.copy(target, 0, at, at + Math.min(target.length, 100_000));
    decoder.filledInPlace(n, sink);
    at += n;
    inPlaceReads++;
    target = decoder.inPlaceReadTarget(minBytes);
  }
  assert.ok(inPlaceReads >= 3);
  assert.equal(buffers.size, 1, 'every in-place read goes into the one frame buffer');
  assert.ok(frame.length - at < minBytes, 'the short tail goes through the read buffer');
  const tail = Buffer.concat([frame.subarray(at), after]);
  tail.copy(readBuffer);
  decoder.feed(readBuffer, 0, tail.length, true, sink);

  assert.equal(out.length, 2);
  assert.ok(out[0]!.body!.equals(body));
  assert.ok(buffers.has(out[0]!.body!.buffer), 'the body is a view of the buffer read into, not a copy');
  assert.equal(out[0]!.extFields?.queueOffset, '42');
  assert.equal(out[1]!.extFields?.n, 'next');
  assert.equal(decoder.bufferedBytes, 0);
});

test('no in-place target while the frame buffer still grows or when little is missing', () => {
  const { frame } = bigFrame(minBytes * 40);
  // The default upfront allocation is smaller than this frame: it grows as bytes arrive.
  const growing = new FrameDecoder();
  growing.feed(frame, 0, 1000, false, () => assert.fail('not complete'));
  assert.equal(growing.inPlaceReadTarget(minBytes), undefined);

  const whole = new FrameDecoder({ partialFrameUpfrontBytesMax: frameSizeMax });
  whole.feed(frame, 0, frame.length - minBytes + 1, false, () => assert.fail('not complete'));
  assert.equal(whole.inPlaceReadTarget(minBytes), undefined, `${minBytes - 1} bytes missing`);
  assert.equal(whole.inPlaceReadTarget(minBytes - 1)?.length, minBytes - 1);
});

test('a bad header in a frame completed in place is a ProtocolError, and the stream stays failed', () => {
  const { frame } = bigFrame(minBytes * 3);
  frame.writeInt32BE((7 << 24) | (frame.readInt32BE(4) & 0xffffff), 4); // serialize type 7: unknown
  const decoder = new FrameDecoder({ partialFrameUpfrontBytesMax: frameSizeMax });
  decoder.feed(frame, 0, 100, false, () => assert.fail('no command'));
  const target = decoder.inPlaceReadTarget(minBytes)!;
  const n = frame.copy(target, 0, 100);
  assert.throws(() => decoder.filledInPlace(n, () => assert.fail('no command')), ProtocolError);
  assert.throws(() => decoder.feed(Buffer.alloc(8), 0, 8, false, () => {}), ProtocolError);
});
