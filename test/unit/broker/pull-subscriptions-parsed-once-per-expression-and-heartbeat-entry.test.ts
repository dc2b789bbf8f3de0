// Pulls carry the same expression again and again: it is parsed once and the same parse is
// reused (bad expressions keep failing); a heartbeat entry is parsed once too, and a heartbeat
// that replaces the entry (new tags) is parsed afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { newSubscriptionGroupConfig } from '../../../src/broker/managers/subscription-group-manager.js';
import type { SubscriptionData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import type { PullMessageRequestHeader } from '../../../src/remoting/protocol/headers/pull.js';
import { resolvePullSubscription } from '../../../src/broker/processors/pull/subscription.js';

const group = newSubscriptionGroupConfig('G');

function header(fields: Partial<PullMessageRequestHeader>): PullMessageRequestHeader {
  return { consumerGroup: 'G', topic: 'T', queueId: 0, queueOffset: 0, maxMsgNums: 32, sysFlag: 0, commitOffset: 0, suspendTimeoutMillis: 0, subVersion: 0, ...fields };
}

function tagsOf(resolved: ReturnType<typeof resolvePullSubscription>): string[] {
  assert.ok('subscription' in resolved);
  return [...resolved.subscription.tags];
}

test('the same expression resolves to the same parse; a bad one keeps failing', () => {
  const first = resolvePullSubscription(header({ sysFlag: 0x4, subscription: 'X || Y' }), group, undefined);
  const again = resolvePullSubscription(header({ sysFlag: 0x4, subscription: 'X || Y' }), group, undefined);
  assert.ok('subscription' in first && 'subscription' in again);
  assert.equal(again.subscription, first.subscription);
  assert.deepEqual(tagsOf(resolvePullSubscription(header({ sysFlag: 0x4, subscription: 'X' }), group, undefined)), ['X']);
  for (let i = 0; i < 2; i++) {
    assert.equal((resolvePullSubscription(header({ sysFlag: 0x4, subscription: ' || ' }), group, undefined) as { code: number }).code, ResponseCode.SUBSCRIPTION_PARSE_FAILED);
  }
});

test('a heartbeat entry is parsed once; its replacement is parsed again', () => {
  const entry = (tags: string[]): SubscriptionData => ({ classFilterMode: false, topic: 'T', subString: tags.join(' || '), tagsSet: tags, codeSet: [], subVersion: 1 });
  const info = { mode: { messageModel: 'CLUSTERING' }, subscriptions: new Map([['T', entry(['A'])]]) };
  const first = resolvePullSubscription(header({}), group, info);
  const again = resolvePullSubscription(header({}), group, info);
  assert.ok('subscription' in first && 'subscription' in again);
  assert.equal(again.subscription, first.subscription);
  info.subscriptions.set('T', entry(['B', 'C']));
  assert.deepEqual(tagsOf(resolvePullSubscription(header({}), group, info)), ['B', 'C']);
});
