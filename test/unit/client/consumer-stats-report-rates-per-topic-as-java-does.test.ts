// A push consumer's statusTable figures (ConsumerStatsManager.consumeStatus): rates per second
// over the last minute, consumeRT from the last hour when the minute saw no handler call, and
// consumeFailedMsgs as the last hour's failed messages; a topic never seen reports zeros.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumerStats } from '../../../src/client/consumer/push/consumer-stats.js';

test('pull and consume figures of a topic, each window from its first snapshot', () => {
  let now = 5_000_000;
  const stats = new ConsumerStats('G', () => now);
  stats.onPullFound('T', 8, 4);
  stats.onHandled('T', 30, 4, true);
  stats.onHandled('Other', 99, 1, true);
  stats.onHandled('T', 50, 2, false);
  now += 1_000;
  assert.deepEqual(stats.status('T'), {
    pullRT: 8,
    pullTPS: 0.4,
    consumeRT: 30,
    consumeOKTPS: 0.4,
    consumeFailedTPS: 0.2,
    consumeFailedMsgs: 2,
  });
  assert.deepEqual(stats.status('Unseen'), { pullRT: 0, pullTPS: 0, consumeRT: 0, consumeOKTPS: 0, consumeFailedTPS: 0, consumeFailedMsgs: 0 });
});

test('a minute without handler calls reports consumeRT from the last hour', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: 0 });
  const stats = new ConsumerStats('G');
  stats.start();
  t.after(() => stats.stop());
  stats.onHandled('T', 30, 1, true);
  t.mock.timers.tick(70_000);
  const status = stats.status('T');
  assert.deepEqual([status.consumeOKTPS, status.consumeRT], [0, 30], 'seven 10 s snapshots later the minute is empty; the hour still has the call');
});
