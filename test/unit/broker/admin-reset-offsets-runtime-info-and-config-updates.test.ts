import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { resolveBrokerConfig } from '../../../src/broker/broker-config.js';
import {
  brokerConfigText,
  brokerConfigUpdate,
  brokerRuntimeInfo,
  formatRuntime,
  humanReadableBytes,
} from '../../../src/broker/processors/admin/broker-config-runtime.js';
import { resetOffsetTable, type ResetOffsetStore } from '../../../src/broker/processors/admin/offsets.js';
import { adminTopicProblem, topicConfigProblem } from '../../../src/broker/processors/admin/topic.js';
import { consumeStatsOf, topicStatsOf, type AdminStatsContext, type StatsStore } from '../../../src/broker/processors/admin/stats.js';
import type { StoreRuntimeInfo } from '../../../src/store/api.js';

/** Queue q holds 10 messages stored at times 1000, 1100, ... (offset i at 1000 + 100 i). */
const store: ResetOffsetStore & StatsStore = {
  maxOffsetInQueue: () => 10,
  minOffsetInQueue: () => 0,
  offsetInQueueByTime: (_t, _q, timestamp) => Math.min(10, Math.max(0, Math.ceil((timestamp - 1000) / 100))),
  messageStoreTime: (_t, _q, offset) => (offset >= 0 && offset < 10 ? 1000 + 100 * offset : -1),
};

test('reset by time: moved back when earlier, kept when later unless forced; -1 means the end', () => {
  const committed = [8, 2, 5];
  const reset = (timestamp: number, isForce: boolean) => {
    const r = resetOffsetTable({ topic: 'T', writeQueueNums: 3, brokerName: 'b', timestamp, isForce, committed: (q) => committed[q]!, store });
    assert.ok(r.ok);
    return r.ok ? r.body.offsetTable.map(([, offset]) => offset) : [];
  };
  assert.deepEqual(reset(1400, false), [4, 2, 4]);
  assert.deepEqual(reset(1400, true), [4, 4, 4]);
  assert.deepEqual(reset(-1, false), [8, 2, 5]);
  assert.deepEqual(reset(-1, true), [10, 10, 10]);
  assert.deepEqual(reset(0, false), [0, 0, 0]);
  const r = resetOffsetTable({ topic: 'T', writeQueueNums: 3, brokerName: 'b', timestamp: 0, isForce: true, committed: (q) => (q === 1 ? -1 : 3), store });
  assert.deepEqual(r, { ok: false, queueIdWithoutOffset: 1 });
});

test('topic and consume stats: one entry per write / read queue, last store times, 0 when none', () => {
  const topic = { topicName: 'T', readQueueNums: 2, writeQueueNums: 3, perm: 6, topicFilterType: 'SINGLE_TAG', topicSysFlag: 0, order: false };
  const stats = topicStatsOf(topic, 'b', store);
  assert.equal(stats.offsetTable.length, 3);
  assert.deepEqual(stats.offsetTable[2], [{ topic: 'T', brokerName: 'b', queueId: 2 }, { minOffset: 0, maxOffset: 10, lastUpdateTimestamp: 1900 }]);

  const subscriptions = new Map<string, unknown>();
  const ctx = {
    config: { brokerName: 'b' },
    topics: { select: (name: string) => (name === 'T' ? topic : undefined) },
    offsets: {
      topicsOfGroup: () => new Set(['T', 'Gone']),
      queryOffset: (_g: string, _t: string, q: number) => (q === 0 ? 4 : -1),
      groupsOfTopic: () => new Set<string>(),
    },
    consumers: { getConsumerGroupInfo: () => ({ subscriptions }), queryTopicConsumeByWho: () => new Set<string>() },
    store,
  } as unknown as AdminStatsContext;
  const consume = consumeStatsOf(ctx, 'G', undefined);
  assert.deepEqual(consume.offsetTable, [
    [{ topic: 'T', brokerName: 'b', queueId: 0 }, { brokerOffset: 10, consumerOffset: 4, lastTimestamp: 1300 }],
    [{ topic: 'T', brokerName: 'b', queueId: 1 }, { brokerOffset: 10, consumerOffset: 0, lastTimestamp: 0 }],
  ]);
  subscriptions.set('Other', {});
  assert.equal(consumeStatsOf(ctx, 'G', undefined).offsetTable.length, 0, 'an online group not subscribed to T is left out');
  assert.equal(consumeStatsOf(ctx, 'G', ' ').offsetTable.length, 0, 'a blank topic means the group\'s topics');
});

test('admin topic validation: RocketMQ remarks, then our bounds', () => {
  assert.equal(adminTopicProblem('ok_Topic-1|%'), undefined);
  assert.equal(adminTopicProblem(''), 'The specified topic is blank.');
  assert.equal(adminTopicProblem('OFFSET_MOVED_EVENT'), 'The topic[OFFSET_MOVED_EVENT] is conflict with system topic.');
  const header = { topic: 'T', defaultTopic: 'TBW102', readQueueNums: 0, writeQueueNums: 16_384, perm: 15, topicFilterType: 'MULTI_TAG', order: false };
  assert.equal(topicConfigProblem(header), undefined);
  assert.equal(topicConfigProblem({ ...header, writeQueueNums: 16_385 }), 'writeQueueNums 16385 is outside 0..16384');
  assert.equal(topicConfigProblem({ ...header, perm: 16 }), 'perm 16 is not a combination of the PermName bits 8, 4, 2, 1');
});

