// ConsumeMessageDirectlyResult: a consumer's answer to CONSUME_MESSAGE_DIRECTLY (the dashboard's
// "resend to consumer", MQAdminExt.consumeMessageDirectly): what its handler did with the one
// message it was given, and how long that took.
//   {"autoCommit":true,"consumeResult":"CR_SUCCESS","order":false,"remark":"...","spentTimeMills":3}
import { writeFastjson } from './fastjson-write.js';
import { booleanField, longField, optionalString, parseBodyObject, stringField } from './json-fields.js';

/** RocketMQ's CMResult names. */
export type ConsumeMessageResult = 'CR_SUCCESS' | 'CR_LATER' | 'CR_ROLLBACK' | 'CR_COMMIT' | 'CR_THROW_EXCEPTION' | 'CR_RETURN_NULL';

export interface ConsumeMessageDirectlyResult {
  /** Consumed by an orderly consumer. */
  order: boolean;
  autoCommit: boolean;
  consumeResult: ConsumeMessageResult;
  remark?: string;
  spentTimeMills: number;
}

export function encodeConsumeMessageDirectlyResult(result: ConsumeMessageDirectlyResult): Buffer {
  return Buffer.from(writeFastjson({ ...result }), 'utf8');
}

export function decodeConsumeMessageDirectlyResult(body: Buffer | string): ConsumeMessageDirectlyResult {
  const what = 'ConsumeMessageDirectlyResult';
  const o = parseBodyObject(body, what);
  const result: ConsumeMessageDirectlyResult = {
    order: booleanField(o, 'order', what),
    autoCommit: booleanField(o, 'autoCommit', what),
    consumeResult: stringField(o, 'consumeResult', what) as ConsumeMessageResult,
    spentTimeMills: longField(o, 'spentTimeMills', what),
  };
  const remark = optionalString(o, 'remark', what);
  if (remark !== undefined) result.remark = remark;
  return result;
}
