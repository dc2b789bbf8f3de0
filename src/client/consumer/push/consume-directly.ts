// CONSUME_MESSAGE_DIRECTLY (the dashboard's "resend to consumer"): a push consumer's handler gets
// one message a broker sent along with the request, outside the queues: no offset moves and a
// failure is not sent back. The message's queue is the broker's, and a message of the group's
// retry topic gets its original topic back, as pulled ones do. The answer says what the handler did (Java's
// consumeMessageDirectly): CR_SUCCESS when it returned nothing or CONSUME_SUCCESS, CR_LATER for
// any other answer, CR_THROW_EXCEPTION with the error as remark when it threw.
import { PropertyKey } from '../../../common/message/property-keys.js';
import type { ConsumeMessageDirectlyResult, ConsumeMessageResult } from '../../../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ReceivedMessage } from '../../api.js';
import type { ConsumeContext, ConsumedMessage } from '../consumer-api.js';
import type { PushConsumerSettings } from '../consumer-settings.js';
import { retryTopicOf } from '../subscription.js';

export type InvokeHandler = (messages: ConsumedMessage[], context: ConsumeContext) => Promise<unknown>;

export async function consumeDirectly(
  record: ReceivedMessage,
  brokerName: string,
  group: string,
  settings: Pick<PushConsumerSettings, 'orderly' | 'suspendCurrentQueueTimeMs'>,
  invoke: InvokeHandler,
): Promise<ConsumeMessageDirectlyResult> {
  const message = record as ConsumedMessage;
  message.messageQueue = { topic: record.topic, brokerName, queueId: record.queueId };
  const original = record.topic === retryTopicOf(group) ? record.properties.get(PropertyKey.RETRY_TOPIC) : undefined;
  if (original !== undefined) message.topic = original;
  const context: ConsumeContext = {
    messageQueue: message.messageQueue,
    delayLevelWhenNextConsume: 0,
    suspendCurrentQueueTimeMs: settings.suspendCurrentQueueTimeMs,
  };
  const began = Date.now();
  let consumeResult: ConsumeMessageResult;
  let remark: string | undefined;
  try {
    const answer = await invoke([message], context);
    consumeResult = answer === undefined || answer === 'CONSUME_SUCCESS' ? 'CR_SUCCESS' : 'CR_LATER';
  } catch (error) {
    consumeResult = 'CR_THROW_EXCEPTION';
    remark = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const result: ConsumeMessageDirectlyResult = { order: settings.orderly, autoCommit: true, consumeResult, spentTimeMills: Date.now() - began };
  if (remark !== undefined) result.remark = remark;
  return result;
}
