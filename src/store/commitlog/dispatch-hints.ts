// The few properties that consume queues and the index need from each record: TAGS (tag hash),
// KEYS and UNIQ_KEY (index keys), DELAY (deliver time of scheduled entries). The broker already
// holds them when it puts a message, so it passes them and the append path never parses
// properties; a scan of stored bytes reads them from the properties string.
import { decodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';

export interface DispatchHints {
  tags: string | undefined;
  /** Space-separated user keys. */
  keys: string | undefined;
  uniqKey: string | undefined;
  /** DELAY level, 0 when none. */
  delayLevel: number;
}

export function dispatchHintsFromProperties(properties: string): DispatchHints {
  const props = decodeProperties(properties);
  const delay = Number(props.get(PropertyKey.DELAY_TIME_LEVEL) ?? 0);
  return {
    tags: props.get(PropertyKey.TAGS),
    keys: props.get(PropertyKey.KEYS),
    uniqKey: props.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
    delayLevel: Number.isSafeInteger(delay) && delay > 0 ? delay : 0,
  };
}
