// The JSON header is written like fastjson (sorted keys, nulls omitted) and read leniently
// (numeric/boolean extFields coerced, unknown keys ignored), but never rounds a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SerializeType } from '../../../../src/remoting/protocol/command.js';
import { ProtocolError } from '../../../../src/remoting/protocol/errors.js';
import { decodeJsonHeader, encodeJsonHeader } from '../../../../src/remoting/protocol/json-header.js';
import { asDecoded } from './random-commands.js';

const decode = (text: string) => decodeJsonHeader(Buffer.from(text, 'utf8'));

test('keys are emitted in alphabetical order with nulls omitted', () => {
  const text = encodeJsonHeader({
    code: 105,
    language: 'JAVA',
    version: 409,
    opaque: 7,
    flag: 0,
    extFields: { topic: 'TopicTest' },
    serializeType: SerializeType.JSON,
  }).toString();
  assert.equal(
    text,
    '{"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":409}',
  );
});

test('numeric and boolean extFields become strings; unknown keys and nulls are ignored', () => {
  const cmd = decode(
    '{"code":310,"language":"JAVA","opaque":3,"flag":0,"version":121,"remark":null,"whatever":[1,{"x":2}],' +
      '"serializeTypeCurrentRPC":"JSON","extFields":{"a":"G","e":3,"g":1700000000000,"k":false,"m":true,"n":null,"z":-0.5}}',
  );
  assert.deepEqual(cmd, asDecoded({
    code: 310,
    language: 'JAVA',
    version: 121,
    opaque: 3,
    flag: 0,
    extFields: { a: 'G', e: '3', g: '1700000000000', k: 'false', m: 'true', z: '-0.5' },
    serializeType: SerializeType.JSON,
  }));
});

test('absent fields take Java defaults and any language name is kept', () => {
  assert.deepEqual(decode('{"language":"NODE_JS_FUTURE"}'), asDecoded({
    code: 0,
    language: 'NODE_JS_FUTURE',
    version: 0,
    opaque: 0,
    flag: 0,
    serializeType: SerializeType.JSON,
  }));
});

test('a number that JSON cannot carry exactly is refused, not rounded', () => {
  for (const literal of ['18446744073709551616', '9007199254740993', '-9007199254740993', '1e400', '-1e400']) {
    assert.throws(
      () => decode(`{"code":1,"extFields":{"queueOffset":${literal},"x":"y"}}`),
      (err: unknown) => err instanceof ProtocolError && err.reason === 'badHeaderField',
      literal,
    );
  }
  const fraction = decode('{"code":1,"extFields":{"ratio":0.10000000000000000001}}');
  assert.equal(fraction.extFields?.ratio, '0.10000000000000000001');
});

test('wrong types are typed errors', () => {
  for (const text of ['[]', 'null', '"x"', '{"code":"abc"}', '{"code":4294967296}', '{"extFields":[1]}', '{"extFields":{"a":{}}}', '{"language":5}', '{"remark":{}}']) {
    assert.throws(() => decode(text), ProtocolError, text);
  }
});

test('the exactness check reads the member JSON.parse kept: last duplicate, top level, escaped keys', () => {
  assert.equal(decode('{"extFields":{"a":1e400,"a":"s"}}').extFields?.a, 's');
  assert.throws(() => decode('{"extFields":{"a":"s","a":1e400}}'), ProtocolError);
  assert.equal(decode('{"x":{"extFields":{"a":1e400}},"extFields":{"a":0.25}}').extFields?.a, '0.25');
  assert.equal(decode('{"extFields":{"a":1e400},"extFields":{"a":-2.5E-3}}').extFields?.a, '-2.5E-3');
  assert.throws(() => decode('{"extFields":{"\\u0061":12345678901234567890}}'), ProtocolError);
  assert.equal(decode('{"extFields":{"q\\"o":1.5, "b" : 2}}').extFields?.['q"o'], '1.5');
});
