// Parks a delayed message in SCHEDULE_TOPIC_XXXX (behaviours.md §3), as CommitLog.putMessage
// does before appending: a message with property DELAY = n > 0 (clamped to the highest level),
// not a transaction half or rollback record, is stored under topic SCHEDULE_TOPIC_XXXX, queue
// n − 1, with REAL_TOPIC and REAL_QID telling where it goes when due. The store computes the
// entry's deliver time (tagsCode) from DELAY; ScheduleMessageService moves it back when due.
import { decodeProperties, encodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { MessageSysFlag, transactionTypeOf } from '../../common/message/stored-message-layout.js';
import type { PutMessage } from '../../store/api.js';
import { SystemTopic } from '../managers/topic-names.js';
import { DelayLevels } from './delay-levels.js';

/** DELAY as RocketMQ reads it; a value that is not an integer means no delay, as in the store's dispatch. */
export function delayLevelOf(properties: ReadonlyMap<string, string>): number {
  const text = properties.get(PropertyKey.DELAY_TIME_LEVEL);
  if (text === undefined) return 0;
  const level = Number(text);
  return Number.isSafeInteger(level) ? level : 0;
}

function propertiesOf(message: PutMessage): Map<string, string> {
  const text = typeof message.properties === 'string' ? message.properties : Buffer.from(message.properties).toString('utf8');
  return decodeProperties(text);
}

/**
 * The message as it must be stored: unchanged (the same object) without a delay, else a copy
 * moved to SCHEDULE_TOPIC_XXXX queue level − 1, with REAL_TOPIC, REAL_QID and the clamped DELAY
 * in its properties and in its dispatch hints. `properties`, when the caller has decoded them
 * already, spares decoding them again; they are not modified.
 */
export function rewriteForDelay(message: PutMessage, delayLevels: DelayLevels, properties?: ReadonlyMap<string, string>): PutMessage {
  const transactionType = transactionTypeOf(message.sysFlag);
  if (transactionType !== MessageSysFlag.TRANSACTION_NOT_TYPE && transactionType !== MessageSysFlag.TRANSACTION_COMMIT_TYPE) return message;
  const props = properties ? new Map(properties) : propertiesOf(message);
  const level = delayLevels.clamp(delayLevelOf(props));
  if (level === 0) return message;

  props.set(PropertyKey.DELAY_TIME_LEVEL, String(level));
  props.set(PropertyKey.REAL_TOPIC, message.topic);
  props.set(PropertyKey.REAL_QUEUE_ID, String(message.queueId));
  const rewritten: PutMessage = {
    ...message,
    topic: SystemTopic.schedule,
    queueId: DelayLevels.queueIdOf(level),
    properties: encodeProperties(props),
  };
  if (message.dispatch) rewritten.dispatch = { ...message.dispatch, delayLevel: level };
  return rewritten;
}
