import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/common/errors.js';
import { parseDelayLevels, parseDeleteWhen, resolveStoreConfig } from '../../../src/store/store-config.js';

test('defaults are RocketMQ defaults', () => {
  const c = resolveStoreConfig();
  assert.equal(c.mappedFileSizeCommitLog, 1024 ** 3);
  assert.equal(c.mappedFileSizeConsumeQueue, 6_000_000);
  assert.equal(c.flushDiskType, 'ASYNC_FLUSH');
  assert.equal(c.fileReservedTime, 72);
  assert.equal(c.deleteWhen, '04');
  assert.deepEqual([c.diskMaxUsedSpaceRatio, c.diskSpaceCleanForciblyRatio, c.diskSpaceWarningLevelRatio], [75, 85, 90]);
  assert.equal(parseDelayLevels(c.messageDelayLevel).length, 18);
});

test('delay levels parse with units s m h d', () => {
  assert.deepEqual(parseDelayLevels('1s 5s 2m 1h 1d'), [1000, 5000, 120_000, 3_600_000, 86_400_000]);
  assert.throws(() => parseDelayLevels('1s 5x'), (e: unknown) => e instanceof ConfigError && e.key === 'messageDelayLevel');
});

test('deleteWhen lists hours separated by ";"', () => {
  assert.deepEqual([...parseDeleteWhen('04;16')], [4, 16]);
  assert.throws(() => resolveStoreConfig({ deleteWhen: '25' }), (e: unknown) => e instanceof ConfigError && e.key === 'deleteWhen');
});

test('bad values are refused with the key named', () => {
  assert.throws(() => resolveStoreConfig({ mappedFileSizeConsumeQueue: 30 }), (e: unknown) => e instanceof ConfigError && e.key === 'mappedFileSizeConsumeQueue');
  assert.throws(() => resolveStoreConfig({ diskMaxUsedSpaceRatio: 120 }), (e: unknown) => e instanceof ConfigError && e.key === 'diskMaxUsedSpaceRatio');
  assert.throws(() => resolveStoreConfig({ flushDiskType: 'SOMETIMES' as never }), (e: unknown) => e instanceof ConfigError && e.key === 'flushDiskType');
});
