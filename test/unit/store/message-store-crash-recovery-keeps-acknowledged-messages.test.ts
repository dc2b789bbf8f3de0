// Seeded crash points at facade level: a random workload of puts, turns and consume queue
// flushes on the in-memory FileIO, a power loss at a random step (unsynced writes kept in part,
// the last one torn, files whose folder entry was never synced lost), a restart, then checks
// through get():
//   every acknowledged SYNC_FLUSH message is there, intact, at its queue offset; under
//   ASYNC_FLUSH, every message acknowledged before a completed flush (loss stays within the
//   unflushed window);
//   every message served is a whole record (CRC ok) that was put at that queue offset;
//   queue offsets run without gaps from min to max, and new puts continue from max.
// Flipped bits are left to the commit log's own tests: the record format protects only the body
// (CRC), so a flip in a header field of an unsynced record cannot be told from data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeStoredMessage, locateStoredMessageFields, storedMessageCrcMatches, StoredMessageFields } from '../../../src/common/message/stored-message-decoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const crashPoints = Number(process.env.CRASH_POINTS ?? 320);
const topics = ['TopicA', 'TopicB', '%RETRY%g1'];
const queues = 2;
const turn = () => new Promise((r) => setImmediate(r));
const hash = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

interface Expected {
  /** Body hash of every put attempted at each key topic/queue/offset (acked or not). */
  attempted: Map<string, string>;
  /** The queue offset the next put of each topic/queue gets (mirrors the store). */
  next: Map<string, number>;
  acked: { topic: string; queueId: number; queueOffset: number; body: string; uniq: string }[];
  /** How many of `acked` a completed flush covers. */
  flushedAcks: number;
}

function bodyFor(rng: SeededRandom): Buffer {
  const roll = rng.int(10);
  const size = roll < 6 ? rng.int(300) : roll < 9 ? rng.int(4000) : rng.int(30_000);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 64) b[i] = rng.int(256);
  return b;
}

async function workload(store: MessageStore, rng: SeededRandom, clock: ManualClock, steps: number, exp: Expected): Promise<void> {
  for (let s = 0; s < steps; s++) {
    const action = rng.int(10);
    clock.advance(rng.int(5));
    if (action < 6) {
      const n = 1 + rng.int(8);
      for (let k = 0; k < n; k++) {
        const topic = topics[rng.int(topics.length)]!;
        const queueId = rng.int(queues);
        const body = bodyFor(rng);
        const uniq = `U${s}-${k}-${rng.int(1e9)}`;
        const batch = rng.chance(0.15);
        const msgs = batch ? [testMessage(topic, queueId, body, { properties: { UNIQ_KEY: uniq } }), testMessage(topic, queueId, Buffer.from('tail'))] : [testMessage(topic, queueId, body, { properties: { UNIQ_KEY: uniq, TAGS: 't' } })];
        const put = batch ? store.putBatch(msgs) : store.put(msgs[0]!);
        const first = exp.next.get(`${topic}/${queueId}`) ?? 0;
        exp.next.set(`${topic}/${queueId}`, first + msgs.length);
        msgs.forEach((m, i) => exp.attempted.set(`${topic}/${queueId}/${first + i}`, hash(m.body)));
        void put.then((r) => {
          if (r.status !== 'PUT_OK') return;
          msgs.forEach((m, i) => exp.acked.push({ topic, queueId, queueOffset: r.queueOffset + i, body: hash(m.body), uniq: i === 0 ? uniq : '' }));
        });
      }
    } else if (action < 9) {
      await turn();
    } else {
      const covered = exp.acked.length;
      void store.flushConsumeQueues().then(
        () => (exp.flushedAcks = Math.max(exp.flushedAcks, covered)),
        () => {},
      );
    }
  }
}

