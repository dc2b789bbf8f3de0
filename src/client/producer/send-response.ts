// Send responses (codes.md §2): 0 SUCCESS, 10 FLUSH_DISK_TIMEOUT, 11 SLAVE_NOT_AVAILABLE and
// 12 FLUSH_SLAVE_TIMEOUT all mean "stored" and become a result with that status; any other code
// is a failure, typed by the response error table.
import type { MessageQueue } from '../../common/message/message-queue.js';
import { ResponseCode } from '../../common/response-code.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
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
  const region = response.extFields?.[sendResponseExtraFields.region];
  if (region !== undefined) out.regionId = region;
  const traceOn = response.extFields?.[sendResponseExtraFields.traceOn];
  if (traceOn !== undefined) out.traceOn = traceOn !== 'false';
  if (header.transactionId !== undefined) out.transactionId = header.transactionId;
  return out;
}

/** A stored single message's result (the response code already checked to be a stored one). */
export function sendResultOf(response: RemotingCommand, msgId: string, topic: string, brokerName: string): SendResult {
  return { ...parse(response, topic, brokerName), msgId };
}

/** A stored batch's result: the broker's msgId is the comma-joined offset ids of the messages. */
export function batchSendResultOf(response: RemotingCommand, msgIds: string[], topic: string, brokerName: string): BatchSendResult {
  const { offsetMsgId, transactionId: _transactionId, ...rest } = parse(response, topic, brokerName);
  return { ...rest, msgIds, offsetMsgIds: offsetMsgId.split(',') };
}
