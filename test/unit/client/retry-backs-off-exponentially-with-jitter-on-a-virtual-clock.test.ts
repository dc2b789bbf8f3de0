import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, RocketMQError, type RetryClass } from '../../../src/common/errors.js';
import { backoffDelayMs, backoffPolicyDefault, retry, type RetryClock } from '../../../src/client/retry.js';
import { SeededRandom } from '../../../src/store/io/seeded-random.js';

/** A clock that only moves when the helper sleeps, and records the sleeps. */
function virtualClock(): RetryClock & { sleeps: number[] } {
  let time = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      time += ms;
    },
  };
}

const failing = (retryClass: RetryClass) => new RocketMQError(`failed (${retryClass})`, { retry: retryClass });

test('backoff failures wait exponentially longer, within the jitter band, capped at maxBackoffMs', async () => {
  const seed = Date.now() % 100_000;
  const random = new SeededRandom(seed);
  const clock = virtualClock();
  const policy = { initialBackoffMs: 100, maxBackoffMs: 1_000, multiplier: 2, jitter: 0.2 };
  let calls = 0;
  const result = await retry(
    async () => {
      if (++calls <= 6) throw failing('backoff');
      return 'done';
    },
    { retries: 6, backoff: policy, clock, random: () => random.float() },
  );
  assert.equal(result, 'done', `seed ${seed}`);
  const bases = [100, 200, 400, 800, 1_000, 1_000];
  assert.equal(clock.sleeps.length, bases.length, `seed ${seed}`);
  clock.sleeps.forEach((ms, i) => {
    assert.ok(ms >= bases[i]! * 0.8 && ms <= bases[i]! * 1.2, `seed ${seed}: sleep ${i} = ${ms}, base ${bases[i]}`);
  });
});

test('backoffDelayMs covers the jitter band from its low to its high end', () => {
  const policy = { ...backoffPolicyDefault, initialBackoffMs: 1_000, jitter: 0.5 };
  assert.equal(backoffDelayMs(0, policy, () => 0), 500);
  assert.equal(backoffDelayMs(0, policy, () => 0.5), 1_000);
  assert.equal(backoffDelayMs(0, policy, () => 0.999999), 1_500);
  assert.equal(backoffDelayMs(1, { ...policy, jitter: 0 }, Math.random), 2_000);
});

test('switchBroker and refreshRoute failures are retried at once, after the caller recovers in onRetry', async () => {
  const clock = virtualClock();
  const seen: Array<[string, number, number]> = [];
  let calls = 0;
  const result = await retry(
    async (attempt) => {
      calls++;
      if (attempt === 0) throw failing('switchBroker');
      if (attempt === 1) throw failing('refreshRoute');
      return attempt;
    },
    { retries: 2, clock, onRetry: (error, attempt, delayMs) => void seen.push([error.retry, attempt, delayMs]) },
  );
  assert.equal(result, 2);
  assert.equal(calls, 3);
  assert.deepEqual(seen, [['switchBroker', 1, 0], ['refreshRoute', 2, 0]]);
  assert.deepEqual(clock.sleeps, []);
});

test('programmer errors and never-retry failures are thrown at once', async () => {
  for (const error of [new TypeError('bug'), new InvalidArgumentError('bad input'), failing('never'), 'not an error']) {
    let calls = 0;
    await assert.rejects(
      retry(
        async () => {
          calls++;
          throw error;
        },
        { retries: 5, clock: virtualClock() },
      ),
      (thrown) => thrown === error,
    );
    assert.equal(calls, 1, `retried ${String(error)}`);
  }
});

test('the last failure is thrown once the retries are spent', async () => {
  let calls = 0;
  const errors: RocketMQError[] = [];
  await assert.rejects(
    retry(
      async () => {
        calls++;
        const e = failing('switchBroker');
        errors.push(e);
        throw e;
      },
      { retries: 2, clock: virtualClock() },
    ),
    (thrown) => thrown === errors[2],
  );
  assert.equal(calls, 3);
});

test('no retry starts when its wait would pass the deadline', async () => {
  const clock = virtualClock();
  let calls = 0;
  await assert.rejects(
    retry(
      async () => {
        calls++;
        throw failing('backoff');
      },
      { retries: 10, clock, deadline: 250, backoff: { initialBackoffMs: 100, jitter: 0 } },
    ),
  );
  assert.deepEqual(clock.sleeps, [100]);
  assert.equal(calls, 2);
});

test('an abort stops the retries with the signal reason', async () => {
  const controller = new AbortController();
  const reason = new Error('stop');
  let calls = 0;
  await assert.rejects(
    retry(
      async () => {
        calls++;
        controller.abort(reason);
        throw failing('backoff');
      },
      { retries: 5, clock: virtualClock(), signal: controller.signal },
    ),
    (thrown) => thrown === reason,
  );
  assert.equal(calls, 1);
});

test('a bad policy is refused', async () => {
  await assert.rejects(retry(async () => 1, { retries: -1 }), InvalidArgumentError);
  await assert.rejects(retry(async () => 1, { retries: 1, backoff: { jitter: 2 } }), InvalidArgumentError);
  await assert.rejects(retry(async () => 1, { retries: 1, backoff: { multiplier: 0.5 } }), InvalidArgumentError);
});
