import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/common/logger.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { decodeStoredMessage } from '../../../src/common/message/stored-message-decoder.js';
import type { StoredMessage } from '../../../src/common/message/stored-message-types.js';
import { ConfigFile } from '../../../src/broker/managers/config-file.js';
import { DelayLevels } from '../../../src/broker/schedule/delay-levels.js';
import { ScheduleMessageService } from '../../../src/broker/schedule/schedule-message-service.js';
import { rewriteForDelay } from '../../../src/broker/schedule/schedule-rewrite.js';
import type { MessageStoreApi, PutPlacement } from '../../../src/store/api.js';
import type { Clock } from '../../../src/store/io/file-io.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import { openTestStore } from '../../../src/testing/store-harness.js';
import { testMessage } from '../../../src/testing/store-messages.js';

const levelsText = '1s 2s';
const levels = DelayLevels.parse(levelsText);
const logger = createLogger('schedule-test', 'silent');
const arrivalTimeoutMs = 10_000;

function skewedClock(skewMs: number): Clock {
  return { now: () => Date.now() + skewMs };
}

async function openStore(clock: Clock): Promise<MessageStore> {
  return openTestStore(new MemoryFileIO(clock), { messageDelayLevel: levelsText }, clock);
}

async function park(store: MessageStoreApi, topic: string, queueId: number, body: string, delay: number): Promise<PutPlacement & { parked: StoredMessage }> {
  const message = testMessage(topic, queueId, body, { properties: { DELAY: String(delay), KEYS: `key-${body}`, WAIT: 'true' } });
  message.reconsumeTimes = 2;
  const result = await store.put(rewriteForDelay(message, levels));
  assert.equal(result.status, 'PUT_OK');
  if (result.status !== 'PUT_OK') throw new Error('unreachable');
  return { ...result, parked: decodeStoredMessage(store.readMessage(result.physicalOffset)!) };
}

/** Resolves with the records of the next `count` messages stored in `topic`. */
function arrivalsIn(store: MessageStoreApi, topic: string, count: number): Promise<StoredMessage[]> {
  return new Promise((resolve, reject) => {
    const seen: StoredMessage[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${seen.length} of ${count} messages arrived in ${topic} within ${arrivalTimeoutMs} ms`));
    }, arrivalTimeoutMs);
    const stop = store.onMessageArrived((arrival) => {
      if (arrival.topic !== topic) return;
      const got = store.get('t', topic, arrival.queueId, arrival.queueOffset, 1, 1 << 20);
      seen.push(decodeStoredMessage(got.messages[0]!));
      if (seen.length === count) {
        clearTimeout(timer);
        stop();
        resolve(seen);
      }
    });
  });
}

function newService(file?: ConfigFile): ScheduleMessageService {
  return new ScheduleMessageService({ delayLevels: levels, file, flushDelayOffsetIntervalMs: 60_000, logger });
}

test('parked messages come back to their real topic and queue when due, not sooner, DELAY removed', async () => {
  const store = await openStore(skewedClock(0));
  const service = newService();
  const parkedA = await park(store, 'RealTopic', 2, 'a', 1);
  const parkedB = await park(store, 'RealTopic', 2, 'b', 1);
  const parkedC = await park(store, 'RealTopic', 1, 'c', 2);
  const arriving = arrivalsIn(store, 'RealTopic', 3);
  service.start(store);
  const delivered = await arriving;
  await service.stop();

  assert.deepEqual(delivered.map((m) => m.body.toString()), ['a', 'b', 'c']);
  for (const [m, parked, delayMs] of [
    [delivered[0]!, parkedA, 1000],
    [delivered[1]!, parkedB, 1000],
    [delivered[2]!, parkedC, 2000],
  ] as const) {
    assert.ok(m.storeTimestamp >= parked.storeTimestamp + delayMs, `delivered ${m.storeTimestamp - parked.storeTimestamp} ms after parking, delay ${delayMs}`);
    assert.equal(m.topic, 'RealTopic');
    assert.equal(m.queueId, parked.parked.queueId === 0 ? 2 : 1);
    assert.equal(m.reconsumeTimes, 2);
    assert.equal(m.bornTimestamp, parked.parked.bornTimestamp);
    const props = decodeProperties(m.properties);
    assert.equal(props.has('DELAY'), false);
    assert.equal(props.get('REAL_TOPIC'), 'RealTopic');
    assert.equal(props.get('WAIT'), 'false');
    assert.equal(props.get('KEYS'), `key-${m.body.toString()}`);
  }
  assert.equal(service.offsetOf(1), 2);
  assert.equal(service.offsetOf(2), 1);
  await store.shutdown();
});

test('a deliver time further ahead than now + the delay (the clock went back) is delivered at once', async () => {
  // The store stamps messages an hour ahead of the service's clock.
  const store = await openStore(skewedClock(3_600_000));
  const service = newService();
  await park(store, 'SkewTopic', 0, 'x', 2);
  const arriving = arrivalsIn(store, 'SkewTopic', 1);
  service.start(store);
  const [m] = await arriving;
  assert.equal(m?.body.toString(), 'x');
  await service.stop();
  await store.shutdown();
});

test('offsets are written to delayOffset.json at stop and a new service resumes there without delivering twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-delay-offsets-'));
  try {
    // Messages stamped 10 s in the past are due at once.
    const store = await openStore(skewedClock(-10_000));
    const file = new ConfigFile(join(dir, 'config', 'delayOffset.json'));
    await park(store, 'ResumeTopic', 0, 'first', 1);
    await park(store, 'ResumeTopic', 0, 'second', 1);
    const firstTwo = arrivalsIn(store, 'ResumeTopic', 2);
    const first = newService(file);
    first.load();
    first.start(store);
    assert.deepEqual((await firstTwo).map((m) => m.body.toString()), ['first', 'second']);
    await first.stop();
    assert.equal(readFileSync(file.path, 'utf8'), '{"offsetTable":{1:2}}');

    await park(store, 'ResumeTopic', 0, 'third', 1);
    const second = newService(file);
    second.load();
    assert.equal(second.offsetOf(1), 2);
    const third = arrivalsIn(store, 'ResumeTopic', 1);
    second.start(store);
    assert.deepEqual((await third).map((m) => m.body.toString()), ['third']);
    await second.stop();
    assert.equal(store.maxOffsetInQueue('ResumeTopic', 0), 3, 'each parked message delivered once');
    assert.equal(second.encode().toString(), '{"offsetTable":{1:3}}');
    await store.shutdown();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a parked record without REAL_TOPIC is skipped and the ones after it still delivered', async () => {
  const store = await openStore(skewedClock(-10_000));
  const broken = testMessage('SCHEDULE_TOPIC_XXXX', 0, 'broken', { properties: { DELAY: '1' } });
  assert.equal((await store.put(broken)).status, 'PUT_OK');
  await park(store, 'AfterBroken', 0, 'fine', 1);
  const service = newService();
  const arriving = arrivalsIn(store, 'AfterBroken', 1);
  service.start(store);
  assert.equal((await arriving)[0]?.body.toString(), 'fine');
  await service.stop();
  assert.equal(service.offsetOf(1), 2);
  await store.shutdown();
});
