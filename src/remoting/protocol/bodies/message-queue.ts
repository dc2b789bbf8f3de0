// MessageQueue (common/message/MessageQueue.java): {"brokerName":"b","queueId":0,"topic":"T"}.
// Java maps keyed by MessageQueue (ConsumeStats, TopicStatsTable, ResetOffsetBody) are written by
// fastjson with the queue object itself as the key: {{"brokerName":"b","queueId":0,"topic":"T"}:v}.
// Such maps are held here as entry lists, since JS Maps compare object keys by identity.
import type { JsonValue } from './fastjson-parse.js';
import { parseFastjson } from './fastjson-parse.js';
import { asMap, asObject, intField, stringField } from './json-fields.js';

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

/** A Java Map<MessageQueue, V>, as entries in the order read or to be sorted on write. */
export type MessageQueueEntries<V> = Array<[MessageQueue, V]>;

export function messageQueueFromJson(v: JsonValue, what = 'MessageQueue'): MessageQueue {
  const o = asObject(v, what);
  return { topic: stringField(o, 'topic', what), brokerName: stringField(o, 'brokerName', what), queueId: intField(o, 'queueId', what) };
}

export function messageQueueToJson(mq: MessageQueue): object {
  return { topic: mq.topic, brokerName: mq.brokerName, queueId: mq.queueId };
}

/** A JSON object keyed by MessageQueue objects (or their quoted JSON text) read as entries. */
export function messageQueueEntriesFromJson<V>(v: JsonValue, what: string, value: (v: JsonValue, what: string) => V): MessageQueueEntries<V> {
  return [...asMap(v, what, (k, w) => messageQueueFromJson(parseFastjson(k), w), value)];
}

/** Entries as a Map with queue objects as keys, ready for writeFastjson. */
export function messageQueueEntriesToJson<V>(entries: MessageQueueEntries<V>, value: (v: V) => unknown): Map<object, unknown> {
  return new Map(entries.map(([mq, v]) => [messageQueueToJson(mq), value(v)]));
}
