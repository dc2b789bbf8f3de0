// Seeded fuzz: random and mutated frames, fed in random chunks, give commands or a
// ProtocolError, never another exception; unmutated frames decode to what was encoded. The
// fastjson body reader gets the same treatment (a value or BodyFormatError).
// Replay a failure with RANDOM_SEED=<seed printed in the failure>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyFormatError, ProtocolError } from '../../../../src/remoting/protocol/errors.js';
import { decodeCommand, encodeCommand } from '../../../../src/remoting/protocol/frame-codec.js';
import { FrameDecoder } from '../../../../src/remoting/protocol/frame-decoder.js';
import type { RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { parseFastjson } from '../../../../src/remoting/protocol/bodies/fastjson-parse.js';
import { Random, afterRoundTrip, randomCommand, testSeed } from './random-commands.js';

const frameRounds = 12000;
const bodyRounds = 5000;

function mutate(r: Random, frame: Buffer): Buffer {
  const b = Buffer.from(frame);
  switch (r.int(0, 6)) {
    case 0: {
      const flips = r.int(1, 4);
      for (let i = 0; i < flips; i++) b[r.int(0, b.length - 1)] = r.int(0, 255);
      return b;
    }
    case 1:
      return b.subarray(0, r.int(0, b.length));
    case 2: {
      const at = r.int(0, b.length);
      return Buffer.concat([b.subarray(0, at), r.bytes(r.int(1, 16)), b.subarray(at)]);
    }
    case 3:
      b.writeInt32BE(r.int(-0x80000000, 0x7fffffff), 0);
      return b;
    case 4:
      if (b.length >= 8) b.writeUInt32BE(r.int(0, 0xffffffff), 4);
      return b;
    case 5:
      if (b.length >= 8) b.writeInt32BE(r.int(-8, b.length + 8), 4);
      return b;
    default:
      return r.bytes(r.int(0, 64));
  }
}

const numberLiterals = ['0', '-0', '42', '-7', '0.5', '1e5', '-2.5E-3', '9007199254740991', '9007199254740993', '18446744073709551616', '1e400', '-1e400'];

/** A JSON header whose extFields hold numbers of every kind, keys repeated and escaped. */
function numericJsonHeaderFrame(r: Random): Buffer {
  const members: string[] = [];
  const n = r.int(1, 5);
  for (let i = 0; i < n; i++) {
    const key = r.pick(['"a"', '"b"', '"\\u0061"', '"q\\"o"']);
    const value = r.chance(0.7) ? r.pick(numberLiterals) : r.pick(['"s"', 'true', 'null', '"1e400"']);
    members.push(`${key}:${value}`);
  }
  const decoy = r.chance(0.5) ? `"x":{"extFields":{"a":1e400}},` : '';
  const header = Buffer.from(`{${decoy}"code":1,"extFields":{${members.join(',')}}}`);
  const prefix = Buffer.alloc(8);
  prefix.writeInt32BE(4 + header.length, 0);
  prefix.writeInt32BE(header.length, 4);
  return Buffer.concat([prefix, header]);
}

function checkCommand(cmd: RemotingCommand): void {
  for (const field of ['code', 'version', 'opaque', 'flag'] as const) assert.ok(Number.isInteger(cmd[field]), field);
  assert.equal(typeof cmd.language, 'string');
  if (cmd.extFields) for (const v of Object.values(cmd.extFields)) assert.equal(typeof v, 'string');
}

function feed(r: Random, bytes: Buffer): void {
  const decoder = new FrameDecoder({ frameSizeMax: 1 << 20 });
  let at = 0;
  while (at < bytes.length) {
    const size = r.int(1, Math.max(1, bytes.length - at));
    decoder.push(bytes.subarray(at, at + size));
    at += size;
    try {
      for (let cmd = decoder.next(); cmd; cmd = decoder.next()) checkCommand(cmd);
    } catch (err) {
      if (err instanceof ProtocolError) return;
      throw err;
    }
  }
}

test(`${frameRounds} random and mutated frames decode or fail with ProtocolError`, () => {
  const seed = testSeed();
  const r = new Random(seed);
  let round = 0;
  try {
    for (; round < frameRounds; round++) {
      const cmd = randomCommand(r);
      const frame = encodeCommand(cmd);
      if (round % 4 === 0) assert.deepEqual(decodeCommand(frame), afterRoundTrip(cmd));
      const first = round % 8 === 1 ? numericJsonHeaderFrame(r) : mutate(r, frame);
      const stream = Buffer.concat([first, r.chance(0.5) ? encodeCommand(randomCommand(r)) : Buffer.alloc(0)]);
      feed(r, stream);
    }
  } catch (err) {
    assert.fail(`fuzz failed at round ${round} with seed ${seed} (replay: RANDOM_SEED=${seed}): ${(err as Error).stack}`);
  }
});

const bodySamples = [
  '{"brokerDatas":[{"brokerAddrs":{0:"10.0.0.5:10911",1:"10.0.0.6:10911"},"brokerName":"broker-a","cluster":"C"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}',
  '{"consumeTps":0.5,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"brokerOffset":10,"consumerOffset":8,"lastTimestamp":1690000000000}}}',
  '{"offsetTable":{"T@G":{0:12,-1:18446744073709551616}},"s":"\\u00e9\\n\\"x"}',
];

test(`${bodyRounds} mutated JSON bodies parse or fail with BodyFormatError`, () => {
  const seed = testSeed();
  const r = new Random(seed);
  const alphabet = '{}[]:,"\\-0123456789.eEtruefalsn \u00e9';
  let round = 0;
  try {
    for (; round < bodyRounds; round++) {
      let text = r.pick(bodySamples);
      const edits = r.int(1, 4);
      for (let i = 0; i < edits; i++) {
        const at = r.int(0, text.length);
        const op = r.int(0, 2);
        if (op === 0) text = text.slice(0, at) + text.slice(at + r.int(1, 5));
        else if (op === 1) text = text.slice(0, at) + alphabet.charAt(r.int(0, alphabet.length - 1)) + text.slice(at);
        else text = text.slice(0, at);
      }
      try {
        parseFastjson(text);
      } catch (err) {
        if (!(err instanceof BodyFormatError)) throw err;
      }
    }
  } catch (err) {
    assert.fail(`body fuzz failed at round ${round} with seed ${seed} (replay: RANDOM_SEED=${seed}): ${(err as Error).stack}`);
  }
});
