// SEND_BATCH_MESSAGE bodies (message-format.md §6): messages back to back, each as
//
//   off  size  field
//     0     4  TOTALSIZE   this entry's length = 22 + bodyLength + propertiesLength
//     4     4  MAGICCODE   (ignored; clients write 0)
//     8     4  BODYCRC     (ignored; the broker computes it)
//    12     4  FLAG        Message.flag
//    16     4  BODY length, then the body
//     .     2  PROPERTIES length (int16), then the properties (UTF-8, each with its own UNIQ_KEY)
//
// Decoded in one pass straight into the messages the store puts: body and properties stay slices
// of the request body (stored as sent, as RocketMQ's broker copies them), the batch's shared
// properties follow each entry's as a suffix (with a separator unless the entry's end with one),
// and the dispatch hints come from one scan of the entry's text (batch-properties-scan.ts).
//
// Decoding is total: an entry whose lengths do not add up to its TOTALSIZE, or that runs past
// the body, is a BatchBodyError (the send answers MESSAGE_ILLEGAL), never a half-read batch; so is
// an entry carrying DELAY (the client refuses delayed batch messages; it is not silently undelayed).
import { RocketMQError } from '../../../common/errors.js';
import type { HostAddress } from '../../../common/message/stored-message-types.js';
import type { DispatchHints, PutMessage } from '../../../store/api.js';
import { scanBatchEntryHints } from './batch-properties-scan.js';

/** Fixed bytes of one entry: TOTALSIZE, MAGICCODE, BODYCRC, FLAG, body length, properties length. */
export const batchEntryOverheadBytes = 22;
const propertySeparatorCode = 0x02;

export class BatchBodyError extends RocketMQError {
  override readonly name = 'BatchBodyError';
  constructor(
    message: string,
    /** Byte offset of the bad entry in the batch body. */
    readonly at: number,
  ) {
    super(message, { retry: 'never' });
  }
}

/** What every message of one batch shares. */
export interface BatchShared {
  topic: string;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  /** The batch's own properties as stored after an entry's (UTF-8), and the same after a separator. */
  suffix: Uint8Array;
  separatorAndSuffix: Uint8Array;
  /** Hints of the shared properties: they win over an entry's. */
  hints: DispatchHints;
}

export function decodeBatchMessages(batch: Buffer, shared: BatchShared): PutMessage[] {
  const messages: PutMessage[] = [];
  let at = 0;
  while (at < batch.length) {
    const left = batch.length - at;
    if (left < batchEntryOverheadBytes) throw new BatchBodyError(`batch entry at ${at}: ${left} bytes left, an entry has at least ${batchEntryOverheadBytes}`, at);
    const totalSize = batch.readInt32BE(at);
    if (totalSize < batchEntryOverheadBytes || totalSize > left) {
      throw new BatchBodyError(`batch entry at ${at}: TOTALSIZE ${totalSize} outside [${batchEntryOverheadBytes}, ${left}]`, at);
    }
    const flag = batch.readInt32BE(at + 12);
    const bodyBytes = batch.readInt32BE(at + 16);
    const bodyAt = at + 20;
    if (bodyBytes < 0 || bodyBytes > totalSize - batchEntryOverheadBytes) {
      throw new BatchBodyError(`batch entry at ${at}: body length ${bodyBytes} does not fit TOTALSIZE ${totalSize}`, at);
    }
    const propertiesBytes = batch.readInt16BE(bodyAt + bodyBytes);
    const propertiesAt = bodyAt + bodyBytes + 2;
    const propertiesEnd = propertiesAt + propertiesBytes;
    if (propertiesBytes < 0 || propertiesEnd !== at + totalSize) {
      throw new BatchBodyError(`batch entry at ${at}: properties length ${propertiesBytes} does not end at TOTALSIZE ${totalSize}`, at);
    }
    const hints = propertiesBytes === 0 ? shared.hints : scanBatchEntryHints(batch.toString('utf8', propertiesAt, propertiesEnd), shared.hints);
    if (hints === undefined) throw new BatchBodyError('a batch cannot hold delayed messages', at);
    const joined = propertiesBytes === 0 || batch[propertiesEnd - 1] === propertySeparatorCode;
    messages.push({
      topic: shared.topic,
      queueId: shared.queueId,
      flag,
      body: batch.subarray(bodyAt, bodyAt + bodyBytes),
      properties: batch.subarray(propertiesAt, propertiesEnd),
      propertiesSuffix: joined ? shared.suffix : shared.separatorAndSuffix,
      sysFlag: shared.sysFlag,
      bornTimestamp: shared.bornTimestamp,
      bornHost: shared.bornHost,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
      dispatch: hints,
    });
    at += totalSize;
  }
  return messages;
}
