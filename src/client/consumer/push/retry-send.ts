// Puts a failed message into %RETRY%<group> through the producer's send path, as RocketMQ's
// consumers do when CONSUMER_SEND_MSG_BACK fails (DefaultMQPushConsumerImpl.sendMessageBack's
// fallback) and as orderly consumers always do once maxReconsumeTimes is reached
// (ConsumeMessageOrderlyService.sendMessageBack). The new message keeps the body (compressed
// again from 4 KiB), flag and properties (UNIQ_KEY included), with
//   RETRY_TOPIC        = the message's (original) topic
//   ORIGIN_MESSAGE_ID  = the first message's id (kept when already there)
//   DELAY              = 3 + reconsumeTimes
// and SendMessageRequestHeaderV2 j = reconsumeTimes, l = maxReconsumeTimes (the producer moves
// RECONSUME_TIME / MAX_RECONSUME_TIMES into those fields). The broker sends it to %DLQ%<group>
// instead when j >= l (behaviours.md §2). TRAN_MSG and the client-side MIN/MAX_OFFSET and
// CONSUME_START_TIME are dropped.
import { deflateSync } from 'node:zlib';
import { encodeProperties } from '../../../common/message/properties-codec.js';
import { PropertyKey } from '../../../common/message/property-keys.js';
import type { SendResult } from '../../api.js';
import type { ClientInstance } from '../../instance/client-instance.js';
import { clientInnerProducerGroup } from '../../instance/registrations.js';
import { clientRequest } from '../../instance/requests.js';
import { FaultStrategy } from '../../producer/fault-strategy.js';
import { compressedZlibSysFlag } from '../../producer/message-encoding.js';
import { resolveProducerSettings, type ProducerSettings } from '../../producer/producer-options.js';
import { sendResultOf } from '../../producer/send-response.js';
import { sendWithRetries, type SendContext } from '../../producer/send-with-retries.js';
import { SendMessageRequestHeaderV2 } from '../../../remoting/protocol/headers/send.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { ConsumedMessage } from '../consumer-api.js';
import { retryTopicOf } from '../subscription.js';

/** The first delay level of a retry: 3 (10 s with the default messageDelayLevel) plus one per earlier retry. */
export const retryDelayLevelBase = 3;

/** Properties that belong to the client's copy, not to the message. */
const droppedProperties = [PropertyKey.TRANSACTION_PREPARED, PropertyKey.MIN_OFFSET, PropertyKey.MAX_OFFSET, PropertyKey.CONSUME_START_TIMESTAMP];

export class RetrySender {
  private readonly ctx: SendContext;
  private readonly settings: ProducerSettings;

  constructor(
    instance: ClientInstance,
    private readonly group: string,
  ) {
    this.settings = resolveProducerSettings({ group: clientInnerProducerGroup });
    const fault = new FaultStrategy({
      enabled: this.settings.sendLatencyFaultEnable,
      latencyMaxMs: this.settings.latencyMaxMs,
      notAvailableDurationMs: this.settings.notAvailableDurationMs,
    });
    this.ctx = {
      instance,
      settings: this.settings,
      autoCreate: { createTopicKey: this.settings.createTopicKey, defaultTopicQueueNums: this.settings.defaultTopicQueueNums },
      fault,
      onAttempt: () => undefined,
    };
  }

  /** Sends `message` to %RETRY%group as retry number `reconsumeTimes` of at most `maxReconsumeTimes`. */
  send(message: ConsumedMessage, reconsumeTimes: number, maxReconsumeTimes: number): Promise<SendResult> {
    const topic = retryTopicOf(this.group);
    const props = new Map(message.properties);
    for (const name of droppedProperties) props.delete(name);
    props.set(PropertyKey.RETRY_TOPIC, message.topic);
    if (!props.has(PropertyKey.ORIGIN_MESSAGE_ID)) props.set(PropertyKey.ORIGIN_MESSAGE_ID, message.msgId);
    props.set(PropertyKey.DELAY_TIME_LEVEL, String(retryDelayLevelBase + message.reconsumeTimes));
    const properties = encodeProperties(props);
    const compress = message.body.length >= this.settings.compressBodyOverBytes;
    const body = compress ? deflateSync(message.body, { level: this.settings.compressLevel }) : message.body;
    const sysFlag = compress ? compressedZlibSysFlag : 0;
    const msgId = props.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? message.msgId;
    return sendWithRetries(this.ctx, {
      kind: 'send',
      message: { topic, body },
      options: {},
      request: (mq) =>
        clientRequest(RequestCode.SEND_MESSAGE_V2, {
          extFields: SendMessageRequestHeaderV2.encode({
            a: clientInnerProducerGroup,
            b: topic,
            c: this.settings.createTopicKey,
            d: this.settings.defaultTopicQueueNums,
            e: mq.queueId,
            f: sysFlag,
            g: Date.now(),
            h: message.flag,
            i: properties,
            j: reconsumeTimes,
            k: false,
            l: maxReconsumeTimes,
            m: false,
          }),
          body,
        }),
      result: (response, mq) => sendResultOf(response, msgId, topic, mq.brokerName),
      status: (result) => result.status,
    });
  }
}
