// Custom headers of the broker admin requests (codes.md §1.3).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** CreateTopicRequestHeader (17). topicFilterType: "SINGLE_TAG" / "MULTI_TAG". */
export const CreateTopicRequestHeader = defineHeader('CreateTopicRequestHeader', {
  topic: required.string,
  defaultTopic: required.string,
  readQueueNums: required.int,
  writeQueueNums: required.int,
  perm: required.int,
  topicFilterType: required.string,
  topicSysFlag: optional.int,
  order: required.boolean,
});
export type CreateTopicRequestHeader = HeaderOf<typeof CreateTopicRequestHeader>;

/** DeleteTopicRequestHeader (215). */
export const DeleteTopicRequestHeader = defineHeader('DeleteTopicRequestHeader', {
  topic: required.string,
});
export type DeleteTopicRequestHeader = HeaderOf<typeof DeleteTopicRequestHeader>;

/** GetTopicStatsInfoRequestHeader (202). */
export const GetTopicStatsInfoRequestHeader = defineHeader('GetTopicStatsInfoRequestHeader', {
  topic: required.string,
});
export type GetTopicStatsInfoRequestHeader = HeaderOf<typeof GetTopicStatsInfoRequestHeader>;

/** GetConsumeStatsRequestHeader (208); a blank topic means every topic of the group. */
export const GetConsumeStatsRequestHeader = defineHeader('GetConsumeStatsRequestHeader', {
  consumerGroup: required.string,
  topic: optional.string,
});
export type GetConsumeStatsRequestHeader = HeaderOf<typeof GetConsumeStatsRequestHeader>;

/** GetConsumeStatsInBrokerHeader (317): note the field name isOrder. */
export const GetConsumeStatsInBrokerHeader = defineHeader('GetConsumeStatsInBrokerHeader', {
  isOrder: required.boolean,
});
export type GetConsumeStatsInBrokerHeader = HeaderOf<typeof GetConsumeStatsInBrokerHeader>;

/** GetConsumerConnectionListRequestHeader (203). */
export const GetConsumerConnectionListRequestHeader = defineHeader('GetConsumerConnectionListRequestHeader', {
  consumerGroup: required.string,
});
export type GetConsumerConnectionListRequestHeader = HeaderOf<typeof GetConsumerConnectionListRequestHeader>;

/** GetProducerConnectionListRequestHeader (204). */
export const GetProducerConnectionListRequestHeader = defineHeader('GetProducerConnectionListRequestHeader', {
  producerGroup: required.string,
});
export type GetProducerConnectionListRequestHeader = HeaderOf<typeof GetProducerConnectionListRequestHeader>;

/** ResetOffsetRequestHeader (220 broker -> client, 222 admin -> broker): note isForce. */
export const ResetOffsetRequestHeader = defineHeader('ResetOffsetRequestHeader', {
  topic: required.string,
  group: required.string,
  timestamp: required.long,
  isForce: required.boolean,
});
export type ResetOffsetRequestHeader = HeaderOf<typeof ResetOffsetRequestHeader>;

/** DeleteSubscriptionGroupRequestHeader (207); removeOffset is a Java primitive (absent = false). */
export const DeleteSubscriptionGroupRequestHeader = defineHeader('DeleteSubscriptionGroupRequestHeader', {
  groupName: required.string,
  removeOffset: optional.boolean,
});
export type DeleteSubscriptionGroupRequestHeader = HeaderOf<typeof DeleteSubscriptionGroupRequestHeader>;

/** GetBrokerConfigResponseHeader (26): version is the DataVersion as JSON text. */
export const GetBrokerConfigResponseHeader = defineHeader('GetBrokerConfigResponseHeader', {
  version: required.string,
});
export type GetBrokerConfigResponseHeader = HeaderOf<typeof GetBrokerConfigResponseHeader>;

/** QueryTopicConsumeByWhoRequestHeader (300); answered with a GroupList body. */
export const QueryTopicConsumeByWhoRequestHeader = defineHeader('QueryTopicConsumeByWhoRequestHeader', {
  topic: required.string,
});
export type QueryTopicConsumeByWhoRequestHeader = HeaderOf<typeof QueryTopicConsumeByWhoRequestHeader>;

/** QueryConsumeTimeSpanRequestHeader (303). */
export const QueryConsumeTimeSpanRequestHeader = defineHeader('QueryConsumeTimeSpanRequestHeader', {
  topic: required.string,
  group: required.string,
});
export type QueryConsumeTimeSpanRequestHeader = HeaderOf<typeof QueryConsumeTimeSpanRequestHeader>;

/** CloneGroupOffsetRequestHeader (314): topic blank means every topic srcGroup has offsets on. */
export const CloneGroupOffsetRequestHeader = defineHeader('CloneGroupOffsetRequestHeader', {
  srcGroup: required.string,
  destGroup: required.string,
  topic: optional.string,
  offline: optional.boolean,
});
export type CloneGroupOffsetRequestHeader = HeaderOf<typeof CloneGroupOffsetRequestHeader>;

/** QueryConsumeQueueRequestHeader (321, mqadmin queryCq); Java declares no field @CFNotNull. */
export const QueryConsumeQueueRequestHeader = defineHeader('QueryConsumeQueueRequestHeader', {
  topic: optional.string,
  queueId: optional.int,
  index: optional.long,
  count: optional.int,
  consumerGroup: optional.string,
});
export type QueryConsumeQueueRequestHeader = HeaderOf<typeof QueryConsumeQueueRequestHeader>;

/**
 * GetConsumerStatusRequestHeader (223 admin -> broker, 221 broker -> client). clientAddr, despite
 * its name, is compared with client ids; blank asks every member of the group.
 */
export const GetConsumerStatusRequestHeader = defineHeader('GetConsumerStatusRequestHeader', {
  topic: required.string,
  group: required.string,
  clientAddr: optional.string,
});
export type GetConsumerStatusRequestHeader = HeaderOf<typeof GetConsumerStatusRequestHeader>;

/** ViewBrokerStatsDataRequestHeader (315): a BrokerStatsManager set's name and an item's key. */
export const ViewBrokerStatsDataRequestHeader = defineHeader('ViewBrokerStatsDataRequestHeader', {
  statsName: required.string,
  statsKey: required.string,
});
export type ViewBrokerStatsDataRequestHeader = HeaderOf<typeof ViewBrokerStatsDataRequestHeader>;
