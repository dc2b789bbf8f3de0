// LOCK_BATCH_MQ / UNLOCK_BATCH_MQ bodies (orderly consumption):
//   LockBatchRequestBody / UnlockBatchRequestBody:
//     {"clientId":"...","consumerGroup":"G","mqSet":[{"brokerName":"b","queueId":0,"topic":"T"}]}
//   LockBatchResponseBody: {"lockOKMQSet":[MessageQueue,...]}
// onlyThisBroker (Java primitive, default false) is newer than 4.8; absent means false.
import { writeFastjson } from './fastjson-write.js';
import { arrayField, optionalBoolean, parseBodyObject, stringField } from './json-fields.js';
import { messageQueueFromJson, messageQueueToJson, type MessageQueue } from './message-queue.js';

export interface LockBatchRequestBody {
  consumerGroup: string;
  clientId: string;
  onlyThisBroker?: boolean;
  mqSet: MessageQueue[];
}

/** Same shape as the lock request. */
export type UnlockBatchRequestBody = LockBatchRequestBody;

export interface LockBatchResponseBody {
  lockOKMQSet: MessageQueue[];
}

export function encodeLockBatchRequestBody(body: LockBatchRequestBody): Buffer {
  const json = {
    consumerGroup: body.consumerGroup,
    clientId: body.clientId,
    onlyThisBroker: body.onlyThisBroker,
    mqSet: body.mqSet.map(messageQueueToJson),
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeLockBatchRequestBody(body: Buffer | string, what = 'LockBatchRequestBody'): LockBatchRequestBody {
  const o = parseBodyObject(body, what);
  const out: LockBatchRequestBody = {
    consumerGroup: stringField(o, 'consumerGroup', what),
    clientId: stringField(o, 'clientId', what),
    mqSet: arrayField(o, 'mqSet', what, messageQueueFromJson),
  };
  const onlyThisBroker = optionalBoolean(o, 'onlyThisBroker', what);
  if (onlyThisBroker !== undefined) out.onlyThisBroker = onlyThisBroker;
  return out;
}

export const encodeUnlockBatchRequestBody = encodeLockBatchRequestBody;

export function decodeUnlockBatchRequestBody(body: Buffer | string): UnlockBatchRequestBody {
  return decodeLockBatchRequestBody(body, 'UnlockBatchRequestBody');
}

export function encodeLockBatchResponseBody(body: LockBatchResponseBody): Buffer {
  return Buffer.from(writeFastjson({ lockOKMQSet: body.lockOKMQSet.map(messageQueueToJson) }), 'utf8');
}

export function decodeLockBatchResponseBody(body: Buffer | string): LockBatchResponseBody {
  const o = parseBodyObject(body, 'LockBatchResponseBody');
  return { lockOKMQSet: arrayField(o, 'lockOKMQSet', 'LockBatchResponseBody', messageQueueFromJson) };
}
