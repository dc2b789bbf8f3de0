// The message a due SCHEDULE_TOPIC_XXXX record becomes (ScheduleMessageService.messageTimeup):
// the same body, flag, sysFlag, born time and host and reconsume count, under topic REAL_TOPIC
// and queue REAL_QID; DELAY removed (so it is not parked again), WAIT=false (nobody waits for
// this put), REAL_TOPIC and REAL_QID left in place as RocketMQ leaves them.
import { decodeProperties, encodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import type { StoredMessage } from '../../common/message/stored-message-types.js';
import type { PutMessage } from '../../store/api.js';

export type DeliveryMessage = { ok: true; message: PutMessage } | { ok: false; problem: string };

const queueIdText = /^\d{1,10}$/;

/** The message to put for a due parked record, or why the record cannot be delivered. */
export function deliveryMessageOf(parked: StoredMessage): DeliveryMessage {
  const props = decodeProperties(parked.properties);
  const topic = props.get(PropertyKey.REAL_TOPIC);
  const queueIdProperty = props.get(PropertyKey.REAL_QUEUE_ID);
  if (topic === undefined) return { ok: false, problem: 'no REAL_TOPIC property' };
  if (queueIdProperty === undefined || !queueIdText.test(queueIdProperty) || Number(queueIdProperty) > 0x7fffffff) {
    return { ok: false, problem: `REAL_QID ${JSON.stringify(queueIdProperty)} is not a queue id` };
  }
  props.delete(PropertyKey.DELAY_TIME_LEVEL);
  props.set(PropertyKey.WAIT_STORE_MSG_OK, 'false');
  return {
    ok: true,
    message: {
      topic,
      queueId: Number(queueIdProperty),
      flag: parked.flag,
      body: parked.body,
      properties: encodeProperties(props),
      sysFlag: parked.sysFlag,
      bornTimestamp: parked.bornTimestamp,
      bornHost: parked.bornHost,
      reconsumeTimes: parked.reconsumeTimes,
      preparedTransactionOffset: parked.preparedTransactionOffset,
    },
  };
}
