// Offset stores. Remote (CLUSTERING): reads from memory, from the broker (QUERY_NOT_FOUND = -1),
// or memory then broker; increaseOnly updates; persistAll sends the given queues (oneway unless
// asked) and forgets the others; a failed send is reported. Local (BROADCASTING): RocketMQ's
// OffsetSerializeWrapper JSON in <dir>/<clientId>/<group>/offsets.json, written atomically with
// a .bak of the previous file, which is read when the file is missing or damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageQueue } from '../../../src/common/message/message-queue.js';
import { RemoteOffsetStore } from '../../../src/client/consumer/offset-store/remote-offset-store.js';
import { LocalOffsetStore, offsetFilePath } from '../../../src/client/consumer/offset-store/local-offset-store.js';
import { SystemError } from '../../../src/client/errors/index.js';

const q = (queueId: number, topic = 'T'): MessageQueue => ({ topic, brokerName: 'broker-a', queueId });

class FakeBroker {
  readonly stored = new Map<number, number>();
  readonly updates: Array<{ queueId: number; offset: number; oneway: boolean }> = [];
  queries = 0;
  failUpdates = false;

  async queryConsumerOffset(queue: MessageQueue): Promise<number | undefined> {
    this.queries++;
    return this.stored.get(queue.queueId);
  }

  async updateConsumerOffset(queue: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    if (this.failUpdates) throw new SystemError({ brokerAddr: 'b', requestCode: 15, responseCode: 1, remark: 'down' }, 'switchBroker');
    this.updates.push({ queueId: queue.queueId, offset, oneway });
    this.stored.set(queue.queueId, offset);
  }
}

test('remote store: memory, store and memory-then-store reads', async () => {
  const broker = new FakeBroker();
  broker.stored.set(1, 42);
  const store = new RemoteOffsetStore(broker);
  assert.equal(await store.readOffset(q(1), 'memory'), -1, 'nothing cached yet');
  assert.equal(await store.readOffset(q(1), 'memoryThenStore'), 42, 'from the broker, then cached');
  assert.equal(await store.readOffset(q(1), 'memory'), 42);
  assert.equal(await store.readOffset(q(2), 'store'), -1, 'QUERY_NOT_FOUND is no offset');
  const before = broker.queries;
  assert.equal(await store.readOffset(q(1), 'memoryThenStore'), 42);
  assert.equal(broker.queries, before, 'a cached value needs no query');
});

test('remote store: increaseOnly updates never go back; plain updates do', async () => {
  const store = new RemoteOffsetStore(new FakeBroker());
  store.updateOffset(q(0), 10, true);
  store.updateOffset(q(0), 7, true);
  assert.equal(await store.readOffset(q(0), 'memory'), 10);
  store.updateOffset(q(0), 7, false);
  assert.equal(await store.readOffset(q(0), 'memory'), 7, 'a reset may go back');
});

test('remote store: persistAll sends the held queues and forgets the others', async () => {
  const broker = new FakeBroker();
  const store = new RemoteOffsetStore(broker);
  store.updateOffset(q(0), 5, true);
  store.updateOffset(q(1), 6, true);
  store.updateOffset(q(2), 7, true);
  await store.persistAll([q(0), q(2)]);
  assert.deepEqual(broker.updates, [
    { queueId: 0, offset: 5, oneway: true },
    { queueId: 2, offset: 7, oneway: true },
  ]);
  assert.equal(await store.readOffset(q(1), 'memory'), -1, 'a queue no longer held is forgotten');
  await store.persist(q(2), { oneway: false });
  assert.deepEqual(broker.updates.at(-1), { queueId: 2, offset: 7, oneway: false });
  broker.failUpdates = true;
  await assert.rejects(store.persistAll([q(0)], { oneway: false }), SystemError);
});

test('local store: the file is RocketMQ\'s OffsetSerializeWrapper, read back after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-local-offsets-'));
  try {
    const path = offsetFilePath(dir, '10.0.0.1@pid#1', 'G1');
    assert.equal(path, join(dir, '10.0.0.1@pid#1', 'G1', 'offsets.json'));
    const store = new LocalOffsetStore(path);
    await store.load();
    assert.equal(await store.readOffset(q(0), 'memoryThenStore'), -1, 'no file: no offset');
    store.updateOffset(q(0), 12, true);
    store.updateOffset(q(3), 4, true);
    await store.persistAll([q(0), q(3)]);
    assert.equal(
      readFileSync(path, 'utf8'),
      '{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:12,{"brokerName":"broker-a","queueId":3,"topic":"T"}:4}}',
    );
    const again = new LocalOffsetStore(path);
    await again.load();
    assert.equal(await again.readOffset(q(0), 'memory'), 12);
    assert.equal(await again.readOffset(q(3), 'store'), 4);

    store.updateOffset(q(0), 20, true);
    await store.persistAll([q(0), q(3)]);
    assert.ok(existsSync(`${path}.bak`), 'the previous file is kept as .bak');
    writeFileSync(path, '{"offsetTable":{{"brokerName":');
    const fromBak = new LocalOffsetStore(path);
    await fromBak.load();
    assert.equal(await fromBak.readOffset(q(0), 'memory'), 12, 'a damaged file falls back to the .bak');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
