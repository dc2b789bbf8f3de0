// Custom header of CONSUMER_SEND_MSG_BACK (36; codes.md §1.2).
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/**
 * ConsumerSendMsgBackRequestHeader. offset is the commit-log offset of the message; unitMode is
 * a Java primitive (absent = false); maxReconsumeTimes only honoured from request version 121.
 */
export const ConsumerSendMsgBackRequestHeader = defineHeader('ConsumerSendMsgBackRequestHeader', {
  offset: required.long,
  group: required.string,
  delayLevel: required.int,
  originMsgId: optional.string,
  originTopic: optional.string,
  unitMode: optional.boolean,
  maxReconsumeTimes: optional.int,
});
export type ConsumerSendMsgBackRequestHeader = HeaderOf<typeof ConsumerSendMsgBackRequestHeader>;
