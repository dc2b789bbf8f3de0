// Seeded property test: random topics, queues and body sizes (0 B to 256 KiB) spread over several
// small commit log and consume queue segments; every message read back through get() is byte for
// byte the record an independent encoder makes for it, before and after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeStoredMessage } from '../../../src/common/message/stored-message-encoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import type { PutMessage } from '../../../src/store/api.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

const seeds = [11, 22, 33];
const bodyMax = 256 * 1024;
const config = {
  mappedFileSizeCommitLog: 512 * 1024,
  mappedFileSizeConsumeQueue: 32 * 20,
  maxMessageSize: bodyMax,
  maxHashSlotNum: 64,
  maxIndexNum: 200,
};

interface Stored {
  message: PutMessage;
  expected: Buffer;
}

function bodySize(rng: SeededRandom): number {
  const r = rng.int(100);
  if (r < 5) return 0;
  if (r < 70) return rng.int(512);
  if (r < 95) return rng.int(16 * 1024);
  return bodyMax - rng.int(1024);
}

function readAll(store: MessageStore, topic: string, queueId: number): Buffer[] {
  const out: Buffer[] = [];
  let offset = store.minOffsetInQueue(topic, queueId);
  const max = store.maxOffsetInQueue(topic, queueId);
  while (offset < max) {
    const r = store.get('g', topic, queueId, offset, 32, 1 << 20);
    assert.equal(r.status, 'FOUND', `${topic}/${queueId} at ${offset}`);
    out.push(...r.messages);
    offset = r.nextBeginOffset;
  }
  return out;
}

function check(store: MessageStore, byQueue: Map<string, Stored[]>, seed: number, when: string): void {
  for (const [key, stored] of byQueue) {
    const [topic, queueId] = key.split('/') as [string, string];
    const got = readAll(store, topic, Number(queueId));
    assert.equal(got.length, stored.length, `seed ${seed} ${when}: ${key} count`);
    got.forEach((record, i) => assert.ok(record.equals(stored[i]!.expected), `seed ${seed} ${when}: ${key} message ${i} byte-equal`));
  }
}

for (const seed of seeds) {
  test(`seed ${seed}: random messages over several segments read back byte-equal, before and after a restart`, async () => {
    const rng = new SeededRandom(seed);
    const clock = new ManualClock(1_700_000_000_000);
    const io = new MemoryFileIO(clock);
    let store = await openTestStore(io, config, clock);
    const topics = Array.from({ length: 1 + rng.int(5) }, (_, i) => `Topic-${seed}-${i}`);
    const byQueue = new Map<string, Stored[]>();
    let total = 0;
    for (let i = 0; i < 250; i++) {
      clock.advance(rng.int(3));
      const topic = topics[rng.int(topics.length)]!;
      const queueId = rng.int(4);
      const body = Buffer.alloc(bodySize(rng));
      for (let k = 0; k < body.length; k += 97) body[k] = rng.int(256);
      const message = testMessage(topic, queueId, body, { properties: { TAGS: `t${rng.int(3)}`, UNIQ_KEY: `U${seed}-${i}` } });
      const r = await store.put(message);
      assert.ok(r.status === 'PUT_OK', r.status);
      const expected = encodeStoredMessage(message, { queueOffset: r.queueOffset, physicalOffset: r.physicalOffset, storeTimestamp: r.storeTimestamp, storeHost: testStoreHost });
      const key = `${topic}/${queueId}`;
      byQueue.set(key, [...(byQueue.get(key) ?? []), { message, expected }]);
      total += expected.length;
    }
    assert.ok(total > 3 * config.mappedFileSizeCommitLog, `seed ${seed}: ${total} bytes span several segments`);
    check(store, byQueue, seed, 'before restart');
    await store.shutdown();
    store = await openTestStore(io, config, clock);
    check(store, byQueue, seed, 'after restart');
    await store.shutdown();
  });
}
