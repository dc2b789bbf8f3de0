// The send's answer for each store put status (SendMessageProcessor.handlePutMessageResult):
//
//   put status                  code                        stored?
//   PUT_OK                      0  SUCCESS                  yes
//   FLUSH_DISK_TIMEOUT          10 FLUSH_DISK_TIMEOUT       yes (not yet on disk when answered)
//   MESSAGE_ILLEGAL,            13 MESSAGE_ILLEGAL          no
//   PROPERTIES_SIZE_EXCEEDED
//   SERVICE_NOT_AVAILABLE       14 SERVICE_NOT_AVAILABLE    no (disk full, store stopped)
//   UNKNOWN_ERROR               1  SYSTEM_ERROR             no
// (SLAVE_NOT_AVAILABLE 11 and FLUSH_SLAVE_TIMEOUT 12 come with SYNC_MASTER replication.)
// Clients count 0, 10, 11 and 12 as sent; the response header is filled for those only.
import { ResponseCode } from '../../../common/response-code.js';
import type { PutResult } from '../../../store/api.js';

export interface SendOutcome {
  code: number;
  /** Undefined for the stored statuses (RocketMQ answers them with a null remark). */
  remark: string | undefined;
  stored: boolean;
}

/** The remark of MESSAGE_ILLEGAL, naming the limits (RocketMQ's wording). */
export function messageIllegalRemark(maxMessageSizeBytes: number, reason: string): string {
  return `the message is illegal, maybe msg body or properties length not matched. msg body length limit ${maxMessageSizeBytes}B, msg properties length limit 32KB. (${reason})`;
}

export function sendOutcomeOf(result: PutResult, maxMessageSizeBytes: number): SendOutcome {
  switch (result.status) {
    case 'PUT_OK':
      return { code: ResponseCode.SUCCESS, remark: undefined, stored: true };
    case 'FLUSH_DISK_TIMEOUT':
      return { code: ResponseCode.FLUSH_DISK_TIMEOUT, remark: undefined, stored: true };
    case 'MESSAGE_ILLEGAL':
    case 'PROPERTIES_SIZE_EXCEEDED':
      return { code: ResponseCode.MESSAGE_ILLEGAL, remark: messageIllegalRemark(maxMessageSizeBytes, result.reason), stored: false };
    case 'SERVICE_NOT_AVAILABLE':
      return {
        code: ResponseCode.SERVICE_NOT_AVAILABLE,
        remark: `service not available now. It may be caused by one of the following reasons: the broker's disk is full, messages are put to the slave, message store has been shut down, etc. (${result.reason})`,
        stored: false,
      };
    case 'UNKNOWN_ERROR':
      return { code: ResponseCode.SYSTEM_ERROR, remark: `UNKNOWN_ERROR: ${result.reason}`, stored: false };
  }
}
