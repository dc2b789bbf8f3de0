// A consumer's entry in the HEART_BEAT body (ConsumerData, codes.md §6): group, CONSUME_PASSIVELY
// (push) or CONSUME_ACTIVELY (pull), message model, consumeFromWhere by its RocketMQ name, and
// the subscriptions (the %RETRY%group one included for CLUSTERING push consumers).
import type { ConsumerData, SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { ConsumeFromWhere, MessageModel } from './consumer-api.js';

export type ConsumeType = 'CONSUME_PASSIVELY' | 'CONSUME_ACTIVELY';

/** RocketMQ's ConsumeFromWhere enum names. */
export const consumeFromWhereWireName: Readonly<Record<ConsumeFromWhere, string>> = {
  LAST_OFFSET: 'CONSUME_FROM_LAST_OFFSET',
  FIRST_OFFSET: 'CONSUME_FROM_FIRST_OFFSET',
  TIMESTAMP: 'CONSUME_FROM_TIMESTAMP',
};

export function consumerDataOf(
  group: string,
  consumeType: ConsumeType,
  settings: { messageModel: MessageModel; consumeFromWhere: ConsumeFromWhere },
  subscriptions: Iterable<SubscriptionData>,
): ConsumerData {
  return {
    groupName: group,
    consumeType,
    messageModel: settings.messageModel,
    consumeFromWhere: consumeFromWhereWireName[settings.consumeFromWhere],
    subscriptionDataSet: [...subscriptions],
    unitMode: false,
  };
}
