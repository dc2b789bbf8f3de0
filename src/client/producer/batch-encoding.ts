// SEND_BATCH_MESSAGE bodies (message-format.md §6): the messages one after the other, each as
//
//   off  size  field
//     0     4  TOTALSIZE   this entry's length = 22 + bodyLength + propertiesLength
//     4     4  MAGICCODE   0 (the broker does not read it)
//     8     4  BODYCRC     0 (the broker computes it)
//    12     4  FLAG        Message.flag
//    16     4  BODY length, then the body (never compressed in a batch)
//     .     2  PROPERTIES length (int16), then the properties (each with its own UNIQ_KEY)
//
// A batch's messages share one topic and WAIT flag, carry no delay and are not for a retry
// topic. The broker refuses a batch body over maxMessageSize, so a large batch is split into
// several requests, each body at most maxMessageSize bytes, keeping the messages' order.
import { InvalidArgumentError } from '../../common/errors.js';
import type { EncodedMessage } from './message-encoding.js';
import { retryTopicPrefix } from './message-validation.js';

/** Fixed bytes of one entry: TOTALSIZE, MAGICCODE, BODYCRC, FLAG, body length, properties length. */
export const batchEntryOverheadBytes = 4 + 4 + 4 + 4 + 4 + 2;
/** The properties length field is an int16. */
export const batchPropertiesBytesMax = 0x7fff;

export interface BatchPart {
  messages: EncodedMessage[];
  body: Buffer;
}

/** A message ready for a batch body, with its properties' UTF-8 length measured once. */
export interface BatchEntry {
  message: EncodedMessage;
  propertiesBytes: number;
}

export function batchEntryBytes(entry: BatchEntry): number {
  return batchEntryOverheadBytes + entry.message.body.length + entry.propertiesBytes;
}

/** Writes the entries, in order, into one body of `size` bytes (the sum of their batchEntryBytes), `out` when given. */
export function writeBatchBody(entries: readonly BatchEntry[], size: number, out: Buffer = Buffer.allocUnsafe(size)): Buffer {
  let at = 0;
  for (const { message: m, propertiesBytes } of entries) {
    at = out.writeInt32BE(batchEntryOverheadBytes + m.body.length + propertiesBytes, at);
    at = out.writeInt32BE(0, at);
    at = out.writeInt32BE(0, at);
    at = out.writeInt32BE(m.flag, at);
    at = out.writeInt32BE(m.body.length, at);
    at += m.body.copy(out, at);
    at = out.writeInt16BE(propertiesBytes, at);
    at += out.write(m.properties, at, 'utf8');
  }
  return out;
}

/** The batch entry of one message; refuses properties longer than the int16 length field holds. */
export function batchEntryOf(m: EncodedMessage): BatchEntry {
  const propertiesBytes = Buffer.byteLength(m.properties, 'utf8');
  if (propertiesBytes > batchPropertiesBytesMax) {
    throw new InvalidArgumentError(`the properties of message ${m.msgId} take ${propertiesBytes} bytes, over ${batchPropertiesBytesMax}`);
  }
  return { message: m, propertiesBytes };
}

/** Checks the batch rules on encoded messages; returns their common topic and WAIT flag. */
export function checkBatch(messages: readonly EncodedMessage[]): { topic: string; waitStoreMsgOk: boolean } {
  const first = messages[0];
  if (first === undefined) throw new InvalidArgumentError('a batch needs at least one message');
  for (const m of messages) {
    if (m.topic !== first.topic) throw new InvalidArgumentError(`a batch goes to one topic; got ${first.topic} and ${m.topic}`);
    if (m.waitStoreMsgOk !== first.waitStoreMsgOk) throw new InvalidArgumentError('the messages of a batch must share waitStoreMsgOk');
    if (m.delayLevel > 0) throw new InvalidArgumentError('batch messages cannot have a delay level');
  }
  if (first.topic.startsWith(retryTopicPrefix)) throw new InvalidArgumentError('batches cannot go to a retry topic');
  return { topic: first.topic, waitStoreMsgOk: first.waitStoreMsgOk };
}

/** Splits encoded messages, in order, into request bodies of at most `bodyBytesMax` each. */
export function splitBatch(messages: readonly EncodedMessage[], bodyBytesMax: number): BatchPart[] {
  const parts: BatchPart[] = [];
  let entries: BatchEntry[] = [];
  let size = 0;
  const flush = (): void => {
    if (entries.length === 0) return;
    parts.push({ messages: entries.map((e) => e.message), body: writeBatchBody(entries, size) });
    entries = [];
    size = 0;
  };
  for (const m of messages) {
    const entry = batchEntryOf(m);
    const bytes = batchEntryBytes(entry);
    if (bytes > bodyBytesMax) {
      throw new InvalidArgumentError(`message ${m.msgId} takes ${bytes} bytes in a batch, over the ${bodyBytesMax}-byte request limit`);
    }
    if (size + bytes > bodyBytesMax) flush();
    entries.push(entry);
    size += bytes;
  }
  flush();
  return parts;
}
