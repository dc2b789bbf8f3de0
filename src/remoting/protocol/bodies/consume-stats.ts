// ConsumeStats (GET_CONSUME_STATS body) and TopicStatsTable (GET_TOPIC_STATS_INFO body), both
// keyed by MessageQueue objects as fastjson writes them:
//   {"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:
//      {"brokerOffset":10,"consumerOffset":8,"lastTimestamp":1690000000000}}}
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:
//      {"lastUpdateTimestamp":1690000000000,"maxOffset":10,"minOffset":0}}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asObject, doubleField, longField, parseBodyObject } from './json-fields.js';
import { messageQueueEntriesFromJson, messageQueueEntriesToJson, type MessageQueueEntries } from './message-queue.js';

export interface OffsetWrapper {
  /** The queue's max offset. */
  brokerOffset: number;
  /** The group's committed offset (0 if none). */
  consumerOffset: number;
  /** Store time of the message at consumerOffset - 1 (0 if none). */
  lastTimestamp: number;
}

export interface ConsumeStats {
  offsetTable: MessageQueueEntries<OffsetWrapper>;
  consumeTps: number;
}

export interface TopicOffset {
  minOffset: number;
  maxOffset: number;
  /** Store time of the message at maxOffset - 1 (0 if empty). */
  lastUpdateTimestamp: number;
}

export interface TopicStatsTable {
  offsetTable: MessageQueueEntries<TopicOffset>;
}

function offsetWrapperFromJson(v: JsonValue, what: string): OffsetWrapper {
  const o = asObject(v, what);
  return {
    brokerOffset: longField(o, 'brokerOffset', what),
    consumerOffset: longField(o, 'consumerOffset', what),
    lastTimestamp: longField(o, 'lastTimestamp', what),
  };
}

function topicOffsetFromJson(v: JsonValue, what: string): TopicOffset {
  const o = asObject(v, what);
  return {
    minOffset: longField(o, 'minOffset', what),
    maxOffset: longField(o, 'maxOffset', what),
    lastUpdateTimestamp: longField(o, 'lastUpdateTimestamp', what),
  };
}

export function encodeConsumeStats(stats: ConsumeStats): Buffer {
  const json = { offsetTable: messageQueueEntriesToJson(stats.offsetTable, (w) => ({ ...w })), consumeTps: stats.consumeTps };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeConsumeStats(body: Buffer | string): ConsumeStats {
  const what = 'ConsumeStats';
  const o = parseBodyObject(body, what);
  return {
    offsetTable: o.offsetTable == null ? [] : messageQueueEntriesFromJson(o.offsetTable, `${what}.offsetTable`, offsetWrapperFromJson),
    consumeTps: doubleField(o, 'consumeTps', what),
  };
}

export function encodeTopicStatsTable(table: TopicStatsTable): Buffer {
  return Buffer.from(writeFastjson({ offsetTable: messageQueueEntriesToJson(table.offsetTable, (t) => ({ ...t })) }), 'utf8');
}

export function decodeTopicStatsTable(body: Buffer | string): TopicStatsTable {
  const what = 'TopicStatsTable';
  const o = parseBodyObject(body, what);
  return {
    offsetTable: o.offsetTable == null ? [] : messageQueueEntriesFromJson(o.offsetTable, `${what}.offsetTable`, topicOffsetFromJson),
  };
}
