// The stream decoder gives the same commands whatever the chunking: split at every byte
// boundary, one byte at a time, or many frames in one chunk. An incomplete frame leaves the
// buffer untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../../src/remoting/protocol/frame-decoder.js';
import { Random, randomCommand } from './random-commands.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../test/fixtures/remoting');
const fixture = (name: string): Buffer => Buffer.from(readFileSync(resolve(fixtures, name), 'utf8').replace(/\s+/g, ''), 'hex');

const r = new Random(20240601);
const frames = [
  fixture('ali-ons-get-route-request.hex'),
  fixture('ali-ons-send-v2-request.hex'),
  fixture('rocketmq-response-send-with-body.hex'),
  ...Array.from({ length: 5 }, () => encodeCommand(randomCommand(r))),
];
const stream = Buffer.concat(frames);

function decodeChunks(chunks: Buffer[]): RemotingCommand[] {
  const decoder = new FrameDecoder();
  const out: RemotingCommand[] = [];
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let cmd = decoder.next(); cmd; cmd = decoder.next()) out.push(cmd);
  }
  assert.equal(decoder.bufferedBytes, 0);
  return out;
}

const expected = decodeChunks([stream]);

test('many frames in one chunk give every command', () => {
  assert.equal(expected.length, frames.length);
  assert.deepEqual(expected, frames.map((f) => decodeChunks([f])[0]));
});

test('a stream split at every byte boundary decodes identically', () => {
  for (let at = 0; at <= stream.length; at++) {
    assert.deepEqual(decodeChunks([stream.subarray(0, at), stream.subarray(at)]), expected, `split at ${at}`);
  }
});

test('a stream fed one byte at a time decodes identically', () => {
  const bytes = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
  assert.deepEqual(decodeChunks(bytes), expected);
});

test('an incomplete frame returns undefined and keeps its bytes', () => {
  const decoder = new FrameDecoder();
  const first = frames[1]!;
  for (const size of [1, 3, 4, 7, 8, first.length - 1]) {
    const partial = new FrameDecoder();
    partial.push(first.subarray(0, size));
    assert.equal(partial.next(), undefined);
    assert.equal(partial.bufferedBytes, size);
    partial.push(first.subarray(size));
    assert.deepEqual(partial.next(), expected[1]);
  }
  decoder.push(Buffer.alloc(0));
  assert.equal(decoder.next(), undefined);
});

test('the body of a frame split across chunks is copied out intact', () => {
  const big = encodeCommand({ ...expected[2]!, body: Buffer.alloc(100000, 0xab) });
  const chunks: Buffer[] = [];
  for (let at = 0; at < big.length; at += 1500) chunks.push(big.subarray(at, at + 1500));
  const [cmd] = decodeChunks(chunks);
  assert.equal(cmd?.body?.length, 100000);
  assert.ok(cmd?.body?.every((b) => b === 0xab));
});
