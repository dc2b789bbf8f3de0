// A real child process puts under SYNC_FLUSH with node:fs and is killed with SIGKILL at a random
// moment, 20 times over the same store folder. After each kill the parent opens the store:
// every put the child acknowledged (in any round) is readable intact at its queue offset, every
// record served is whole, and each queue's offsets run without gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../src/common/logger.js';
import { decodeStoredMessage, locateStoredMessageFields, storedMessageCrcMatches, StoredMessageFields } from '../../../src/common/message/stored-message-decoder.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { testStoreHost } from '../../../src/testing/store-messages.js';
import { putterStoreConfig, putterTopics } from './store-putter-config.js';

const rounds = 20;
const putterPath = fileURLToPath(new URL('./store-putter.js', import.meta.url));
const readyTimeoutMs = 10_000;

interface Ack {
  topic: string;
  queueId: number;
  queueOffset: number;
  hash: string;
}

/** Runs the child until `killAfterAcks` acknowledgements (or a time bound), then SIGKILLs it. */
async function roundOfPuts(dir: string, seed: number, killAfterAcks: number, killAfterMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [putterPath, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let pending = '';
  let ready = false;
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`putter not ready: ${stderr}`)), readyTimeoutMs);
    const kill = () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve();
    };
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') {
          ready = true;
          clearTimeout(timer);
          setTimeout(kill, killAfterMs);
          continue;
        }
        const [topic, queueId, queueOffset, hash] = line.split(' ');
        acks.push({ topic: topic!, queueId: Number(queueId), queueOffset: Number(queueOffset), hash: hash! });
        if (acks.length === killAfterAcks) kill();
      }
    });
    child.on('exit', () => (ready ? resolve() : reject(new Error(`putter exited before ready: ${stderr}`))));
  });
  await exited;
  return acks;
}

async function verify(dir: string, acked: Map<string, string>, round: number): Promise<void> {
  const store = new MessageStore({ storeHost: testStoreHost, config: { ...putterStoreConfig, storePathRootDir: dir }, logger: createLogger('verify', 'silent') });
  await store.start();
  try {
    const fields = new StoredMessageFields();
    const seen = new Set<string>();
    for (const topic of putterTopics) {
      for (let queueId = 0; queueId < 4; queueId++) {
        let offset = store.minOffsetInQueue(topic, queueId);
        const max = store.maxOffsetInQueue(topic, queueId);
        while (offset < max) {
          const r = store.get('verify', topic, queueId, offset, 32, 1 << 20);
          assert.equal(r.status, 'FOUND', `round ${round}: ${topic}/${queueId} at ${offset} of ${max}`);
          for (const [i, m] of r.messages.entries()) {
            const key = `${topic}/${queueId}/${offset + i}`;
            assert.equal(r.queueOffsets[i], offset + i, `round ${round}: ${key} offsets continuous`);
            assert.equal(locateStoredMessageFields(m, 0, m.length, fields), undefined, `round ${round}: ${key} whole record`);
            assert.ok(storedMessageCrcMatches(m, 0, fields), `round ${round}: ${key} body CRC`);
            const d = decodeStoredMessage(m);
            assert.deepEqual([d.topic, d.queueId, d.queueOffset], [topic, queueId, offset + i], `round ${round}: ${key} fields`);
            const want = acked.get(key);
            if (want) {
              assert.equal(createHash('sha1').update(d.body).digest('hex'), want, `round ${round}: ${key} intact`);
              seen.add(key);
            }
          }
          offset = r.nextBeginOffset;
        }
      }
    }
    const missing = [...acked.keys()].filter((k) => !seen.has(k));
    assert.deepEqual(missing, [], `round ${round}: acknowledged messages missing after kill -9`);
  } finally {
    await store.shutdown();
  }
}

test(`${rounds} rounds of kill -9 during SYNC_FLUSH puts lose no acknowledged message`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-store-kill-'));
  const rng = new SeededRandom(Number(process.env.STORE_KILL_SEED ?? Date.now() % 1e6));
  const acked = new Map<string, string>();
  try {
    for (let round = 1; round <= rounds; round++) {
      const acks = await roundOfPuts(dir, rng.nextUint32(), 1 + rng.int(3000), 50 + rng.int(400));
      for (const a of acks) {
        const key = `${a.topic}/${a.queueId}/${a.queueOffset}`;
        assert.ok(!acked.has(key), `round ${round}: ${key} acknowledged twice (seed ${rng.seed})`);
        acked.set(key, a.hash);
      }
      await verify(dir, acked, round).catch((err: Error) => {
        err.message = `seed ${rng.seed}: ${err.message}`;
        throw err;
      });
    }
    assert.ok(acked.size > rounds, `puts were acknowledged (${acked.size})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
