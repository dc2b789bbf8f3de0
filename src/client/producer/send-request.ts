// SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) requests with SendMessageRequestHeaderV2's
// one-letter keys (codes.md §2), as RocketMQ's Java producer sends them: c = the auto-creation
// template topic and d = its queue count on every send, k = unitMode false, m = batch.
import type { MessageQueue } from '../../common/message/message-queue.js';
import { encodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import type { ExtFields, RemotingCommand } from '../../remoting/protocol/command.js';
import { SendMessageRequestHeaderV2 } from '../../remoting/protocol/headers/send.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { clientRequest, clientRequestWith } from '../instance/requests.js';
import type { EncodedMessage } from './message-encoding.js';

export interface SendHeaderContext {
  producerGroup: string;
  createTopicKey: string;
  defaultTopicQueueNums: number;
}

let bornMs = -1;
let bornText = '';

/** Date.now() as text; many sends share one millisecond, so the text is made once per ms. */
function bornTimestampText(): string {
  const now = Date.now();
  if (now !== bornMs) {
    bornMs = now;
    bornText = String(now);
  }
  return bornText;
}

/**
 * Built as a literal of one fixed shape, with the per-producer strings made once, instead of
 * through SendMessageRequestHeaderV2.encode: this runs once per message sent.
 */
export function sendMessageRequest(ctx: SendHeaderContext, m: EncodedMessage, mq: MessageQueue, oneway = false): RemotingCommand {
  const extFields: ExtFields = {
    a: ctx.producerGroup,
    b: m.topic,
    c: ctx.createTopicKey,
    d: String(ctx.defaultTopicQueueNums),
    e: String(mq.queueId),
    f: String(m.sysFlag),
    g: bornTimestampText(),
    h: String(m.flag),
    i: m.properties,
    k: 'false',
    m: 'false',
  };
  return clientRequestWith(RequestCode.SEND_MESSAGE_V2, extFields, m.body, oneway);
}

/** A batch request: the envelope properties hold only WAIT; each entry carries its own. */
export function sendBatchRequest(ctx: SendHeaderContext, topic: string, waitStoreMsgOk: boolean, body: Buffer, mq: MessageQueue): RemotingCommand {
  const header = SendMessageRequestHeaderV2.encode({
    a: ctx.producerGroup,
    b: topic,
    c: ctx.createTopicKey,
    d: ctx.defaultTopicQueueNums,
    e: mq.queueId,
    f: 0,
    g: Date.now(),
    h: 0,
    i: encodeProperties(new Map([[PropertyKey.WAIT_STORE_MSG_OK, String(waitStoreMsgOk)]])),
    k: false,
    m: true,
  });
  return clientRequest(RequestCode.SEND_BATCH_MESSAGE, { extFields: header, body });
}
