import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/common/logger.js';
import type { SubscriptionData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import type { ClientChannel, ClientChannelInfo } from '../../../src/broker/managers/client-channel.js';
import { ConsumerManager } from '../../../src/broker/managers/consumer-manager.js';
import { ProducerManager } from '../../../src/broker/managers/producer-manager.js';

const logger = createLogger('test');

class FakeChannel implements ClientChannel {
  closed = false;
  constructor(readonly remoteAddress: string) {}
  close(): void {
    this.closed = true;
  }
}

const info = (channel: FakeChannel, clientId: string): ClientChannelInfo<FakeChannel> => ({
  channel,
  clientId,
  language: 'JAVA',
  version: 409,
  lastUpdateTimestamp: 0,
});

const sub = (topic: string, subVersion = 1, subString = '*'): SubscriptionData => ({
  classFilterMode: false,
  topic,
  subString,
  tagsSet: [],
  codeSet: [],
  subVersion,
  expressionType: 'TAG',
});

const push = { consumeType: 'CONSUME_PASSIVELY', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' };

function consumers(clock: { now: number }) {
  const m = new ConsumerManager<FakeChannel>({ channelExpiredTimeoutMs: 120_000, logger, now: () => clock.now });
  const events: Array<[string, string[]]> = [];
  m.onConsumerIdsChanged((group, members) => events.push([group, members.map((c) => c.remoteAddress)]));
  return { m, events };
}

test('a new member or topic is a change; a repeated heartbeat or a newer subVersion is not', () => {
  const clock = { now: 1000 };
  const { m, events } = consumers(clock);
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  assert.equal(m.registerConsumer('G', info(a, 'A'), push, [sub('T')], true), true);
  assert.equal(m.registerConsumer('G', info(a, 'A'), push, [sub('T')], true), false);
  assert.equal(m.registerConsumer('G', info(a, 'A'), push, [sub('T', 2, 'TagA')], true), false, 'newer subVersion replaces silently');
  assert.equal(m.findSubscriptionData('G', 'T')?.subString, 'TagA');
  assert.equal(m.registerConsumer('G', info(a, 'A'), push, [sub('T', 1, 'old')], true), false);
  assert.equal(m.findSubscriptionData('G', 'T')?.subString, 'TagA', 'an older subVersion is ignored');
  assert.equal(m.registerConsumer('G', info(b, 'B'), push, [sub('T', 2, 'TagA')], true), true, 'second member');
  assert.equal(m.registerConsumer('G', info(b, 'B'), push, [sub('T', 2), sub('U')], true), true, 'new topic');
  assert.equal(m.registerConsumer('G', info(b, 'B'), push, [sub('U')], true), true, 'topic dropped');
  assert.deepEqual(events, [
    ['G', ['a:1']],
    ['G', ['a:1', 'b:1']],
    ['G', ['a:1', 'b:1']],
    ['G', ['a:1', 'b:1']],
  ]);
  assert.deepEqual(m.getConsumerGroupInfo('G')?.allClientIds(), ['A', 'B']);
  assert.equal(m.findChannel('G', 'B')?.channel, b);
  assert.deepEqual([...m.queryTopicConsumeByWho('U')], ['G']);
});

test('a group with notifyConsumerIdsChangedEnable off reports changes without notifying', () => {
  const { m, events } = consumers({ now: 0 });
  assert.equal(m.registerConsumer('G', info(new FakeChannel('a:1'), 'A'), push, [sub('T')], false), true);
  assert.deepEqual(events, []);
});

test('unregister and connection close remove the member and notify the rest; an empty group goes away', () => {
  const { m, events } = consumers({ now: 0 });
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  m.registerConsumer('G', info(a, 'A'), push, [sub('T')], true);
  m.registerConsumer('G', info(b, 'B'), push, [sub('T')], true);
  m.registerConsumer('H', info(b, 'B'), push, [sub('T')], true);
  events.length = 0;
  m.unregisterConsumer('G', a, true);
  assert.deepEqual(events, [['G', ['b:1']]]);
  m.unregisterConsumer('G', a, true);
  assert.equal(events.length, 1, 'unknown member: nothing');
  m.doChannelCloseEvent(b);
  assert.deepEqual(events.slice(1), [
    ['G', []],
    ['H', []],
  ]);
  assert.equal(m.groups.size, 0);
});

test('members without a heartbeat for channelExpiredTimeout are dropped and closed', () => {
  const clock = { now: 0 };
  const { m, events } = consumers(clock);
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  m.registerConsumer('G', info(a, 'A'), push, [sub('T')], true);
  clock.now = 60_000;
  m.registerConsumer('G', info(b, 'B'), push, [sub('T')], true);
  events.length = 0;
  clock.now = 120_000;
  m.scanNotActiveChannel();
  assert.equal(a.closed, false, 'exactly the timeout is not expired');
  clock.now = 120_001;
  m.scanNotActiveChannel();
  assert.equal(a.closed, true);
  assert.equal(b.closed, false);
  assert.deepEqual(events, [['G', ['b:1']]]);
  clock.now = 170_000;
  m.registerConsumer('G', info(b, 'B'), push, [sub('T')], true);
  clock.now = 290_000;
  m.scanNotActiveChannel();
  assert.equal(b.closed, false, 'the heartbeat refreshed it');
});

test('producers: register, find a live member, drop on close and on expiry', () => {
  const clock = { now: 0 };
  const m = new ProducerManager<FakeChannel>({ channelExpiredTimeoutMs: 1000, logger, now: () => clock.now });
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  m.registerProducer('P', info(a, 'A'));
  m.registerProducer('P', info(b, 'B'));
  m.registerProducer('Q', info(b, 'B'));
  assert.ok([a, b].includes(m.getAvailableChannel('P')!));
  assert.equal(m.findChannel('B'), b);
  m.doChannelCloseEvent(b);
  assert.equal(m.getAvailableChannel('P'), a);
  assert.equal(m.groups.has('Q'), false);
  m.unregisterProducer('P', a);
  assert.equal(m.getAvailableChannel('P'), undefined);

  m.registerProducer('P', info(a, 'A'));
  clock.now = 500;
  m.registerProducer('P', info(b, 'B'));
  clock.now = 1200;
  m.scanNotActiveChannel();
  assert.deepEqual([a.closed, b.closed], [true, false]);
  assert.equal(m.getAvailableChannel('P'), b);
});
