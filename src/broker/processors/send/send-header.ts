// The send request's custom header as the processor uses it (SendMessageRequestHeader's field
// names), read from extFields once per message. SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE carry
// the one-letter keys a..n; their usual values (plain decimal numbers, "true"/"false") are read
// straight into the V1 shape here. Anything else (a missing field, "+5", a number out of
// range, SEND_MESSAGE's long names) goes through the header codecs, which accept what Java
// accepts and throw HeaderFieldError for the rest.
import type { ExtFields, RemotingCommand } from '../../../remoting/protocol/command.js';
import {
  SendMessageRequestHeader,
  SendMessageRequestHeaderV2,
  sendHeaderV2ToV1,
} from '../../../remoting/protocol/headers/send.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;
const digit0 = 0x30;
const minusSign = 0x2d;
/** Digits beyond this may not be exact in a double; such text goes to the header codec. */
const plainDecimalDigitsMax = 15;

/** Throws HeaderFieldError for a missing required field or a malformed number. */
export function readSendHeader(request: RemotingCommand): SendMessageRequestHeader {
  const ext = request.extFields;
  if (request.code !== RequestCode.SEND_MESSAGE && ext !== undefined) {
    const header = readV2Plain(ext);
    if (header !== undefined) return header;
  }
  return request.code === RequestCode.SEND_MESSAGE
    ? SendMessageRequestHeader.decode(ext)
    : sendHeaderV2ToV1(SendMessageRequestHeaderV2.decode(ext));
}

/** The V2 header in V1 shape when every field present is in its plain form; else undefined. */
function readV2Plain(ext: ExtFields): SendMessageRequestHeader | undefined {
  const producerGroup = ext.a;
  const topic = ext.b;
  const defaultTopic = ext.c;
  const defaultTopicQueueNums = int32(ext.d);
  const queueId = int32(ext.e);
  const sysFlag = int32(ext.f);
  const bornTimestamp = plainDecimal(ext.g);
  const flag = int32(ext.h);
  if (producerGroup === undefined || topic === undefined || defaultTopic === undefined) return undefined;
  if (Number.isNaN(defaultTopicQueueNums) || Number.isNaN(queueId) || Number.isNaN(sysFlag) || Number.isNaN(bornTimestamp) || Number.isNaN(flag)) {
    return undefined;
  }
  const header: SendMessageRequestHeader = { producerGroup, topic, defaultTopic, defaultTopicQueueNums, queueId, sysFlag, bornTimestamp, flag };
  if (ext.i !== undefined) header.properties = ext.i;
  if (ext.j !== undefined) {
    const reconsumeTimes = int32(ext.j);
    if (Number.isNaN(reconsumeTimes)) return undefined;
    header.reconsumeTimes = reconsumeTimes;
  }
  if (ext.k !== undefined) header.unitMode = javaBoolean(ext.k);
  if (ext.l !== undefined) {
    const maxReconsumeTimes = int32(ext.l);
    if (Number.isNaN(maxReconsumeTimes)) return undefined;
    header.maxReconsumeTimes = maxReconsumeTimes;
  }
  if (ext.m !== undefined) header.batch = javaBoolean(ext.m);
  if (ext.n !== undefined) header.bname = ext.n;
  return header;
}

/** Boolean.parseBoolean */
function javaBoolean(text: string): boolean {
  return text === 'true' || (text !== 'false' && text.toLowerCase() === 'true');
}

function int32(text: string | undefined): number {
  const n = plainDecimal(text);
  return n >= int32Min && n <= int32Max ? n : NaN;
}

/** The value of an optionally negative run of 1..15 decimal digits; NaN for anything else. */
function plainDecimal(text: string | undefined): number {
  if (text === undefined) return NaN;
  const negative = text.charCodeAt(0) === minusSign;
  const start = negative ? 1 : 0;
  const n = text.length;
  if (n === start || n - start > plainDecimalDigitsMax) return NaN;
  let value = 0;
  for (let i = start; i < n; i++) {
    const d = text.charCodeAt(i) - digit0;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}
