// Send responses (codes.md §2): 0 SUCCESS, 10 FLUSH_DISK_TIMEOUT, 11 SLAVE_NOT_AVAILABLE and
// 12 FLUSH_SLAVE_TIMEOUT all mean "stored" and become a result with that status; any other code
// is a failure, typed by the response error table.
import type { MessageQueue } from '../../common/message/message-queue.js';
import { ResponseCode } from '../../common/response-code.js';
import type { ExtFields, RemotingCommand } from '../../remoting/protocol/command.js';
import { plainDecimal, plainInt32 } from '../../remoting/protocol/headers/plain-decimal.js';
import { SendMessageResponseHeader, sendResponseExtraFields } from '../../remoting/protocol/headers/send.js';
import type { BatchSendResult, SendResult, SendStatus } from '../api.js';

export const sendStatusByCode: ReadonlyMap<number, SendStatus> = new Map<number, SendStatus>([
  [ResponseCode.SUCCESS, 'SEND_OK'],
  [ResponseCode.FLUSH_DISK_TIMEOUT, 'FLUSH_DISK_TIMEOUT'],
  [ResponseCode.FLUSH_SLAVE_TIMEOUT, 'FLUSH_SLAVE_TIMEOUT'],
  [ResponseCode.SLAVE_NOT_AVAILABLE, 'SLAVE_NOT_AVAILABLE'],
]);

/** The response codes of a send that mean the message was stored. */
export const storedResponseCodes: readonly number[] = [...sendStatusByCode.keys()];

interface ParsedSendResponse {
  status: SendStatus;
  offsetMsgId: string;
  messageQueue: MessageQueue;
  queueOffset: number;
  regionId?: string;
  traceOn?: boolean;
  transactionId?: string;
}

function parse(response: RemotingCommand, topic: string, brokerName: string): ParsedSendResponse {
  const header = SendMessageResponseHeader.decode(response.extFields);
  const out: ParsedSendResponse = {
    status: sendStatusByCode.get(response.code) ?? 'SEND_OK',
    offsetMsgId: header.msgId,
    messageQueue: { topic, brokerName, queueId: header.queueId },
    queueOffset: header.queueOffset,
  };
  addExtras(out, response.extFields, header.transactionId);
  return out;
}

function addExtras(out: { regionId?: string; traceOn?: boolean; transactionId?: string }, ext: ExtFields | undefined, transactionId: string | undefined): void {
  const region = ext?.[sendResponseExtraFields.region];
  if (region !== undefined) out.regionId = region;
  const traceOn = ext?.[sendResponseExtraFields.traceOn];
  if (traceOn !== undefined) out.traceOn = traceOn !== 'false';
  if (transactionId !== undefined) out.transactionId = transactionId;
}

/**
 * A stored single message's result (the response code already checked to be a stored one).
 * Runs once per message sent, so the usual answer (plain decimal queueId and queueOffset) is
 * read straight from extFields into one object; anything else goes through the header codec,
 * which accepts what Java accepts and throws HeaderFieldError for the rest.
 */
export function sendResultOf(response: RemotingCommand, msgId: string, topic: string, brokerName: string): SendResult {
  const ext = response.extFields;
  const offsetMsgId = ext?.msgId;
  const queueId = plainInt32(ext?.queueId);
  const queueOffset = plainDecimal(ext?.queueOffset);
  if (offsetMsgId === undefined || Number.isNaN(queueId) || !Number.isSafeInteger(queueOffset)) {
    return { ...parse(response, topic, brokerName), msgId };
  }
  const result: SendResult = {
    status: response.code === ResponseCode.SUCCESS ? 'SEND_OK' : (sendStatusByCode.get(response.code) ?? 'SEND_OK'),
    msgId,
    offsetMsgId,
    messageQueue: { topic, brokerName, queueId },
    queueOffset,
  };
  addExtras(result, ext, ext?.transactionId);
  return result;
}

/** A stored batch's result: the broker's msgId is the comma-joined offset ids of the messages. */
export function batchSendResultOf(response: RemotingCommand, msgIds: string[], topic: string, brokerName: string): BatchSendResult {
  const { offsetMsgId, transactionId: _transactionId, ...rest } = parse(response, topic, brokerName);
  return { ...rest, msgIds, offsetMsgIds: offsetMsgId.split(',') };
}
