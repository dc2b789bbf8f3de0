import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties } from '../../../src/common/config/properties-parser.js';
import { ConfigError } from '../../../src/common/errors.js';

const pairs = (text: string) => parseProperties(text).map((e) => [e.key, e.value]);

test('separators "=", ":" and blanks, with blanks around them and the value trimmed', () => {
  assert.deepEqual(pairs('a=1\n  b : 2  \nc 3\nd\t=\t4\ne=\nf\ng = x = y'), [
    ['a', '1'],
    ['b', '2'],
    ['c', '3'],
    ['d', '4'],
    ['e', ''],
    ['f', ''],
    ['g', 'x = y'],
  ]);
});

test('comments with # or !, blank lines and every line ending are skipped', () => {
  const entries = parseProperties('# comment\r\n! other\r\n\r\n   \rkey=value # not a comment\n');
  assert.deepEqual(entries, [{ key: 'key', value: 'value # not a comment', line: 5 }]);
});

test('a trailing backslash continues the line; an escaped backslash does not', () => {
  assert.deepEqual(pairs('list=a;\\\n    b;\\\n    c\npath=C:\\\\\nnext=1'), [
    ['list', 'a;b;c'],
    ['path', 'C:\\'],
    ['next', '1'],
  ]);
});

test('escapes in keys and values: \\t \\n \\uXXXX, and \\= \\: in a key', () => {
  assert.deepEqual(pairs('a\\=b\\:c=x\\ty\\nz\\u00e9\\q'), [['a=b:c', 'x\ty\nzéq']]);
});

test('a later duplicate wins when read into a map, and line numbers point at each entry', () => {
  const entries = parseProperties('k=1\n\nk=2');
  assert.deepEqual(entries.map((e) => e.line), [1, 3]);
  assert.equal(new Map(entries.map((e) => [e.key, e.value])).get('k'), '2');
});

test('a malformed \\u escape is a ConfigError naming the place', () => {
  assert.throws(
    () => parseProperties('ok=1\nbad=\\u12G4', 'namesrv.conf'),
    (err: unknown) => err instanceof ConfigError && err.message.includes('namesrv.conf:2'),
  );
});
