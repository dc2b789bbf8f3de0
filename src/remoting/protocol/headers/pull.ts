// Custom headers of PULL_MESSAGE (11; codes.md §3).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** PullSysFlag bits of PullMessageRequestHeader.sysFlag. */
export const PullSysFlag = {
  commitOffset: 0x1,
  suspend: 0x2,
  subscription: 0x4,
  classFilter: 0x8,
  litePull: 0x10,
} as const;

/**
 * PullMessageRequestHeader. subscription/expressionType are @CFNullable (subscription only sent
 * with the subscription flag). maxMsgBytes, requestSource and proxyFrowardClientId (sic) are 5.x.
 */
export const PullMessageRequestHeader = defineHeader('PullMessageRequestHeader', {
  consumerGroup: required.string,
  topic: required.string,
  queueId: required.int,
  queueOffset: required.long,
  maxMsgNums: required.int,
  sysFlag: required.int,
  commitOffset: required.long,
  suspendTimeoutMillis: required.long,
  subscription: optional.string,
  subVersion: required.long,
  expressionType: optional.string,
  maxMsgBytes: optional.int,
  requestSource: optional.int,
  proxyFrowardClientId: optional.string,
});
export type PullMessageRequestHeader = HeaderOf<typeof PullMessageRequestHeader>;

/**
 * PullMessageResponseHeader; ali-ons needs nextBeginOffset, minOffset and maxOffset on every
 * pull answer (0, 19, 20, 21). offsetDelta, topicSysFlag, groupSysFlag, forbiddenType are 5.x.
 */
export const PullMessageResponseHeader = defineHeader('PullMessageResponseHeader', {
  suggestWhichBrokerId: required.long,
  nextBeginOffset: required.long,
  minOffset: required.long,
  maxOffset: required.long,
  offsetDelta: optional.long,
  topicSysFlag: optional.int,
  groupSysFlag: optional.int,
  forbiddenType: optional.int,
});
export type PullMessageResponseHeader = HeaderOf<typeof PullMessageResponseHeader>;
