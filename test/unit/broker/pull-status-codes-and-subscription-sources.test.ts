// Pull answers: the store status -> response code table of behaviours.md §5, and where the
// subscription comes from (request flag 0x4, else the group's heartbeat) with codes 23/24/25/16.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCode } from '../../../src/common/response-code.js';
import { pullCodeOf } from '../../../src/broker/processors/pull/status.js';
import { resolvePullSubscription } from '../../../src/broker/processors/pull/subscription.js';
import { newSubscriptionGroupConfig } from '../../../src/broker/managers/subscription-group-manager.js';
import type { PullMessageRequestHeader } from '../../../src/remoting/protocol/headers/pull.js';
import type { SubscriptionData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import type { GetStatus } from '../../../src/store/api.js';

test('every store status maps to RocketMQ\'s pull code', () => {
  const table: Array<[GetStatus, number, number]> = [
    ['FOUND', 5, ResponseCode.SUCCESS],
    ['NO_MATCHED_MESSAGE', 5, ResponseCode.PULL_RETRY_IMMEDIATELY],
    ['MESSAGE_WAS_REMOVING', 5, ResponseCode.PULL_RETRY_IMMEDIATELY],
    ['OFFSET_OVERFLOW_ONE', 5, ResponseCode.PULL_NOT_FOUND],
    ['OFFSET_FOUND_NULL', 5, ResponseCode.PULL_NOT_FOUND],
    ['OFFSET_TOO_SMALL', 5, ResponseCode.PULL_OFFSET_MOVED],
    ['OFFSET_OVERFLOW_BADLY', 5, ResponseCode.PULL_OFFSET_MOVED],
    ['NO_MESSAGE_IN_QUEUE', 5, ResponseCode.PULL_OFFSET_MOVED],
    ['NO_MESSAGE_IN_QUEUE', 0, ResponseCode.PULL_NOT_FOUND],
    ['NO_MATCHED_LOGIC_QUEUE', 3, ResponseCode.PULL_OFFSET_MOVED],
    ['NO_MATCHED_LOGIC_QUEUE', 0, ResponseCode.PULL_NOT_FOUND],
  ];
  for (const [status, offset, code] of table) assert.equal(pullCodeOf(status, offset), code, `${status} at ${offset}`);
});

const group = newSubscriptionGroupConfig('G');

function header(fields: Partial<PullMessageRequestHeader>): PullMessageRequestHeader {
  return { consumerGroup: 'G', topic: 'T', queueId: 0, queueOffset: 0, maxMsgNums: 32, sysFlag: 0, commitOffset: 0, suspendTimeoutMillis: 0, subVersion: 0, ...fields };
}

function registered(sub: Partial<SubscriptionData>, messageModel = 'CLUSTERING') {
  const data: SubscriptionData = { classFilterMode: false, topic: 'T', subString: 'TagA', tagsSet: ['TagA'], codeSet: [], subVersion: 100, ...sub };
  return { mode: { messageModel }, subscriptions: new Map([[data.topic, data]]) };
}

test('with the subscription flag the request\'s expression is used; SQL92 and bad expressions are refused', () => {
  const ok = resolvePullSubscription(header({ sysFlag: 0x4, subscription: 'A || B' }), group, undefined);
  assert.ok('subscription' in ok && [...ok.subscription.tags].join() === 'A,B');
  assert.deepEqual(resolvePullSubscription(header({ sysFlag: 0x4, subscription: '||' }), group, undefined), {
    code: ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    remark: "parse the consumer's subscription failed",
  });
  assert.deepEqual(resolvePullSubscription(header({ sysFlag: 0x4, subscription: 'a > 1', expressionType: 'SQL92' }), group, undefined), {
    code: ResponseCode.SYSTEM_ERROR,
    remark: 'The broker does not support consumer to filter message by SQL92',
  });
  const tagType = resolvePullSubscription(header({ sysFlag: 0x4, subscription: '*', expressionType: 'TAG' }), group, undefined);
  assert.ok('subscription' in tagType && tagType.subscription.all);
});

test('without the flag the heartbeat\'s subscription is used, checked for group, topic, version and broadcast', () => {
  assert.equal(codeOf(resolvePullSubscription(header({}), group, undefined)), ResponseCode.SUBSCRIPTION_NOT_EXIST);
  assert.equal(codeOf(resolvePullSubscription(header({ topic: 'Other' }), group, registered({}))), ResponseCode.SUBSCRIPTION_NOT_EXIST);
  assert.equal(codeOf(resolvePullSubscription(header({ subVersion: 101 }), group, registered({}))), ResponseCode.SUBSCRIPTION_NOT_LATEST);
  const fromHeartbeat = resolvePullSubscription(header({ subVersion: 100 }), group, registered({}));
  assert.ok('subscription' in fromHeartbeat && fromHeartbeat.subscription.tags.has('TagA'));
  const noBroadcast = { ...group, consumeBroadcastEnable: false };
  assert.equal(codeOf(resolvePullSubscription(header({}), noBroadcast, registered({}, 'BROADCASTING'))), ResponseCode.NO_PERMISSION);
  assert.equal(codeOf(resolvePullSubscription(header({}), group, registered({}, 'BROADCASTING'))), undefined, 'broadcast allowed by default');
  assert.equal(codeOf(resolvePullSubscription(header({}), group, registered({ expressionType: 'SQL92', subString: 'a > 1' }))), ResponseCode.SYSTEM_ERROR);
});

function codeOf(r: ReturnType<typeof resolvePullSubscription>): number | undefined {
  return 'code' in r ? r.code : undefined;
}