const info: StoreRuntimeInfo = {
  bootTimestamp: 1_000_000,
  putMessageTimesTotal: 4,
  putMessageSizeTotal: 1000,
  getMessageTimesTotalFound: 2,
  getMessageTimesTotalMiss: 1,
  getMessageTransferedMsgCount: 7,
  commitLogMinOffset: 0,
  commitLogMaxOffset: 1000,
  commitLogDiskRatio: 0.25,
  diskFull: false,
  putTps: [1.5, 0, 2],
  getFoundTps: [1, 1, 1],
  getMissTps: [0.5, 0, 0],
  getTransferedTps: [3, 0.25, 0],
};

test('runtime info has the keys clusterList reads, rates as three Java doubles', () => {
  const table = brokerRuntimeInfo(info, 123, '/', 1_000_000 + 90_061_000);
  for (const key of [
    'brokerVersionDesc', 'putTps', 'getTransferedTps', 'sendThreadPoolQueueSize', 'pullThreadPoolQueueSize',
    'sendThreadPoolQueueHeadWaitTimeMills', 'pullThreadPoolQueueHeadWaitTimeMills', 'pageCacheLockTimeMills',
    'earliestMessageTimeStamp', 'commitLogDiskRatio', 'msgPutTotalYesterdayMorning', 'msgPutTotalTodayMorning',
    'msgPutTotalTodayNow', 'msgGetTotalYesterdayMorning', 'msgGetTotalTodayMorning', 'msgGetTotalTodayNow',
  ]) {
    assert.ok(table.has(key), key);
  }
  assert.equal(table.get('putTps'), '1.5 0.0 2.0');
  assert.equal(table.get('getTransferedTps'), '3.0 0.25 0.0');
  assert.equal(table.get('getTotalTps'), '1.5 1.0 1.0');
  assert.equal(table.get('brokerVersion'), '409');
  assert.equal(table.get('msgPutTotalTodayNow'), '4');
  assert.equal(table.get('msgGetTotalTodayNow'), '7');
  assert.equal(table.get('earliestMessageTimeStamp'), '123');
  assert.equal(table.get('putMessageAverageSize'), '250.0');
  assert.equal(table.get('runtime'), '[ 1 days, 1 hours, 1 minutes, 1 seconds ]');
  assert.match(table.get('commitLogDirCapacity') ?? '', /^Total : [\d.]+ [KMGTPE]?i?B, Free : [\d.]+ [KMGTPE]?i?B\.$/);
  for (const value of table.values()) assert.equal(typeof value, 'string');
});

test('byte counts and run times read as RocketMQ prints them', () => {
  assert.equal(humanReadableBytes(512), '512 B');
  assert.equal(humanReadableBytes(1536), '1.5 KiB');
  assert.equal(humanReadableBytes(50 * 1024 ** 3), '50.0 GiB');
  assert.equal(formatRuntime(0, 59_999), '[ 0 days, 0 hours, 0 minutes, 59 seconds ]');
});

test('config updates: runtime keys accepted as a whole, others refused with the key named', () => {
  const config = resolveBrokerConfig({ brokerIP1: '127.0.0.1' });
  const ok = brokerConfigUpdate(config, 'regionId = Moon\n# comment\nnotifyConsumerIdsChangedEnable=false\n');
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual([...ok.values], [['regionId', 'Moon'], ['notifyConsumerIdsChangedEnable', false]]);
  const empty = brokerConfigUpdate(config, '');
  assert.ok(empty.ok && empty.values.size === 0);
  const restart = brokerConfigUpdate(config, 'regionId=Moon\nflushDiskType=SYNC_FLUSH');
  assert.ok(!restart.ok && restart.code === ResponseCode.NO_PERMISSION && restart.remark.includes('"flushDiskType"'));
  const unknown = brokerConfigUpdate(config, 'brokerNmae=x');
  assert.deepEqual(unknown, { ok: false, code: ResponseCode.SYSTEM_ERROR, remark: 'unknown broker config key "brokerNmae"' });
  const bad = brokerConfigUpdate(config, 'traceOn=yes');
  assert.ok(!bad.ok && bad.code === ResponseCode.SYSTEM_ERROR && bad.remark.includes('traceOn'));
});

test('the config text lists every key once as key=value lines', () => {
  const text = brokerConfigText(resolveBrokerConfig({ brokerIP1: '127.0.0.1', namesrvAddr: ['a:1', 'b:2'] }));
  assert.match(text, /^namesrvAddr=a:1;b:2$/m);
  assert.match(text, /^brokerIP1=127\.0\.0\.1$/m);
  assert.ok(text.endsWith('\n'));
  const keys = text.trim().split('\n').map((line) => line.slice(0, line.indexOf('=')));
  assert.equal(new Set(keys).size, keys.length);
});
