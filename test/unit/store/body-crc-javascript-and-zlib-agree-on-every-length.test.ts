import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { bodyCrcMask, bodyCrcOf, crc32Js, crcNativeFromBytes } from '../../../src/common/message/stored-message-crc.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

test('the JavaScript CRC-32 equals zlib.crc32 for every length up to 1 KiB and random bytes', () => {
  const seed = Date.now() >>> 0;
  const rng = new SeededRandom(seed);
  const data = Buffer.alloc(1024 + 17);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
  for (let length = 0; length <= 1024; length++) {
    // An odd start offset too: bodies are slices of larger buffers.
    for (const start of [0, 17]) {
      const body = data.subarray(start, start + length);
      assert.equal(crc32Js(body), crc32(body), `length ${length} at ${start} (seed ${seed})`);
    }
  }
});

test('BODYCRC is the masked zlib CRC on both sides of the JavaScript/native threshold', () => {
  for (const length of [0, 1, crcNativeFromBytes - 1, crcNativeFromBytes, crcNativeFromBytes + 1, 4096]) {
    const body = Buffer.alloc(length, 0xa5);
    assert.equal(bodyCrcOf(body), crc32(body) & bodyCrcMask, `length ${length}`);
  }
  assert.equal(bodyCrcOf(Buffer.from('hello')), 0x3610a686);
});
