// ResetOffsetBody (INVOKE_BROKER_TO_RESET_OFFSET answer, RESET_CONSUMER_CLIENT_OFFSET body):
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:42}}
import { writeFastjson } from './fastjson-write.js';
import { asLong, parseBodyObject } from './json-fields.js';
import { messageQueueEntriesFromJson, messageQueueEntriesToJson, type MessageQueueEntries } from './message-queue.js';

export interface ResetOffsetBody {
  offsetTable: MessageQueueEntries<number>;
}

export function encodeResetOffsetBody(body: ResetOffsetBody): Buffer {
  return Buffer.from(writeFastjson({ offsetTable: messageQueueEntriesToJson(body.offsetTable, (n) => n) }), 'utf8');
}

export function decodeResetOffsetBody(body: Buffer | string): ResetOffsetBody {
  const what = 'ResetOffsetBody';
  const o = parseBodyObject(body, what);
  return { offsetTable: o.offsetTable == null ? [] : messageQueueEntriesFromJson(o.offsetTable, `${what}.offsetTable`, asLong) };
}
