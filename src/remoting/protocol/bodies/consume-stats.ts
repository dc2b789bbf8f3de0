// ConsumeStats (GET_CONSUME_STATS body; lists of them in GET_BROKER_CONSUME_STATS's
// ConsumeStatsList) and TopicStatsTable (GET_TOPIC_STATS_INFO body), both keyed by MessageQueue
// objects as fastjson writes them:
//   {"consumeTps":0.0,"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:
//      {"brokerOffset":10,"consumerOffset":8,"lastTimestamp":1690000000000}}}
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:
//      {"lastUpdateTimestamp":1690000000000,"maxOffset":10,"minOffset":0}}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { arrayField, asArray, asMap, asObject, doubleField, longField, optionalString, parseBodyObject, stringKey } from './json-fields.js';
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

function consumeStatsToJson(stats: ConsumeStats): object {
  return { offsetTable: messageQueueEntriesToJson(stats.offsetTable, (w) => ({ ...w })), consumeTps: stats.consumeTps };
}

function consumeStatsFromJson(v: JsonValue, what: string): ConsumeStats {
  const o = asObject(v, what);
  return {
    offsetTable: o.offsetTable == null ? [] : messageQueueEntriesFromJson(o.offsetTable, `${what}.offsetTable`, offsetWrapperFromJson),
    consumeTps: doubleField(o, 'consumeTps', what),
  };
}

export function encodeConsumeStats(stats: ConsumeStats): Buffer {
  return Buffer.from(writeFastjson(consumeStatsToJson(stats)), 'utf8');
}

export function decodeConsumeStats(body: Buffer | string): ConsumeStats {
  return consumeStatsFromJson(parseBodyObject(body, 'ConsumeStats'), 'ConsumeStats');
}

/**
 * ConsumeStatsList (GET_BROKER_CONSUME_STATS: mqadmin brokerConsumeStats): per subscription
 * group, the ConsumeStats of each topic it consumes, and the broker's total of messages not yet
 * consumed:
 *   {"brokerAddr":"..","consumeStatsList":[{"G":[{ConsumeStats},..]},..],"totalDiff":12}
 */
export interface ConsumeStatsList {
  brokerAddr: string;
  consumeStatsList: Array<Map<string, ConsumeStats[]>>;
  totalDiff: number;
}

export function encodeConsumeStatsList(list: ConsumeStatsList): Buffer {
  const json = {
    brokerAddr: list.brokerAddr,
    consumeStatsList: list.consumeStatsList.map((byGroup) => new Map([...byGroup].map(([group, stats]) => [group, stats.map(consumeStatsToJson)]))),
    totalDiff: list.totalDiff,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeConsumeStatsList(body: Buffer | string): ConsumeStatsList {
  const what = 'ConsumeStatsList';
  const o = parseBodyObject(body, what);
  return {
    brokerAddr: optionalString(o, 'brokerAddr', what) ?? '',
    consumeStatsList: arrayField(o, 'consumeStatsList', what, (v, w) => asMap(v, w, stringKey, (s, ws) => asArray(s, ws, consumeStatsFromJson))),
    totalDiff: longField(o, 'totalDiff', what),
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
