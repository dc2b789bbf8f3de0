// Custom headers of the send requests (codes.md §2): SEND_MESSAGE (10) uses the long names of
// SendMessageRequestHeader; SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) carry the same
// data under SendMessageRequestHeaderV2's one-letter keys a..n (kept short "to speed up
// fastjson"). The Java broker turns V2 into V1 before processing; so do we.
import { defineHeader, optional, required, type HeaderOf } from './define-header.js';

/** SendMessageRequestHeader (10). `bname` is RpcRequestHeader's broker name (4.9.8+). */
export const SendMessageRequestHeader = defineHeader('SendMessageRequestHeader', {
  producerGroup: required.string,
  topic: required.string,
  defaultTopic: required.string,
  defaultTopicQueueNums: required.int,
  queueId: required.int,
  sysFlag: required.int,
  bornTimestamp: required.long,
  flag: required.int,
  properties: optional.string,
  reconsumeTimes: optional.int,
  unitMode: optional.boolean,
  batch: optional.boolean,
  maxReconsumeTimes: optional.int,
  bname: optional.string,
});
export type SendMessageRequestHeader = HeaderOf<typeof SendMessageRequestHeader>;

/** SendMessageRequestHeaderV2 (310, 320). */
export const SendMessageRequestHeaderV2 = defineHeader('SendMessageRequestHeaderV2', {
  a: required.string, // producerGroup
  b: required.string, // topic
  c: required.string, // defaultTopic
  d: required.int, // defaultTopicQueueNums
  e: required.int, // queueId
  f: required.int, // sysFlag
  g: required.long, // bornTimestamp
  h: required.int, // flag
  i: optional.string, // properties
  j: optional.int, // reconsumeTimes
  k: optional.boolean, // unitMode
  l: optional.int, // maxReconsumeTimes
  m: optional.boolean, // batch
  n: optional.string, // bname (broker name)
});
export type SendMessageRequestHeaderV2 = HeaderOf<typeof SendMessageRequestHeaderV2>;

/** V2 key -> V1 field name (SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1). */
export const sendHeaderV2ToV1Names = {
  a: 'producerGroup',
  b: 'topic',
  c: 'defaultTopic',
  d: 'defaultTopicQueueNums',
  e: 'queueId',
  f: 'sysFlag',
  g: 'bornTimestamp',
  h: 'flag',
  i: 'properties',
  j: 'reconsumeTimes',
  k: 'unitMode',
  l: 'maxReconsumeTimes',
  m: 'batch',
  n: 'bname',
} as const satisfies Record<keyof SendMessageRequestHeaderV2, keyof SendMessageRequestHeader>;

export function sendHeaderV2ToV1(v2: SendMessageRequestHeaderV2): SendMessageRequestHeader {
  const v1: SendMessageRequestHeader = {
    producerGroup: v2.a,
    topic: v2.b,
    defaultTopic: v2.c,
    defaultTopicQueueNums: v2.d,
    queueId: v2.e,
    sysFlag: v2.f,
    bornTimestamp: v2.g,
    flag: v2.h,
  };
  if (v2.i !== undefined) v1.properties = v2.i;
  if (v2.j !== undefined) v1.reconsumeTimes = v2.j;
  if (v2.k !== undefined) v1.unitMode = v2.k;
  if (v2.l !== undefined) v1.maxReconsumeTimes = v2.l;
  if (v2.m !== undefined) v1.batch = v2.m;
  if (v2.n !== undefined) v1.bname = v2.n;
  return v1;
}

export function sendHeaderV1ToV2(v1: SendMessageRequestHeader): SendMessageRequestHeaderV2 {
  const v2: SendMessageRequestHeaderV2 = {
    a: v1.producerGroup,
    b: v1.topic,
    c: v1.defaultTopic,
    d: v1.defaultTopicQueueNums,
    e: v1.queueId,
    f: v1.sysFlag,
    g: v1.bornTimestamp,
    h: v1.flag,
  };
  if (v1.properties !== undefined) v2.i = v1.properties;
  if (v1.reconsumeTimes !== undefined) v2.j = v1.reconsumeTimes;
  if (v1.unitMode !== undefined) v2.k = v1.unitMode;
  if (v1.maxReconsumeTimes !== undefined) v2.l = v1.maxReconsumeTimes;
  if (v1.batch !== undefined) v2.m = v1.batch;
  if (v1.bname !== undefined) v2.n = v1.bname;
  return v2;
}

/**
 * SendMessageResponseHeader (answers 10, 310, 320, 324, 325). The broker also puts extFields
 * MSG_REGION and TRACE_ON (sendResponseExtraFields); the Java client needs extFields present.
 * batchUniqId and recallHandle are 5.x.
 */
export const SendMessageResponseHeader = defineHeader('SendMessageResponseHeader', {
  msgId: required.string,
  queueId: required.int,
  queueOffset: required.long,
  transactionId: optional.string,
  batchUniqId: optional.string,
  recallHandle: optional.string,
});
export type SendMessageResponseHeader = HeaderOf<typeof SendMessageResponseHeader>;

/** extFields the broker adds to every send response, besides SendMessageResponseHeader. */
export const sendResponseExtraFields = { region: 'MSG_REGION', traceOn: 'TRACE_ON' } as const;
