import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../../src/common/errors.js';
import {
  autoBatchMaxBytesDefault,
  autoBatchMaxBytesLimit,
  autoBatchMaxDelayMsLimit,
  autoBatchTotalMaxBytesDefault,
  resolveAutoBatchSettings,
} from '../../../../src/client/producer/auto-batch.js';

test('autoBatch is off unless asked; true takes the defaults (end of turn, 32 KiB, 32 MiB)', () => {
  assert.equal(resolveAutoBatchSettings(undefined), undefined);
  assert.equal(resolveAutoBatchSettings(false), undefined);
  const defaults = { maxDelayMs: 0, maxBytes: 32 * 1024, totalMaxBytes: 32 * 1024 * 1024 };
  assert.deepEqual(resolveAutoBatchSettings(true), defaults);
  assert.deepEqual(resolveAutoBatchSettings({}), defaults);
  assert.deepEqual(
    { maxDelayMs: 0, maxBytes: autoBatchMaxBytesDefault, totalMaxBytes: autoBatchTotalMaxBytesDefault },
    defaults,
  );
  assert.deepEqual(resolveAutoBatchSettings({ maxDelayMs: 10, maxBytes: 1024, totalMaxBytes: 1024 }), { maxDelayMs: 10, maxBytes: 1024, totalMaxBytes: 1024 });
  assert.deepEqual(resolveAutoBatchSettings({ maxDelayMs: autoBatchMaxDelayMsLimit, maxBytes: autoBatchMaxBytesLimit }), {
    maxDelayMs: 30_000,
    maxBytes: 2 * 1024 * 1024,
    totalMaxBytes: autoBatchTotalMaxBytesDefault,
  });
});

test('bad autoBatch values are refused with a ConfigError naming the key', () => {
  const bad: [object, string][] = [
    [{ maxDelayMs: -1 }, 'autoBatch.maxDelayMs'],
    [{ maxDelayMs: 30_001 }, 'autoBatch.maxDelayMs'],
    [{ maxDelayMs: 1.5 }, 'autoBatch.maxDelayMs'],
    [{ maxBytes: 0 }, 'autoBatch.maxBytes'],
    [{ maxBytes: 2 * 1024 * 1024 + 1 }, 'autoBatch.maxBytes'],
    [{ maxBytes: Number.NaN }, 'autoBatch.maxBytes'],
    [{ maxBytes: 4096, totalMaxBytes: 4095 }, 'autoBatch.totalMaxBytes'],
  ];
  for (const [options, key] of bad) {
    assert.throws(
      () => resolveAutoBatchSettings(options),
      (error: unknown) => error instanceof ConfigError && error.key === key,
      JSON.stringify(options),
    );
  }
});
