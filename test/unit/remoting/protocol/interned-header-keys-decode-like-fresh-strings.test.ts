// Header keys (binary and JSON) come from the interned-key table once seen: decoding gives the
// same extFields as before, keys of every length and non-ASCII keys included, and a stream of ever
// new keys (a hostile peer) read from one reused buffer still decodes each as itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, createRequest } from '../../../../src/remoting/protocol/command.js';
import { decodeCommand, encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { internedKey, internedKeyBytesMax, internedKeySlots } from '../../../../src/remoting/protocol/interned-keys.js';

const serializeTypes = [SerializeType.ROCKETMQ, SerializeType.JSON];

const roundTrip = (extFields: Record<string, string>, serializeType: SerializeType = SerializeType.ROCKETMQ) =>
  decodeCommand(encodeCommand(createRequest(10, { serializeType, extFields }))).extFields;

test('keys decode to the same extFields the first time and after', () => {
  const extFields = {
    a: 'g',
    topic: 'T',
    consumerGroup: 'G',
    ['k'.repeat(internedKeyBytesMax)]: 'at the limit',
    ['k'.repeat(internedKeyBytesMax + 1)]: 'over the limit',
    'ключ': 'non-ASCII key',
    __proto__x: 'odd name',
    '0': 'numeric name',
  };
  for (const type of serializeTypes) {
    for (let round = 0; round < 3; round++) assert.deepEqual(roundTrip(extFields, type), extFields, `type ${type}, round ${round}`);
  }
});

test('keys differing in one byte or in length are not mixed up', () => {
  const first = { queueId: '1', queueIe: '2', queueI: '3', queueIdd: '4' };
  for (const type of serializeTypes) {
    assert.deepEqual(roundTrip(first, type), first);
    assert.deepEqual(roundTrip(first, type), first);
  }
});

test('endless new keys (more than the table holds, in one reused buffer) each come back as themselves', () => {
  const bytes = Buffer.alloc(16);
  for (let n = 0; n < internedKeySlots * 2; n++) {
    const key = `new-key-${n}`;
    const length = bytes.write(key, 'latin1');
    assert.equal(internedKey(bytes, 0, length, key, 0), key);
  }
  assert.deepEqual(roundTrip({ 'never-seen-before': 'v' }), { 'never-seen-before': 'v' });
});
