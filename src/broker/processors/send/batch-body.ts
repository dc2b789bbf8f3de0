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
// Decoding is total: an entry whose lengths do not add up to its TOTALSIZE, or that runs past
// the body, is a BatchBodyError (the send answers MESSAGE_ILLEGAL), never a half-read batch.
import { RocketMQError } from '../../../common/errors.js';

/** Fixed bytes of one entry: TOTALSIZE, MAGICCODE, BODYCRC, FLAG, body length, properties length. */
export const batchEntryOverheadBytes = 22;

export interface BatchEntry {
  flag: number;
  /** A slice of the request body. */
  body: Buffer;
  /** The entry's own encoded properties. */
  properties: string;
}

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

export function decodeBatchBody(batch: Buffer): BatchEntry[] {
  const entries: BatchEntry[] = [];
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
    if (propertiesBytes < 0 || propertiesAt + propertiesBytes !== at + totalSize) {
      throw new BatchBodyError(`batch entry at ${at}: properties length ${propertiesBytes} does not end at TOTALSIZE ${totalSize}`, at);
    }
    entries.push({
      flag,
      body: batch.subarray(bodyAt, bodyAt + bodyBytes),
      properties: batch.toString('utf8', propertiesAt, propertiesAt + propertiesBytes),
    });
    at += totalSize;
  }
  return entries;
}
