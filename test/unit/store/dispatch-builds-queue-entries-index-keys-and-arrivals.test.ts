import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { decodeProperties } from '../../../src/common/message/properties-codec.js';
import { locateStoredMessageFields, StoredMessageFields } from '../../../src/common/message/stored-message-decoder.js';
import { MemoryFileIO } from '../../../src/store/io/memory-file-io.js';
import { ManualClock } from '../../../src/store/io/manual-clock.js';
import { CommitLog } from '../../../src/store/commitlog/commit-log.js';
import { ConsumeQueueStore } from '../../../src/store/consumequeue/consume-queue-store.js';
import { IndexService } from '../../../src/store/index/index-service.js';
import { Dispatcher, scheduleTopic } from '../../../src/store/dispatch/dispatcher.js';
import { readCqEntry } from '../../../src/store/consumequeue/cq-entry.js';
import type { MessageArrival } from '../../../src/store/api.js';
import { testMessage, testStoreHost } from '../../../src/testing/store-messages.js';

const log = createLogger('test');
const turn = () => new Promise((r) => setImmediate(r));
const t0 = 1_700_000_000_000;

function setup() {
  const io = new MemoryFileIO();
  const clock = new ManualClock(t0);
  const commitLog = new CommitLog(io, { dir: '/s/commitlog', segmentSizeBytes: 64 * 1024, maxMessageSizeBytes: 8 * 1024, storeHost: testStoreHost, clock });
  commitLog.openAt(0, false);
  const cqs = new ConsumeQueueStore(io, '/s/consumequeue', 20 * 100, log);
  const index = new IndexService(io, '/s/index', { slotCount: 64, entryCount: 256 }, clock, log);
  index.load();
  const fields = new StoredMessageFields();
  const readProperties = (phy: number, size: number) => {
    const rec = commitLog.read(phy, size)!;
    locateStoredMessageFields(rec, 0, rec.length, fields);
    return decodeProperties(rec.toString('utf8', fields.propertiesAt, fields.propertiesAt + fields.propertiesBytes));
  };
  const dispatcher = new Dispatcher(cqs, index, [1000, 5000, 10_000], readProperties, log);
  commitLog.onAppended((records) => dispatcher.dispatch(records));
  return { io, clock, commitLog, cqs, index, dispatcher };
}

function entry(cqs: ConsumeQueueStore, topic: string, queueId: number, offset: number) {
  const run = cqs.find(topic, queueId)!.readEntries(offset, 1, Buffer.alloc(20))!;
  return readCqEntry(run.buf, 0);
}

test('each record gets a consume queue entry with its offset, size and tag hash', async () => {
  const { commitLog, cqs, dispatcher } = setup();
  const a = commitLog.append(testMessage('T', 1, 'a', { properties: { TAGS: 'TagA' } }), 0);
  const b = commitLog.append(testMessage('T', 1, 'bb'), 1);
  await turn();
  assert.deepEqual(entry(cqs, 'T', 1, 0), { commitLogOffset: a.physicalOffset, size: a.size, tagsCode: javaStringHash('TagA') });
  assert.deepEqual(entry(cqs, 'T', 1, 1), { commitLogOffset: b.physicalOffset, size: b.size, tagsCode: 0 });
  assert.equal(dispatcher.dispatchedOffset, b.physicalOffset + b.size);
});

test('prepared and rolled-back transaction records stay out of the consume queue; rollbacks out of the index', async () => {
  const { commitLog, cqs, index } = setup();
  commitLog.append(testMessage('T', 0, 'prepared', { sysFlag: 0x4, properties: { UNIQ_KEY: 'P1' } }), 0);
  commitLog.append(testMessage('T', 0, 'rollback', { sysFlag: 0xc, properties: { UNIQ_KEY: 'R1' } }), 0);
  const commit = commitLog.append(testMessage('T', 0, 'commit', { sysFlag: 0x8, properties: { UNIQ_KEY: 'C1' } }), 0);
  await turn();
  const cq = cqs.find('T', 0)!;
  assert.equal(cq.maxOffset(), 1);
  assert.equal(entry(cqs, 'T', 0, 0).commitLogOffset, commit.physicalOffset);
  const all = (key: string) => index.query('T', key, 32, 0, Number.MAX_SAFE_INTEGER).phyOffsets;
  assert.equal(all('P1').length, 1);
  assert.equal(all('R1').length, 0);
  assert.deepEqual(all('C1'), [commit.physicalOffset]);
});

test('SCHEDULE_TOPIC_XXXX entries carry the deliver time: store time + delay of the level', async () => {
  const { commitLog, cqs } = setup();
  commitLog.append(testMessage(scheduleTopic, 1, 'x', { properties: { DELAY: '2', REAL_TOPIC: 'T' } }), 0);
  commitLog.append(testMessage(scheduleTopic, 2, 'y'), 0);
  commitLog.append(testMessage(scheduleTopic, 2, 'z', { properties: { DELAY: '99' } }), 1);
  await turn();
  assert.equal(entry(cqs, scheduleTopic, 1, 0).tagsCode, t0 + 5000);
  assert.equal(entry(cqs, scheduleTopic, 2, 0).tagsCode, t0 + 10_000, 'no DELAY: level queueId + 1');
  assert.equal(entry(cqs, scheduleTopic, 2, 1).tagsCode, t0 + 10_000, 'levels past the last are clamped');
});

test('arrival listeners hear after the entry exists, with lazily decoded properties', async () => {
  const { commitLog, cqs, dispatcher } = setup();
  const heard: { arrival: MessageArrival; maxAtCall: number }[] = [];
  const off = dispatcher.onMessageArrived((arrival) => heard.push({ arrival, maxAtCall: cqs.find(arrival.topic, arrival.queueId)!.maxOffset() }));
  commitLog.append(testMessage('T', 3, 'a', { properties: { TAGS: 'TagB', color: 'red' } }), 0);
  await turn();
  assert.equal(heard.length, 1);
  const { arrival, maxAtCall } = heard[0]!;
  assert.equal(maxAtCall, 1);
  assert.deepEqual([arrival.topic, arrival.queueId, arrival.queueOffset, arrival.tagsCode], ['T', 3, 0, javaStringHash('TagB')]);
  assert.equal(arrival.properties().get('color'), 'red');
  off();
  commitLog.append(testMessage('T', 3, 'b'), 1);
  await turn();
  assert.equal(heard.length, 1, 'a removed listener hears nothing');
});

test('a throwing listener does not stop the others', async () => {
  const { commitLog, dispatcher } = setup();
  let heard = 0;
  dispatcher.onMessageArrived(() => {
    throw new Error('boom');
  });
  dispatcher.onMessageArrived(() => heard++);
  commitLog.append(testMessage('T', 0, 'a'), 0);
  await turn();
  assert.equal(heard, 1);
});
