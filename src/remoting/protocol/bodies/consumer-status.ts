// GetConsumerStatusBody (mqadmin getConsumerStatus): a client's answer to
// GET_CONSUMER_STATUS_FROM_CLIENT is its offsets of a topic's queues (messageQueueTable); the
// broker's answer to INVOKE_BROKER_TO_GET_CONSUMER_STATUS is each member's table by client id
// (consumerTable). Queues are fastjson object keys:
//   {"consumerTable":{"ip@pid":{{"brokerName":"b","queueId":0,"topic":"T"}:12}},"messageQueueTable":{}}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { asLong, mapField, parseBodyObject, stringKey } from './json-fields.js';
import { messageQueueEntriesFromJson, messageQueueEntriesToJson, type MessageQueueEntries } from './message-queue.js';

export interface GetConsumerStatusBody {
  messageQueueTable: MessageQueueEntries<number>;
  consumerTable: Map<string, MessageQueueEntries<number>>;
}

export function encodeGetConsumerStatusBody(body: GetConsumerStatusBody): Buffer {
  const json = {
    messageQueueTable: messageQueueEntriesToJson(body.messageQueueTable, (offset) => offset),
    consumerTable: new Map([...body.consumerTable].map(([clientId, table]) => [clientId, messageQueueEntriesToJson(table, (offset) => offset)])),
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

const offsetTableFromJson = (v: JsonValue, what: string): MessageQueueEntries<number> => messageQueueEntriesFromJson(v, what, asLong);

export function decodeGetConsumerStatusBody(text: Buffer | string): GetConsumerStatusBody {
  const what = 'GetConsumerStatusBody';
  const o = parseBodyObject(text, what);
  return {
    messageQueueTable: o.messageQueueTable == null ? [] : offsetTableFromJson(o.messageQueueTable, `${what}.messageQueueTable`),
    consumerTable: mapField(o, 'consumerTable', what, stringKey, offsetTableFromJson),
  };
}
