// Messages for store tests: a StoredMessageInput from a topic, queue, body and properties.
import { encodeProperties } from '../common/message/properties-codec.js';
import type { StoredMessageInput } from '../common/message/stored-message-types.js';

export const testBornHost = { address: Uint8Array.from([10, 0, 0, 2]), port: 4000 };
export const testStoreHost = { address: Uint8Array.from([127, 0, 0, 1]), port: 10911 };

export interface TestMessageOptions {
  properties?: Record<string, string>;
  sysFlag?: number;
  bornTimestamp?: number;
}

export function testMessage(topic: string, queueId: number, body: Uint8Array | string, options: TestMessageOptions = {}): StoredMessageInput {
  return {
    topic,
    queueId,
    flag: 0,
    body: typeof body === 'string' ? Buffer.from(body) : body,
    properties: encodeProperties(new Map(Object.entries(options.properties ?? {}))),
    sysFlag: options.sysFlag ?? 0,
    bornTimestamp: options.bornTimestamp ?? 1_700_000_000_000,
    bornHost: testBornHost,
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}
