// QueryConsumeTimeSpanBody (QUERY_CONSUME_TIME_SPAN): per queue of a topic, the store times of
// its first and last message, of the group's last consumed one, and how long the next one to
// consume has waited:
//   {"consumeTimeSpanSet":[{"consumeTimeStamp":..,"delayTime":..,"maxTimeStamp":..,
//     "messageQueue":{"brokerName":"b","queueId":0,"topic":"T"},"minTimeStamp":..}]}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { arrayField, asObject, longField, parseBodyObject } from './json-fields.js';
import { messageQueueFromJson, messageQueueToJson, type MessageQueue } from './message-queue.js';

export interface QueueTimeSpan {
  messageQueue: MessageQueue;
  minTimeStamp: number;
  maxTimeStamp: number;
  consumeTimeStamp: number;
  /** ms since the next message to consume was stored; 0 when the group is at the end. */
  delayTime: number;
}

export function encodeQueryConsumeTimeSpanBody(spans: readonly QueueTimeSpan[]): Buffer {
  const json = { consumeTimeSpanSet: spans.map((s) => ({ ...s, messageQueue: messageQueueToJson(s.messageQueue) })) };
  return Buffer.from(writeFastjson(json), 'utf8');
}

function queueTimeSpanFromJson(v: JsonValue, what: string): QueueTimeSpan {
  const o = asObject(v, what);
  return {
    messageQueue: messageQueueFromJson(o.messageQueue ?? null, `${what}.messageQueue`),
    minTimeStamp: longField(o, 'minTimeStamp', what),
    maxTimeStamp: longField(o, 'maxTimeStamp', what),
    consumeTimeStamp: longField(o, 'consumeTimeStamp', what),
    delayTime: longField(o, 'delayTime', what),
  };
}

export function decodeQueryConsumeTimeSpanBody(body: Buffer | string): QueueTimeSpan[] {
  const what = 'QueryConsumeTimeSpanBody';
  return arrayField(parseBodyObject(body, what), 'consumeTimeSpanSet', what, queueTimeSpanFromJson);
}
