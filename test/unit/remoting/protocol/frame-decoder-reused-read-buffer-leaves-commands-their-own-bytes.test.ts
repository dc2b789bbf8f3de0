// A socket that reads into one reused buffer hands the decoder the same bytes again and again.
// Fed that way, at every split point and many frames per read, the decoder gives the commands
// it gives for fresh chunks, and a command kept after later reads still holds its own bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder, partialFrameBytesUpfrontMax } from '../../../../src/remoting/protocol/frame-decoder.js';
import { Random, randomCommand } from './random-commands.js';

const seed = 20261121;
const r = new Random(seed);
const frames = Array.from({ length: 12 }, () => encodeCommand(randomCommand(r)));
const stream = Buffer.concat(frames);

/** Feeds `stream` through one reused buffer in reads of the given sizes, scribbling over it after each. */
function decodeThroughReusedBuffer(readSizes: number[]): RemotingCommand[] {
  const decoder = new FrameDecoder();
  const readBuffer = Buffer.alloc(Math.max(...readSizes));
  const out: RemotingCommand[] = [];
  let at = 0;
  for (let i = 0; at < stream.length; i++) {
    const n = Math.min(readSizes[i % readSizes.length]!, stream.length - at);
    stream.copy(readBuffer, 0, at, at + n);
    decoder.feed(readBuffer, 0, n, true, (cmd) => out.push(cmd));
    readBuffer.fill(0xee);
    at += n;
  }
  assert.equal(decoder.bufferedBytes, 0);
  return out;
}

function decodeFreshChunks(): RemotingCommand[] {
  const decoder = new FrameDecoder();
  decoder.push(Buffer.from(stream));
  const out: RemotingCommand[] = [];
  for (let cmd = decoder.next(); cmd !== undefined; cmd = decoder.next()) out.push(cmd);
  return out;
}

const expected = decodeFreshChunks();

test('many frames in one reused read decode like fresh chunks and keep their bytes', () => {
  assert.equal(expected.length, frames.length, `seed ${seed}`);
  assert.deepEqual(decodeThroughReusedBuffer([stream.length]), expected, `seed ${seed}`);
});

test('a reused read split at every boundary decodes identically', () => {
  for (let split = 1; split < stream.length; split += 7) {
    assert.deepEqual(decodeThroughReusedBuffer([split, stream.length]), expected, `seed ${seed}, first read of ${split} bytes`);
  }
  assert.deepEqual(decodeThroughReusedBuffer([1]), expected, `seed ${seed}, one byte per read`);
  assert.deepEqual(decodeThroughReusedBuffer([3, 5, 64]), expected, `seed ${seed}, mixed reads`);
});

test('a frame bigger than the upfront allocation, spanning many reads, is assembled intact', () => {
  const body = Buffer.alloc(partialFrameBytesUpfrontMax * 2 + 12345);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
  const frame = encodeCommand({ ...expected[0]!, body });
  const decoder = new FrameDecoder({ frameSizeMax: 4 * partialFrameBytesUpfrontMax });
  const readBuffer = Buffer.alloc(64 * 1024);
  const out: RemotingCommand[] = [];
  for (let at = 0; at < frame.length; at += readBuffer.length) {
    const n = frame.copy(readBuffer, 0, at, at + readBuffer.length);
    decoder.feed(readBuffer, 0, n, true, (cmd) => out.push(cmd));
    readBuffer.fill(0);
  }
  assert.equal(out.length, 1);
  assert.ok(out[0]!.body!.equals(body));
});

test('bodies decoded from fresh chunks are views, from a reused buffer copies', () => {
  const withBody = encodeCommand({ ...expected[0]!, body: Buffer.from('body bytes') });
  const fresh = Buffer.from(withBody);
  const reused = Buffer.from(withBody);
  const decoder = new FrameDecoder();
  const seen: RemotingCommand[] = [];
  decoder.feed(fresh, 0, fresh.length, false, (cmd) => seen.push(cmd));
  decoder.feed(reused, 0, reused.length, true, (cmd) => seen.push(cmd));
  fresh.fill(0x41);
  reused.fill(0x41);
  assert.equal(seen[0]!.body!.toString(), 'AAAAAAAAAA', 'a fresh chunk is not copied');
  assert.equal(seen[1]!.body!.toString(), 'body bytes', 'a reused buffer is copied');
});
