// CONSUME_MESSAGE_DIRECTLY (the dashboard's "resend to consumer"): a push consumer's handler gets
// one message a broker sent along with the request, outside the queues: no offset moves and a
// failure is not sent back. The answer says what the handler did (Java's
// consumeMessageDirectly): CR_SUCCESS when it returned nothing or CONSUME_SUCCESS, CR_LATER for
// any other answer, CR_THROW_EXCEPTION with the error as remark when it threw.
import type { ConsumeMessageDirectlyResult, ConsumeMessageResult } from '../../../remoting/protocol/bodies/consume-message-directly-result.js';
import type { ConsumeContext, ConsumedMessage } from '../consumer-api.js';
import type { PushConsumerSettings } from '../consumer-settings.js';

export type InvokeHandler = (messages: ConsumedMessage[], context: ConsumeContext) => Promise<unknown>;

export async function consumeDirectly(
  message: ConsumedMessage,
  settings: Pick<PushConsumerSettings, 'orderly' | 'suspendCurrentQueueTimeMs'>,
  invoke: InvokeHandler,
): Promise<ConsumeMessageDirectlyResult> {
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
