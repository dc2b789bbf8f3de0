// Child process of the store kill -9 test: opens the store in argv[2] with node:fs under
// SYNC_FLUSH and puts random messages with 32 in flight until killed. After each acknowledged
// put it prints "topic queueId queueOffset sha1(body)"; "ready" once the store has started.
import { createHash } from 'node:crypto';
import { createLogger } from '../../../src/common/logger.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';
import { MessageStore } from '../../../src/store/message-store.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';
import { putterStoreConfig, putterTopics } from './store-putter-config.js';

const [dir = '', seedText = '1'] = process.argv.slice(2);
const rng = new SeededRandom(Number(seedText));
const inFlight = 32;

const store = new MessageStore({ storeHost: testStoreHost, config: { ...putterStoreConfig, storePathRootDir: dir }, logger: createLogger('putter', 'warn') });
await store.start();
process.stdout.write('ready\n');

async function putter(): Promise<void> {
  for (;;) {
    const topic = putterTopics[rng.int(putterTopics.length)]!;
    const queueId = rng.int(4);
    const body = Buffer.alloc(rng.chance(0.1) ? rng.int(64 * 1024) : rng.int(2048));
    for (let i = 0; i < body.length; i += 61) body[i] = rng.int(256);
    const r = await store.put(testMessage(topic, queueId, body, { properties: { UNIQ_KEY: `U${seedText}-${rng.int(1e9)}` } }));
    if (r.status !== 'PUT_OK') throw new Error(`put answered ${r.status}`);
    process.stdout.write(`${topic} ${queueId} ${r.queueOffset} ${createHash('sha1').update(body).digest('hex')}\n`);
  }
}

await Promise.all(Array.from({ length: inFlight }, putter));
