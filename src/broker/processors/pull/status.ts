// The pull's answer code for each store status (PullMessageProcessor, behaviours.md §5):
//
//   store status             code                        (nextBeginOffset is the store's)
//   FOUND                    0  SUCCESS
//   NO_MATCHED_MESSAGE       20 PULL_RETRY_IMMEDIATELY    all scanned entries filtered out
//   MESSAGE_WAS_REMOVING     20 PULL_RETRY_IMMEDIATELY    records gone from the commit log
//   OFFSET_OVERFLOW_ONE      19 PULL_NOT_FOUND            offset = max: nothing new (long poll)
//   OFFSET_FOUND_NULL        19 PULL_NOT_FOUND            consume queue gap
//   OFFSET_TOO_SMALL         21 PULL_OFFSET_MOVED         next = min
//   OFFSET_OVERFLOW_BADLY    21 PULL_OFFSET_MOVED         next = max
//   NO_MESSAGE_IN_QUEUE,     21 PULL_OFFSET_MOVED if the request offset is not 0,
//   NO_MATCHED_LOGIC_QUEUE   19 PULL_NOT_FOUND otherwise   next = 0
import { ResponseCode } from '../../../common/response-code.js';
import type { GetStatus } from '../../../store/api.js';

export function pullCodeOf(status: GetStatus, requestOffset: number): number {
  switch (status) {
    case 'FOUND':
      return ResponseCode.SUCCESS;
    case 'NO_MATCHED_MESSAGE':
    case 'MESSAGE_WAS_REMOVING':
      return ResponseCode.PULL_RETRY_IMMEDIATELY;
    case 'OFFSET_OVERFLOW_ONE':
    case 'OFFSET_FOUND_NULL':
      return ResponseCode.PULL_NOT_FOUND;
    case 'OFFSET_TOO_SMALL':
    case 'OFFSET_OVERFLOW_BADLY':
      return ResponseCode.PULL_OFFSET_MOVED;
    case 'NO_MESSAGE_IN_QUEUE':
    case 'NO_MATCHED_LOGIC_QUEUE':
      return requestOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
  }
}
