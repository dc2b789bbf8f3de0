// PullHoldService on a virtual clock: held pulls wake on a matching arrival at or past their
// offset, on the periodic re-check when their queue grew, and at their deadline; non-matching
// tags and older offsets do not wake them; a queue holds at most heldPullsPerQueueMax; a closed
// connection's pulls are dropped unanswered; no timer is left once nothing is held.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { createLogger } from '../../../src/common/logger.js';
import { parseTagExpression } from '../../../src/broker/filter/tag-expression.js';
import { TagFilter } from '../../../src/broker/filter/tag-filter.js';
import { heldPullsPerQueueMax, PullHoldService, type HeldPull } from '../../../src/broker/long-polling/pull-hold-service.js';
import type { MessageArrival } from '../../../src/store/api.js';

const checkIntervalMs = 5000;

function setup() {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const maxOffsets = new Map<string, number>();
  const checks = { count: 0 };
  const service = new PullHoldService({
    maxOffsetInQueue: (topic, queueId) => {
      checks.count++;
      return maxOffsets.get(`${topic}@${queueId}`) ?? 0;
    },
    checkIntervalMs,
    logger: createLogger('test', 'silent'),
  });
  const woken: string[] = [];
  const pull = (name: string, o: { topic?: string; queueId?: number; fromOffset?: number; holdMs?: number; tags?: string; owner?: object } = {}): HeldPull => ({
    topic: o.topic ?? 'T',
    queueId: o.queueId ?? 0,
    fromOffset: o.fromOffset ?? 3,
    deadline: Date.now() + (o.holdMs ?? 15_000),
    filter: new TagFilter(parseTagExpression(o.tags ?? '*')),
    owner: o.owner ?? {},
    wake: () => woken.push(name),
  });
  return { service, maxOffsets, checks, woken, pull };
}

function arrival(queueOffset: number, tags = 'TagA', topic = 'T', queueId = 0): MessageArrival {
  return { topic, queueId, queueOffset, tagsCode: javaStringHash(tags), storeTimestamp: Date.now(), properties: () => new Map([['TAGS', tags]]) };
}

test('an arrival wakes the pulls of its queue it satisfies, once', (t) => {
  t.after(() => mock.timers.reset());
  const { service, woken, pull } = setup();
  service.hold(pull('a', { tags: 'TagA' }));
  service.hold(pull('b', { tags: 'TagB' }));
  service.hold(pull('late', { fromOffset: 5 }));
  service.hold(pull('other queue', { queueId: 1 }));
  service.notifyMessageArriving(arrival(2));
  assert.deepEqual(woken, [], 'an entry below the held offsets');
  service.notifyMessageArriving(arrival(3, 'TagA'));
  assert.deepEqual(woken, ['a']);
  service.notifyMessageArriving(arrival(4, 'TagA'));
  assert.deepEqual(woken, ['a'], 'woken once; TagB and the pull at offset 5 still wait');
  service.notifyMessageArriving(arrival(5, 'TagB'));
  assert.deepEqual(woken, ['a', 'b', 'late']);
  assert.equal(service.size, 1);
});

test('deadlines are met on time; the periodic check wakes pulls whose queue grew', (t) => {
  t.after(() => mock.timers.reset());
  const { service, maxOffsets, checks, woken, pull } = setup();
  service.hold(pull('short', { holdMs: 1000 }));
  service.hold(pull('filtered', { holdMs: 15_000, tags: 'TagA' }));
  service.hold(pull('long', { holdMs: 20_000, queueId: 1 }));
  mock.timers.tick(999);
  assert.deepEqual(woken, []);
  mock.timers.tick(1);
  assert.deepEqual(woken, ['short']);
  maxOffsets.set('T@0', 9);
  mock.timers.tick(checkIntervalMs - 1000);
  assert.deepEqual(woken, ['short', 'filtered'], 'its queue grew (whatever the tags): the re-run pull decides');
  mock.timers.tick(15_000);
  assert.deepEqual(woken, ['short', 'filtered', 'long']);
  assert.equal(service.size, 0);
  const checksWhenEmpty = checks.count;
  mock.timers.tick(10 * checkIntervalMs);
  assert.equal(checks.count, checksWhenEmpty, 'no periodic check runs while nothing is held');
});

test('a queue holds at most heldPullsPerQueueMax pulls; other queues are not affected', (t) => {
  t.after(() => mock.timers.reset());
  const { service, pull } = setup();
  for (let i = 0; i < heldPullsPerQueueMax; i++) assert.equal(service.hold(pull(`p${i}`)), true);
  assert.equal(service.hold(pull('one too many')), false);
  assert.equal(service.hold(pull('elsewhere', { queueId: 2 })), true);
  assert.equal(service.size, heldPullsPerQueueMax + 1);
});

test('a closed connection\'s pulls are dropped unanswered; a pull that throws when woken does not stop the others', (t) => {
  t.after(() => mock.timers.reset());
  const { service, woken, pull } = setup();
  const gone = {};
  service.hold(pull('gone1', { owner: gone }));
  service.hold(pull('gone2', { owner: gone, queueId: 1 }));
  service.hold({ ...pull('throws'), wake: () => { throw new Error('boom'); } });
  service.hold(pull('kept'));
  service.dropOwner(gone);
  assert.equal(service.size, 2);
  service.notifyMessageArriving(arrival(3));
  assert.deepEqual(woken, ['kept']);
  mock.timers.tick(60_000);
  assert.deepEqual(woken, ['kept'], 'dropped pulls never wake');
  assert.equal(service.size, 0);
});
