// StatsItem as RocketMQ computes it: a window's sum, tps and avgpt compare its oldest and newest
// snapshot; the minute keeps 7 snapshots 10 s apart, so a value leaves it 60 s after the next
// snapshot; a new item shows its first value at once. The BrokerStatsData body as Java writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatsItem } from '../../../src/common/stats/stats-item.js';
import { StatsTable } from '../../../src/common/stats/stats-table.js';
import { decodeBrokerStatsData, encodeBrokerStatsData } from '../../../src/remoting/protocol/bodies/broker-stats-data.js';

test('a new item shows its first value at once, measured from a zero snapshot one period back', () => {
  let now = 1_000_000;
  const table = new StatsTable(['TOPIC_PUT_NUMS'], () => now);
  table.add('TOPIC_PUT_NUMS', 'T', 5, 1);
  now += 3_000;
  table.add('TOPIC_PUT_NUMS', 'T', 2, 1);
  const item = table.item('TOPIC_PUT_NUMS', 'T')!;
  assert.deepEqual(item.inMinute(), { sum: 5, tps: 0.5, avgpt: 5, times: 1 }, 'the second call waits for the next snapshot');
  assert.deepEqual(item.inHour(), { sum: 5, tps: 5 / 600, avgpt: 5, times: 1 });
  assert.deepEqual(item.inDay(), { sum: 5, tps: 5 / 3600, avgpt: 5, times: 1 });
  assert.equal(table.item('TOPIC_PUT_NUMS', 'other'), undefined);
  assert.equal(table.item('NO_SUCH_NAME', 'T'), undefined);
});

test('the minute window spans its 7 newest snapshots, 10 s apart', () => {
  const item = new StatsItem();
  let at = 0;
  item.sampleAll(at);
  for (let i = 1; i <= 6; i++) {
    item.add(10, 2);
    at += 10_000;
    item.sampleSeconds(at);
  }
  // Snapshots at 0..60 s (the zero one at -10 s has left): 60 in 12 calls over 60 s.
  assert.deepEqual(item.inMinute(), { sum: 60, tps: 1, avgpt: 5, times: 12 });
  at += 10_000;
  item.sampleSeconds(at);
  assert.deepEqual(item.inMinute(), { sum: 50, tps: 50 / 60, avgpt: 5, times: 10 }, 'the first 10 s left the window');
  for (let i = 0; i < 6; i++) {
    at += 10_000;
    item.sampleSeconds(at);
  }
  assert.deepEqual(item.inMinute(), { sum: 0, tps: 0, avgpt: 0, times: 0 }, 'a quiet minute');
});

test('removeKeys drops the matching items only', () => {
  const table = new StatsTable(['TOPIC_PUT_NUMS', 'GROUP_GET_NUMS'], () => 0);
  table.add('TOPIC_PUT_NUMS', 'T', 1, 1);
  table.add('TOPIC_PUT_NUMS', 'T2', 1, 1);
  table.add('GROUP_GET_NUMS', 'T@G', 1, 1);
  table.removeKeys((key) => key === 'T' || key.startsWith('T@'));
  assert.deepEqual(
    [table.item('TOPIC_PUT_NUMS', 'T'), table.item('GROUP_GET_NUMS', 'T@G')].map((item) => item === undefined),
    [true, true],
  );
  assert.notEqual(table.item('TOPIC_PUT_NUMS', 'T2'), undefined);
});

test('BrokerStatsData: fastjson member order, and a round trip', () => {
  const window = (sum: number) => ({ sum, tps: sum / 60, avgpt: 1.5 });
  const data = { statsMinute: window(60), statsHour: window(120), statsDay: window(0) };
  const text = encodeBrokerStatsData(data).toString('utf8');
  assert.equal(
    text,
    '{"statsDay":{"avgpt":1.5,"sum":0,"tps":0},"statsHour":{"avgpt":1.5,"sum":120,"tps":2},"statsMinute":{"avgpt":1.5,"sum":60,"tps":1}}',
  );
  assert.deepEqual(decodeBrokerStatsData(text), data);
  assert.throws(() => decodeBrokerStatsData('{"statsMinute":{"sum":1}}'), /statsHour/);
});
