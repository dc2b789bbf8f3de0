// Custom headers of client registration requests (codes.md §1.1-1.2). HEART_BEAT (34) has no
// header: its data is the HeartbeatData body.
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** UnregisterClientRequestHeader (35): note the capital ID of clientID. */
export const UnregisterClientRequestHeader = defineHeader('UnregisterClientRequestHeader', {
  clientID: required.string,
  producerGroup: optional.string,
  consumerGroup: optional.string,
});
export type UnregisterClientRequestHeader = HeaderOf<typeof UnregisterClientRequestHeader>;

/** GetConsumerListByGroupRequestHeader (38); answered with a ConsumerIdList body. */
export const GetConsumerListByGroupRequestHeader = defineHeader('GetConsumerListByGroupRequestHeader', {
  consumerGroup: required.string,
});
export type GetConsumerListByGroupRequestHeader = HeaderOf<typeof GetConsumerListByGroupRequestHeader>;

/** NotifyConsumerIdsChangedRequestHeader (40, broker -> client, oneway). */
export const NotifyConsumerIdsChangedRequestHeader = defineHeader('NotifyConsumerIdsChangedRequestHeader', {
  consumerGroup: required.string,
});
export type NotifyConsumerIdsChangedRequestHeader = HeaderOf<typeof NotifyConsumerIdsChangedRequestHeader>;

/** GetConsumerRunningInfoRequestHeader (307: admin -> broker, forwarded broker -> client). */
export const GetConsumerRunningInfoRequestHeader = defineHeader('GetConsumerRunningInfoRequestHeader', {
  consumerGroup: required.string,
  clientId: required.string,
  jstackEnable: optional.boolean,
});
export type GetConsumerRunningInfoRequestHeader = HeaderOf<typeof GetConsumerRunningInfoRequestHeader>;

/**
 * ConsumeMessageDirectlyResultRequestHeader (309: admin -> broker, forwarded broker -> client with
 * the message as the body); msgId is an offsetMsgId. topic, topicSysFlag and groupSysFlag are 5.x.
 */
export const ConsumeMessageDirectlyResultRequestHeader = defineHeader('ConsumeMessageDirectlyResultRequestHeader', {
  consumerGroup: required.string,
  clientId: optional.string,
  msgId: optional.string,
  brokerName: optional.string,
  topic: optional.string,
  topicSysFlag: optional.int,
  groupSysFlag: optional.int,
});
export type ConsumeMessageDirectlyResultRequestHeader = HeaderOf<typeof ConsumeMessageDirectlyResultRequestHeader>;