function checkStore(store: MessageStore, exp: Expected, sync: boolean, where: string): void {
  const fields = new StoredMessageFields();
  for (const topic of topics) {
    for (let queueId = 0; queueId < queues; queueId++) {
      const min = store.minOffsetInQueue(topic, queueId);
      const max = store.maxOffsetInQueue(topic, queueId);
      assert.equal(min, 0, `${where}: ${topic}/${queueId} min`);
      let offset = min;
      while (offset < max) {
        const r = store.get('g', topic, queueId, offset, 32, 1 << 20);
        assert.equal(r.status, 'FOUND', `${where}: ${topic}/${queueId} at ${offset} of ${max}: ${r.status}`);
        for (const [i, m] of r.messages.entries()) {
          assert.equal(r.queueOffsets[i], offset + i, `${where}: ${topic}/${queueId}: offsets continuous`);
          assert.equal(locateStoredMessageFields(m, 0, m.length, fields), undefined, `${where}: whole record`);
          assert.ok(storedMessageCrcMatches(m, 0, fields), `${where}: body CRC`);
          const d = decodeStoredMessage(m);
          assert.deepEqual([d.topic, d.queueId, d.queueOffset], [topic, queueId, offset + i], `${where}: record fields`);
          assert.equal(hash(d.body), exp.attempted.get(`${topic}/${queueId}/${offset + i}`), `${where}: ${topic}/${queueId}/${offset + i} is what was put there`);
        }
        offset = r.nextBeginOffset;
      }
      assert.equal(offset, max);
    }
  }
  for (const a of sync ? exp.acked : exp.acked.slice(0, exp.flushedAcks)) {
    const r = store.get('g', a.topic, a.queueId, a.queueOffset, 1, 1 << 20);
    assert.equal(r.status, 'FOUND', `${where}: acknowledged ${a.topic}/${a.queueId}/${a.queueOffset} lost (${r.status}, max ${r.maxOffset})`);
    assert.equal(hash(decodeStoredMessage(r.messages[0]!).body), a.body, `${where}: acknowledged ${a.topic}/${a.queueId}/${a.queueOffset} intact`);
    if (a.uniq) assert.equal(store.queryMessage(a.topic, a.uniq, 4, 0, Number.MAX_SAFE_INTEGER).messages.length, 1, `${where}: ${a.uniq} in the index`);
  }
}

test(`${crashPoints} seeded crash points: acknowledged messages survive, nothing partial is served, offsets stay continuous`, async () => {
  for (let seed = 1; seed <= crashPoints; seed++) {
    const rng = new SeededRandom(seed);
    const clock = new ManualClock(1_700_000_000_000);
    const sync = seed % 2 === 1;
    const config = {
      flushDiskType: sync ? ('SYNC_FLUSH' as const) : ('ASYNC_FLUSH' as const),
      flushIntervalCommitLog: 3_600_000,
      flushIntervalConsumeQueue: 3_600_000,
      syncFlushTimeout: 1000,
      mappedFileSizeCommitLog: 64 * 1024,
      mappedFileSizeConsumeQueue: 16 * 20,
      maxMessageSize: 32 * 1024,
      maxHashSlotNum: 16,
      maxIndexNum: 40 + rng.int(100),
    };
    const io = new MemoryFileIO(clock);
    const exp: Expected = { attempted: new Map(), next: new Map(), acked: [], flushedAcks: 0 };
    let where = `seed ${seed}`;
    let store: MessageStore | undefined;
    try {
      const crashed = await openTestStore(io, config, clock);
      store = crashed;
      await workload(crashed, rng, clock, 15 + rng.int(40), exp);
      const after = io.crash(seed);
      crashed.abandon();
      where = `seed ${seed} (${after.crashReport})`;
      store = await openTestStore(after, config, clock);
      checkStore(store, exp, sync, where);
      // The store goes on: new puts continue each queue, and a clean restart keeps them all.
      exp.acked.length = 0;
      exp.flushedAcks = 0;
      for (const topic of topics) for (let q = 0; q < queues; q++) exp.next.set(`${topic}/${q}`, store.maxOffsetInQueue(topic, q));
      await workload(store, rng, clock, 6, exp);
      await store.shutdown();
      store = await openTestStore(after, config, clock);
      checkStore(store, exp, true, `${where}, then a clean restart`);
      await store.shutdown();
    } catch (err) {
      store?.abandon();
      (err as Error).message = `${where}: ${(err as Error).message}`;
      throw err;
    }
  }
});
