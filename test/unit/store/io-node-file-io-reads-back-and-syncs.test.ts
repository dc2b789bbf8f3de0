import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileIO } from '../../../src/store/io/node-file-io.js';

test('node file io writes, reads, syncs, truncates and lists', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-io-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const io = new NodeFileIO();
  const path = join(dir, 'sub', 'f');
  assert.equal(io.openExisting(path), undefined);
  const h = io.open(path);
  h.truncate(1024);
  assert.equal(h.size(), 1024);
  h.write(Buffer.from('hello'), 10);
  h.writev([Buffer.from('ab'), Buffer.from('cd'), Buffer.alloc(0), Buffer.from('e')], 100);
  await h.sync();
  const out = Buffer.alloc(5);
  assert.equal(h.read(out, 0, 5, 10), 5);
  assert.equal(out.toString(), 'hello');
  assert.equal(h.read(out, 0, 5, 100), 5);
  assert.equal(out.toString(), 'abcde');
  assert.equal(h.read(out, 0, 5, 1022), 2, 'a read stops at the end of the file');
  h.close();
  assert.deepEqual(io.list(join(dir, 'sub')), ['f']);
  assert.deepEqual(io.list(join(dir, 'missing')), []);
  assert.ok(io.exists(path));
  assert.ok(io.modifiedAt(path) > 0);
  const usage = io.diskUsage(join(dir, 'not', 'yet'));
  assert.ok(usage.totalBytes > 0 && usage.freeBytes <= usage.totalBytes);
  io.remove(path);
  assert.equal(io.exists(path), false);
  assert.equal(io.readFile(path), undefined);
});

test('writeFileAtomic replaces the whole file and leaves no temporary file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-io-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const io = new NodeFileIO();
  const path = join(dir, 'meta', 'checkpoint');
  await io.writeFileAtomic(path, Buffer.from('first version, longer'));
  await io.writeFileAtomic(path, Buffer.from('second'));
  assert.equal(io.readFile(path)?.toString(), 'second');
  assert.deepEqual(readdirSync(join(dir, 'meta')), ['checkpoint']);
  await io.syncDir(join(dir, 'meta'));
});
