// The JSON header decoder reads the common flat form with its own scanner and leaves the rest
// to JSON.parse; both must give the same command or the same error for every input. Seeded:
// replay a failure with RANDOM_SEED=<seed printed in the failure>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType, type RemotingCommand } from '../../../../src/remoting/protocol/command.js';
import { ProtocolError } from '../../../../src/remoting/protocol/errors.js';
import { scanFlatJsonHeader } from '../../../../src/remoting/protocol/json-flat-header.js';
import { jsonHeaderText, parseJsonHeaderText, readJsonHeader } from '../../../../src/remoting/protocol/json-header.js';
import { Random, randomCommand, testSeed } from './random-commands.js';

const rounds = 20000;

type Outcome = { command: RemotingCommand } | { error: string };

function outcome(decode: () => RemotingCommand): Outcome {
  try {
    return { command: decode() };
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `not a ProtocolError: ${String(error)}`);
    return { error: error.message };
  }
}

/** Decodes `text` placed inside a bigger buffer, as the frame decoder does, and through JSON.parse. */
function assertSameAsJsonParse(text: Buffer, r: Random, context: string): void {
  const before = r.bytes(r.int(0, 8));
  const after = r.bytes(r.int(0, 8));
  const buf = Buffer.concat([before, text, after]);
  const fast = outcome(() => readJsonHeader(buf, before.length, before.length + text.length));
  const reference = outcome(() => parseJsonHeaderText(text.toString('utf8')));
  assert.deepEqual(fast, reference, context);
}

/** Strings with every kind of escape, valid and not. */
const escapedStrings = ['"x\\u0001y"', '"\\ud83d\\ude00"', '"\\uD83D"', '"\\u00e9\\u00C9"', '"\\n\\t\\r\\b\\f\\/\\\\\\""', '"\\x"', '"\\u12"', '"\\u12g4"', '"a\\"'];

const scalars = ['0', '-0', '7', '-12', '2147483647', '2147483648', '1.5', '1e3', '-2.5E-3', '9007199254740993', '"s"', '"12"', 'true', 'false', 'null'];

/** A header in the flat form or close to it: known and unknown members, odd values, duplicates. */
function flatHeader(r: Random): string {
  const members: string[] = [];
  const names = ['code', 'language', 'version', 'opaque', 'flag', 'remark', 'extFields', 'serializeTypeCurrentRPC', 'x'];
  const n = r.int(0, 9);
  for (let i = 0; i < n; i++) {
    const name = r.pick(names);
    if (name === 'extFields' && r.chance(0.8)) {
      const entries: string[] = [];
      const m = r.int(0, 5);
      for (let j = 0; j < m; j++) {
        const key = r.pick(['"a"', '"topic"', '"\\u0061"', '"q\\"o"', '"__proto__"', '"é"', '"1"']);
        entries.push(`${key}:${r.pick([...scalars, ...escapedStrings, '{}', '[]'])}`);
      }
      members.push(`"extFields":{${entries.join(',')}}`);
    } else {
      members.push(`"${name}":${r.pick([...scalars, ...escapedStrings, '"JAVA"', '{}', '[1]'])}`);
    }
  }
  return `{${members.join(',')}}`;
}

function mutate(r: Random, text: Buffer): Buffer {
  const b = Buffer.from(text);
  switch (r.int(0, 3)) {
    case 0:
      if (b.length > 0) b[r.int(0, b.length - 1)] = r.pick([0x20, 0x22, 0x2c, 0x3a, 0x5c, 0x7b, 0x7d, 0x30, 0x2d, 0x2e, 0x65, 0xc3, r.int(0, 255)]);
      return b;
    case 1:
      return b.subarray(0, r.int(0, b.length));
    case 2: {
      const at = r.int(0, b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(r.pick([' ', ',', '"', '}', '{', '\\', '0', 'é', '\n'])), b.subarray(at)]);
    }
    default:
      return Buffer.concat([b, Buffer.from(r.pick(['}', ' ', 'x', '{}']))]);
  }
}

