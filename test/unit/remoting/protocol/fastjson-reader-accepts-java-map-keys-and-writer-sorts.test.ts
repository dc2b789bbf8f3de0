// The tolerant reader accepts what fastjson writes (unquoted integer keys, object keys, exact
// big integers) and fails only with BodyFormatError; the writer sorts keys, drops nulls and
// writes map keys the fastjson way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyFormatError } from '../../../../src/remoting/protocol/errors.js';
import { jsonDepthMax, parseFastjson } from '../../../../src/remoting/protocol/bodies/fastjson-parse.js';
import { writeFastjson } from '../../../../src/remoting/protocol/bodies/fastjson-write.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));

test('unquoted integer keys, negative too', () => {
  assert.deepEqual(plain(parseFastjson('{"brokerAddrs":{0:"10.0.0.5:10911",1:"10.0.0.6:10911"},"d":{-1:33, 3:5}}')), {
    brokerAddrs: { 0: '10.0.0.5:10911', 1: '10.0.0.6:10911' },
    d: { '-1': 33, 3: 5 },
  });
});

test('object keys become canonical JSON text, whatever their key order', () => {
  const parsed = parseFastjson(
    '{"offsetTable":{{"topic":"T","queueId":0,"brokerName":"b"}:{"brokerOffset":10},{"brokerName":"b","queueId":1,"topic":"T"}:{"brokerOffset":11}}}',
  ) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(parsed.offsetTable!), [
    '{"brokerName":"b","queueId":0,"topic":"T"}',
    '{"brokerName":"b","queueId":1,"topic":"T"}',
  ]);
});

test('integers beyond 2^53 stay exact as bigint; others are numbers', () => {
  const parsed = parseFastjson('[9007199254740991,9007199254740992,-18446744073709551616,1.5,0,-0.25e2]') as unknown[];
  assert.deepEqual(parsed, [9007199254740991, 9007199254740992n, -18446744073709551616n, 1.5, 0, -25]);
});

test('a __proto__ key is plain data', () => {
  const parsed = parseFastjson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(plain(parsed['__proto__']), { polluted: true });
});

test('bad input is always a BodyFormatError', () => {
  const bad = [
    '', ' ', '{', '}', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', '{1.5:2}', '{true:1}', '"unterminated', '"\\x"', '"\\u12g4"',
    '01', '1.', '-', '1e', 'nul', 'tru', '{"a":1} x', '"a\nb"', '[' .repeat(jsonDepthMax + 1) + ']'.repeat(jsonDepthMax + 1), '1e400',
    '{{"a":1', '{{}:', '\u0000',
  ];
  for (const text of bad) assert.throws(() => parseFastjson(text), BodyFormatError, JSON.stringify(text.slice(0, 40)));
});

test('the writer sorts keys, omits nulls, writes integer keys unquoted and object keys embedded', () => {
  const mq = (queueId: number) => ({ topic: 'T', queueId, brokerName: 'b' });
  const value = {
    z: 1,
    a: null,
    m: undefined,
    offsetTable: new Map([
      [mq(1), { lastTimestamp: 0, brokerOffset: 11 }],
      [mq(0), { brokerOffset: 10, consumerOffset: null }],
    ]),
    brokerAddrs: new Map([
      [10, 'x'],
      [2, 'y'],
    ]),
    big: 12345678901234567890n,
    tags: new Set(['b', 'a']),
    list: [null, 'é"\\'],
  };
  assert.equal(
    writeFastjson(value),
    '{"big":12345678901234567890,"brokerAddrs":{2:"y",10:"x"},"list":[null,"é\\"\\\\"],' +
      '"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{"brokerOffset":10},{"brokerName":"b","queueId":1,"topic":"T"}:{"brokerOffset":11,"lastTimestamp":0}},' +
      '"tags":["b","a"],"z":1}',
  );
  assert.equal(writeFastjson({ brokerAddrs: new Map([[0, 'x']]) }, { quoteMapKeys: true }), '{"brokerAddrs":{"0":"x"}}');
});

test('what the writer emits, the reader reads back (object and integer keys as their text)', () => {
  const text = writeFastjson({ t: new Map([[{ topic: 'T', queueId: 3, brokerName: 'b' }, new Map([[-1, 5n ** 30n]])]]) });
  assert.equal(text, '{"t":{{"brokerName":"b","queueId":3,"topic":"T"}:{-1:931322574615478515625}}}');
  const parsed = parseFastjson(text) as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(plain(parsed), { t: { '{"brokerName":"b","queueId":3,"topic":"T"}': { '-1': '931322574615478515625n' } } });
  // A stringified object key (the quoted form) reads as the same key.
  assert.deepEqual(parseFastjson(writeFastjson(parsed)), parsed);
});
