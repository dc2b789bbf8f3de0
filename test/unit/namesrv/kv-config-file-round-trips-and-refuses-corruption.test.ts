import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KvConfigFileError, readKvConfigFile, writeKvConfigFile } from '../../../src/namesrv/kv-config-file.js';

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-kv-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

test('kv config written to a new folder reads back the same, in RocketMQ\'s configTable shape', () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'namesrv', 'kvConfig.json');
  const namespaces = new Map([['ORDER_TOPIC_CONFIG', new Map([['T', 'broker-a:8']])]]);
  writeKvConfigFile(path, namespaces);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { configTable: { ORDER_TOPIC_CONFIG: { T: 'broker-a:8' } } });
  assert.deepEqual(readKvConfigFile(path), namespaces);
  assert.equal(existsSync(`${path}.tmp`), false, 'the temporary file was renamed');
});

test('a missing or empty file reads as no namespaces', () => {
  using tmp = tempDir();
  assert.deepEqual(readKvConfigFile(join(tmp.dir, 'absent.json')), new Map());
  writeFileSync(join(tmp.dir, 'empty.json'), '\n');
  assert.deepEqual(readKvConfigFile(join(tmp.dir, 'empty.json')), new Map());
});

test('a corrupt file is refused with an error naming it', () => {
  using tmp = tempDir();
  const cases = ['{"configTable":', '[]', '{"other":{}}', '{"configTable":{"ns":{"k":1}}}'];
  for (const text of cases) {
    const path = join(tmp.dir, 'kvConfig.json');
    writeFileSync(path, text);
    assert.throws(() => readKvConfigFile(path), (err: unknown) => err instanceof KvConfigFileError && err.message.includes(path), text);
  }
});
