// Custom headers of the message queries (codes.md §1.3: 12, 33).
import { defineHeader, required, type HeaderOf } from './define-header.js';

/** extFields key set with "true" when QUERY_MESSAGE looks a message up by its UNIQ_KEY. */
export const uniqueKeyQueryField = '_UNIQUE_KEY_QUERY';

/** QueryMessageRequestHeader (12). */
export const QueryMessageRequestHeader = defineHeader('QueryMessageRequestHeader', {
  topic: required.string,
  key: required.string,
  maxNum: required.int,
  beginTimestamp: required.timestamp,
  endTimestamp: required.timestamp,
});
export type QueryMessageRequestHeader = HeaderOf<typeof QueryMessageRequestHeader>;

/** QueryMessageResponseHeader. */
export const QueryMessageResponseHeader = defineHeader('QueryMessageResponseHeader', {
  indexLastUpdateTimestamp: required.long,
  indexLastUpdatePhyoffset: required.long,
});
export type QueryMessageResponseHeader = HeaderOf<typeof QueryMessageResponseHeader>;

/** ViewMessageRequestHeader (33): offset is a commit-log offset. */
export const ViewMessageRequestHeader = defineHeader('ViewMessageRequestHeader', {
  offset: required.long,
});
export type ViewMessageRequestHeader = HeaderOf<typeof ViewMessageRequestHeader>;