test('every JSON header decodes as JSON.parse decodes it (seeded: encoded, flat-form and mutated texts)', () => {
  const seed = testSeed();
  const r = new Random(seed);
  for (let round = 0; round < rounds; round++) {
    let text: Buffer;
    if (r.chance(0.4)) {
      const cmd = randomCommand(r);
      cmd.serializeType = SerializeType.JSON;
      text = Buffer.from(jsonHeaderText(cmd), 'utf8');
    } else {
      text = Buffer.from(flatHeader(r), 'utf8');
    }
    if (r.chance(0.5)) text = mutate(r, text);
    assertSameAsJsonParse(text, r, `seed ${seed}, round ${round}: ${text.toString('utf8')}`);
  }
});

test('the scanner reads the flat form real clients send, and leaves everything else to JSON.parse', () => {
  const read = (text: string) => {
    const buf = Buffer.from(`${text}"tail"`, 'utf8');
    return scanFlatJsonHeader(buf, 0, buf.length - 6);
  };
  assert.deepEqual(read('{"code":310,"extFields":{"a":"G","e":3,"k":false},"flag":0,"language":"JAVA","opaque":-7,"version":121}'), {
    code: 310,
    language: 'JAVA',
    version: 121,
    opaque: -7,
    flag: 0,
    remark: undefined,
    extFields: { a: 'G', e: '3', k: 'false' },
  });
  assert.deepEqual(read('{"extFields":{"i":"K\\u0001V\\u0002"},"remark":"a\\"b"}')?.extFields, { i: 'K\u0001V\u0002' });
  assert.equal(read('{"remark":"\\n\\t\\/\\\\\\"\\u00e9\\ud83d\\ude00"}')?.remark, '\n\t/\\"\u00e9\ud83d\ude00');
  for (const text of [
    '{ "code":1}',
    '{"code":1,"code":2}',
    '{"co\\u0064e":1}',
    '{"remark":"é"}',
    '{"x":{"y":1}}',
    '{"extFields":{"a":null}}',
    '{"extFields":{"a":9007199254740993}}',
    '{"extFields":{"__proto__":"x"}}',
    '{"code":01}',
    '{"code":1}}',
    '{"code":1',
    '{"code":1,}',
    '{"remark":"\\x"}',
    '{"remark":"\\u12"}',
  ]) {
    assert.equal(read(text), undefined, text);
  }
});

/** Texts close to fastjson's member order, where the reader's ordered path must agree with JSON.parse or step aside. */
function nearlyOrdered(r: Random): string {
  const cmd = randomCommand(r);
  cmd.serializeType = SerializeType.JSON;
  const text = jsonHeaderText(cmd);
  const member = r.pick(['code', 'flag', 'opaque', 'version']);
  switch (r.int(0, 4)) {
    case 0:
      return text.replace(new RegExp(`"${member}":-?\\d+`), `"${member}":${r.pick(['1.0', '01', '-0', '-', '1e2', '"3"', 'null', '2147483648', '123456789012345678', '7 '])}`);
    case 1:
      return text.replace('"language":"JAVA"', `"language":${r.pick(['"GO"', '"JAVA "', 'null', '"J\\u0041VA"'])}`);
    case 2:
      return text.replace(',"serializeTypeCurrentRPC"', `,"remark":${r.pick(['"r"', '"a\\u0001b"', 'null', '1', '"é"'])},"serializeTypeCurrentRPC"`);
    case 3:
      return text.replace(new RegExp(`,?"${member}":-?\\d+`), '');
    default:
      return text.replace(new RegExp(`("${member}":-?\\d+)`), `$1,$1`);
  }
}

test('headers in fastjson order, and texts one step away from it, decode as JSON.parse decodes them (seeded)', () => {
  const seed = testSeed();
  const r = new Random(seed);
  for (let round = 0; round < rounds / 4; round++) {
    const text = Buffer.from(nearlyOrdered(r), 'utf8');
    assertSameAsJsonParse(text, r, `seed ${seed}, round ${round}: ${text.toString('utf8')}`);
  }
  const ordered = '{"code":0,"extFields":{"msgId":"M","queueId":"3"},"flag":1,"language":"JAVA","opaque":-9,"remark":"a\\u0001b","serializeTypeCurrentRPC":"JSON","version":409}';
  const buf = Buffer.from(ordered);
  assert.deepEqual(scanFlatJsonHeader(buf, 0, buf.length), {
    code: 0,
    language: 'JAVA',
    version: 409,
    opaque: -9,
    flag: 1,
    remark: 'a\u0001b',
    extFields: { msgId: 'M', queueId: '3' },
  });
});
