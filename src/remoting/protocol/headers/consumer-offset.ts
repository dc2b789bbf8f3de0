// Custom headers of the consumer-offset and queue-offset requests (codes.md §1.2:
// 14, 15, 29, 30, 31, 32).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** QueryConsumerOffsetRequestHeader (14); setZeroIfNotFound is 5.x. */
export const QueryConsumerOffsetRequestHeader = defineHeader('QueryConsumerOffsetRequestHeader', {
  consumerGroup: required.string,
  topic: required.string,
  queueId: required.int,
  setZeroIfNotFound: optional.boolean,
});
export type QueryConsumerOffsetRequestHeader = HeaderOf<typeof QueryConsumerOffsetRequestHeader>;

/** QueryConsumerOffsetResponseHeader. */
export const QueryConsumerOffsetResponseHeader = defineHeader('QueryConsumerOffsetResponseHeader', {
  offset: required.long,
});
export type QueryConsumerOffsetResponseHeader = HeaderOf<typeof QueryConsumerOffsetResponseHeader>;

/** UpdateConsumerOffsetRequestHeader (15); its response header is empty. */
export const UpdateConsumerOffsetRequestHeader = defineHeader('UpdateConsumerOffsetRequestHeader', {
  consumerGroup: required.string,
  topic: required.string,
  queueId: required.int,
  commitOffset: required.long,
});
export type UpdateConsumerOffsetRequestHeader = HeaderOf<typeof UpdateConsumerOffsetRequestHeader>;

/** GetMaxOffsetRequestHeader (30). */
export const GetMaxOffsetRequestHeader = defineHeader('GetMaxOffsetRequestHeader', {
  topic: required.string,
  queueId: required.int,
});
export type GetMaxOffsetRequestHeader = HeaderOf<typeof GetMaxOffsetRequestHeader>;

/** GetMaxOffsetResponseHeader: the next offset to be written (0 if the queue is empty). */
export const GetMaxOffsetResponseHeader = defineHeader('GetMaxOffsetResponseHeader', {
  offset: required.long,
});
export type GetMaxOffsetResponseHeader = HeaderOf<typeof GetMaxOffsetResponseHeader>;

/** GetMinOffsetRequestHeader (31). */
export const GetMinOffsetRequestHeader = defineHeader('GetMinOffsetRequestHeader', {
  topic: required.string,
  queueId: required.int,
});
export type GetMinOffsetRequestHeader = HeaderOf<typeof GetMinOffsetRequestHeader>;

/** GetMinOffsetResponseHeader. */
export const GetMinOffsetResponseHeader = defineHeader('GetMinOffsetResponseHeader', {
  offset: required.long,
});
export type GetMinOffsetResponseHeader = HeaderOf<typeof GetMinOffsetResponseHeader>;

/** SearchOffsetRequestHeader (29). */
export const SearchOffsetRequestHeader = defineHeader('SearchOffsetRequestHeader', {
  topic: required.string,
  queueId: required.int,
  timestamp: required.long,
});
export type SearchOffsetRequestHeader = HeaderOf<typeof SearchOffsetRequestHeader>;

/** SearchOffsetResponseHeader. */
export const SearchOffsetResponseHeader = defineHeader('SearchOffsetResponseHeader', {
  offset: required.long,
});
export type SearchOffsetResponseHeader = HeaderOf<typeof SearchOffsetResponseHeader>;

/** GetEarliestMsgStoretimeRequestHeader (32). */
export const GetEarliestMsgStoretimeRequestHeader = defineHeader('GetEarliestMsgStoretimeRequestHeader', {
  topic: required.string,
  queueId: required.int,
});
export type GetEarliestMsgStoretimeRequestHeader = HeaderOf<typeof GetEarliestMsgStoretimeRequestHeader>;

/** GetEarliestMsgStoretimeResponseHeader. */
export const GetEarliestMsgStoretimeResponseHeader = defineHeader('GetEarliestMsgStoretimeResponseHeader', {
  timestamp: required.long,
});
export type GetEarliestMsgStoretimeResponseHeader = HeaderOf<typeof GetEarliestMsgStoretimeResponseHeader>;
