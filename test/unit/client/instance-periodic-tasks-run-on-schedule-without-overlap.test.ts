import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeriodicTask } from '../../../src/client/instance/tasks/periodic-task.js';
import { refreshAllTopicRoutes } from '../../../src/client/instance/tasks/route-refresh-task.js';
import { heartbeatInitialDelayMs, heartbeatBrokerIntervalMsDefault, pollNameServerIntervalMsDefault, routeRefreshInitialDelayMs } from '../../../src/client/instance/client-config.js';

test("RocketMQ's client timers: routes after 10 ms then every 30 s, heartbeats after 1 s then every 30 s", () => {
  assert.equal(routeRefreshInitialDelayMs, 10);
  assert.equal(pollNameServerIntervalMsDefault, 30_000);
  assert.equal(heartbeatInitialDelayMs, 1_000);
  assert.equal(heartbeatBrokerIntervalMsDefault, 30_000);
});

test('a periodic task runs again and again, one run at a time, and a failing run does not stop it', async () => {
  let running = 0;
  let overlapped = false;
  let runs = 0;
  const errors: unknown[] = [];
  let reachedFive!: () => void;
  const fifth = new Promise<void>((resolve) => (reachedFive = resolve));
  const task = new PeriodicTask(
    'test',
    async () => {
      running++;
      overlapped ||= running > 1;
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      runs++;
      if (runs === 2) throw new Error('second run fails');
      if (runs === 5) reachedFive();
    },
    { initialDelayMs: 1, intervalMs: 1, onError: (e) => errors.push(e) },
  );
  const keepAlive = setInterval(() => undefined, 1_000); // the task's own timers are unref'd
  task.start();
  await Promise.all([fifth, task.runNow(), task.runNow()]);
  await task.stop();
  clearInterval(keepAlive);
  const after = runs;
  assert.equal(overlapped, false);
  assert.equal(errors.length, 1);
  await new Promise((resolve) => setTimeout(resolve, 5)); // room for a stray timer to fire, were one left
  assert.equal(runs, after, 'no run after stop');
});

test('a route refresh asks for each topic in use once and reports failures per topic', async () => {
  const asked: string[] = [];
  const failed: Array<string | undefined> = [];
  await refreshAllTopicRoutes({
    topicsInUse: () => ['A', 'B', 'A', 'C'],
    updateTopicRoute: async (topic) => {
      asked.push(topic);
      if (topic === 'B') throw new Error('B unreachable');
    },
    onError: (topic) => failed.push(topic),
  });
  assert.deepEqual(asked.sort(), ['A', 'B', 'C']);
  assert.deepEqual(failed, ['B']);
});
