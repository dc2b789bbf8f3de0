// The client's one retry helper: runs an operation again after a retryable failure, with
// exponential backoff and jitter for 'backoff' failures and at once for the others, whose
// recovery (refresh the route, avoid the broker) the caller performs in onRetry. Programmer
// errors (anything that is not a RocketMQError) and 'never' failures are rethrown at once.
import { InvalidArgumentError, RocketMQError } from '../common/errors.js';

export interface BackoffPolicy {
  /** Wait before the first backoff retry. */
  initialBackoffMs: number;
  /** Waits never exceed this (before jitter). */
  maxBackoffMs: number;
  /** Each further retry waits this many times longer. */
  multiplier: number;
  /** Fraction (0..1) by which a wait is randomly shortened or lengthened. */
  jitter: number;
}

export const backoffPolicyDefault: Readonly<BackoffPolicy> = {
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  multiplier: 2,
  jitter: 0.2,
};

/** Time as the helper sees it; tests pass a virtual one. */
export interface RetryClock {
  now(): number;
  /** Resolves after `ms`, or rejects with `signal.reason` when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RetryOptions {
  /** Retries after the first attempt (0 = one attempt only). */
  retries: number;
  backoff?: Partial<BackoffPolicy>;
  /** Absolute time (clock.now()) after which no new attempt starts. */
  deadline?: number;
  signal?: AbortSignal;
  clock?: RetryClock;
  /** Uniform in [0, 1); seeded in tests. */
  random?: () => number;
  /**
   * Called before each retry with the failure and the coming attempt number (1-based), after
   * the wait is decided: the caller's recovery (refresh a route, mark a broker). A throw ends
   * the retries with that error.
   */
  onRetry?: (error: RocketMQError, attempt: number, delayMs: number) => void | Promise<void>;
}

/** The wait before backoff retry number `retryIndex` (0-based), jitter applied. */
export function backoffDelayMs(retryIndex: number, policy: BackoffPolicy, random: () => number): number {
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** retryIndex);
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}

/** Whether `error` may be retried at all: a RocketMQError whose retry class is not 'never'. */
export function isRetryable(error: unknown): error is RocketMQError {
  return error instanceof RocketMQError && error.retry !== 'never';
}

/**
 * Runs `operation(attempt)` (attempt 0 first) until it resolves, a failure is not retryable,
 * `retries` retries are spent, the deadline would pass during the wait, or the signal aborts
 * (rejects with `signal.reason`). Otherwise rejects with the last failure.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = { ...backoffPolicyDefault, ...options.backoff };
  checkPolicy(policy, options.retries);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const signal = options.signal;
  let backoffRetries = 0;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= options.retries) throw error;
      const delayMs = error.retry === 'backoff' ? backoffDelayMs(backoffRetries++, policy, random) : 0;
      if (options.deadline !== undefined && clock.now() + delayMs >= options.deadline) throw error;
      await options.onRetry?.(error, attempt + 1, delayMs);
      if (delayMs > 0) await clock.sleep(delayMs, signal);
    }
  }
}

function checkPolicy(policy: BackoffPolicy, retries: number): void {
  if (!Number.isInteger(retries) || retries < 0) throw new InvalidArgumentError(`retries must be an integer >= 0, not ${retries}`);
  if (!(policy.initialBackoffMs >= 0 && policy.maxBackoffMs >= policy.initialBackoffMs)) {
    throw new InvalidArgumentError('backoff needs 0 <= initialBackoffMs <= maxBackoffMs');
  }
  if (!(policy.multiplier >= 1)) throw new InvalidArgumentError('backoff multiplier must be >= 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new InvalidArgumentError('backoff jitter must be within [0, 1]');
}
