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
import { plainDecimal, plainInt32 } from '../../../remoting/protocol/headers/plain-decimal.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';


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
  const defaultTopicQueueNums = plainInt32(ext.d);
  const queueId = plainInt32(ext.e);
  const sysFlag = plainInt32(ext.f);
  const bornTimestamp = plainDecimal(ext.g);
  const flag = plainInt32(ext.h);
  if (producerGroup === undefined || topic === undefined || defaultTopic === undefined) return undefined;
  if (Number.isNaN(defaultTopicQueueNums) || Number.isNaN(queueId) || Number.isNaN(sysFlag) || Number.isNaN(bornTimestamp) || Number.isNaN(flag)) {
    return undefined;
  }
  const header: SendMessageRequestHeader = { producerGroup, topic, defaultTopic, defaultTopicQueueNums, queueId, sysFlag, bornTimestamp, flag };
  if (ext.i !== undefined) header.properties = ext.i;
  if (ext.j !== undefined) {
    const reconsumeTimes = plainInt32(ext.j);
    if (Number.isNaN(reconsumeTimes)) return undefined;
    header.reconsumeTimes = reconsumeTimes;
  }
  if (ext.k !== undefined) header.unitMode = javaBoolean(ext.k);
  if (ext.l !== undefined) {
    const maxReconsumeTimes = plainInt32(ext.l);
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

