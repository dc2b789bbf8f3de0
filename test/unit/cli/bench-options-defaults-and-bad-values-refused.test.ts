// `rmq bench` options: RocketMQ benchmark defaults (BenchmarkTest, 64, 128 B, sync), the
// NameServer from -n, then NAMESRV_ADDR, then 127.0.0.1:9876; bad values and conflicting modes
// are ConfigErrors naming the flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consumeSettingsOf, produceSettingsOf, type RawBenchOptions } from '../../../src/cli/bench/bench-options.js';
import { ConfigError } from '../../../src/common/errors.js';

/** What commander hands over when only the defaults apply. */
const defaults: RawBenchOptions = { topic: 'BenchmarkTest', concurrency: '64' };

test('produce defaults: sync, single messages of 128 B, until a signal, NameServer 127.0.0.1:9876', () => {
  assert.deepEqual(produceSettingsOf(defaults, {}), {
    namesrvAddr: '127.0.0.1:9876',
    topic: 'BenchmarkTest',
    group: 'benchmark_producer',
    concurrency: 64,
    durationMs: undefined,
    messageSizeBytes: 128,
    mode: 'sync',
    batchSize: 1,
    autoBatch: false,
  });
});

test('the NameServer comes from -n, else NAMESRV_ADDR', () => {
  assert.equal(produceSettingsOf(defaults, { NAMESRV_ADDR: '10.0.0.1:9876' }).namesrvAddr, '10.0.0.1:9876');
  assert.equal(produceSettingsOf({ ...defaults, namesrvAddr: 'a:1;b:2' }, { NAMESRV_ADDR: '10.0.0.1:9876' }).namesrvAddr, 'a:1;b:2');
});

test('produce flags: duration in seconds (fractions allowed), size, batch, mode', () => {
  const s = produceSettingsOf({ ...defaults, duration: '2.5', size: '1024', batch: '16', async: true, concurrency: '256' }, {});
  assert.deepEqual([s.durationMs, s.messageSizeBytes, s.batchSize, s.mode, s.concurrency], [2_500, 1024, 16, 'async', 256]);
  assert.equal(produceSettingsOf({ ...defaults, oneway: true }, {}).mode, 'oneway');
  assert.equal(produceSettingsOf({ ...defaults, async: true, autoBatch: true }, {}).autoBatch, true);
});

test('consume defaults: group benchmark_consumer, from the last offset', () => {
  const s = consumeSettingsOf(defaults, {});
  assert.deepEqual([s.group, s.from, s.concurrency, s.topic], ['benchmark_consumer', 'last', 64, 'BenchmarkTest']);
  assert.equal(consumeSettingsOf({ ...defaults, from: 'first', group: 'G_1' }, {}).from, 'first');
});

test('bad values are ConfigErrors naming the flag', () => {
  const refused: Array<[Partial<RawBenchOptions>, RegExp]> = [
    [{ concurrency: '0' }, /--concurrency/],
    [{ concurrency: '-3' }, /--concurrency/],
    [{ concurrency: 'many' }, /--concurrency/],
    [{ size: '0' }, /--size/],
    [{ size: String(4 * 1024 * 1024 + 1) }, /--size/],
    [{ duration: '0' }, /--duration/],
    [{ duration: '1e3' }, /--duration/],
    [{ batch: '0' }, /--batch/],
    [{ topic: 'bad topic' }, /--topic/],
    [{ group: 'a/b' }, /--group/],
    [{ sync: true, async: true }, /--sync and --async/],
    [{ async: true, oneway: true }, /--async and --oneway/],
    [{ oneway: true, batch: '4' }, /--batch cannot be sent --oneway/],
    [{ oneway: true, autoBatch: true }, /--auto-batch/],
    [{ batch: '4', autoBatch: true }, /--auto-batch/],
  ];
  for (const [given, message] of refused) {
    assert.throws(() => produceSettingsOf({ ...defaults, ...given }, {}), (e: unknown) => e instanceof ConfigError && message.test(e.message), JSON.stringify(given));
  }
  assert.throws(() => consumeSettingsOf({ ...defaults, from: 'middle' }, {}), /--from/);
});
