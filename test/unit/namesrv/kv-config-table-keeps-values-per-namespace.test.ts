import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvConfigTable } from '../../../src/namesrv/kv-config.js';

test('kv config values are kept per namespace and listed as copies', () => {
  const kv = new KvConfigTable();
  kv.put('ORDER_TOPIC_CONFIG', 'T', 'broker-a:4');
  kv.put('ORDER_TOPIC_CONFIG', 'T', 'broker-a:8');
  kv.put('other', 'T', 'x');
  assert.equal(kv.get('ORDER_TOPIC_CONFIG', 'T'), 'broker-a:8');
  assert.equal(kv.get('ORDER_TOPIC_CONFIG', 'missing'), undefined);
  const listed = kv.list('ORDER_TOPIC_CONFIG');
  assert.deepEqual([...(listed ?? [])], [['T', 'broker-a:8']]);
  listed?.clear();
  assert.equal(kv.get('ORDER_TOPIC_CONFIG', 'T'), 'broker-a:8');

  kv.delete('ORDER_TOPIC_CONFIG', 'T');
  assert.equal(kv.get('ORDER_TOPIC_CONFIG', 'T'), undefined);
  assert.equal(kv.list('ORDER_TOPIC_CONFIG'), undefined, 'an emptied namespace lists as nothing');
  kv.delete('never', 'x');
  assert.equal(kv.get('other', 'T'), 'x');
});

test('every change, and only a change, is reported; restore and snapshot copy whole namespaces', () => {
  let changes = 0;
  const kv = new KvConfigTable(() => changes++);
  kv.put('ns', 'k', 'v');
  kv.put('ns', 'k', 'v');
  kv.delete('ns', 'missing');
  kv.delete('other', 'k');
  assert.equal(changes, 1);
  kv.delete('ns', 'k');
  assert.equal(changes, 2);

  kv.restore(new Map([['ns', new Map([['a', '1']])], ['empty', new Map()]]));
  assert.equal(changes, 2, 'restore is not a change');
  const snapshot = kv.snapshot();
  assert.deepEqual(snapshot, new Map([['ns', new Map([['a', '1']])]]));
  snapshot.get('ns')?.set('b', '2');
  assert.equal(kv.get('ns', 'b'), undefined);
});
