// The JSON header encoder writes bytes itself (escaping in JavaScript, numbers digit by digit);
// they must be exactly JSON.stringify's for every character, length and field type.
// Seeded: replay a failure with RANDOM_SEED=<seed printed in the failure>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { jsonHeaderText, writeJsonHeader } from '../../../../src/remoting/protocol/json-header.js';
import { Random, randomCommand, testSeed } from './random-commands.js';

function encoded(cmd: RemotingCommand): string {
  let out = Buffer.alloc(64);
  for (;;) {
    const end = writeJsonHeader(cmd, out, 3);
    if (end >= 0) return out.toString('utf8', 3, end);
    out = Buffer.alloc(out.length * 2);
  }
}

const command = (remark: string, ext: Record<string, string>): RemotingCommand => ({
  code: 1,
  language: 'JAVA',
  version: 409,
  opaque: -5,
  flag: 0,
  remark,
  extFields: ext,
  serializeType: SerializeType.JSON,
});

test('every UTF-16 code unit, lone surrogates included, is written as JSON.stringify writes it', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const s = `a${String.fromCharCode(c)}b`;
    const cmd = command(s, { [s]: s });
    assert.equal(encoded(cmd), jsonHeaderText(cmd), `code unit 0x${c.toString(16)}`);
  }
});

test('long strings, numbers of every kind and fields of unexpected types match JSON.stringify', () => {
  const long = 'k\u0001"\\é'.repeat(200);
  const odd = [
    command(long, { [long]: long, plain: 'x'.repeat(1000) }),
    { ...command('r', {}), code: 2147483647, opaque: -2147483648, version: 1.5, flag: Number.NaN },
    { ...command('r', { n: 7 as unknown as string, b: true as unknown as string, z: null as unknown as string, u: undefined as unknown as string }) },
    { ...command('r', {}), language: undefined as unknown as string, remark: null as unknown as string },
    { ...command('r', {}), code: '7' as unknown as number, extFields: Object.create({ inherited: 'x' }) as Record<string, string> },
  ];
  for (const cmd of odd) assert.equal(encoded(cmd), jsonHeaderText(cmd));
});

test('random commands encode to JSON.stringify bytes (seeded)', () => {
  const seed = testSeed();
  const r = new Random(seed);
  for (let round = 0; round < 5000; round++) {
    const cmd = randomCommand(r);
    cmd.serializeType = SerializeType.JSON;
    assert.equal(encoded(cmd), jsonHeaderText(cmd), `seed ${seed}, round ${round}`);
  }
});
