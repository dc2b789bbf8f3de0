// PULL_MESSAGE answers turned into a PullResult (MQClientAPIImpl.processPullResponse and
// PullAPIWrapper.processPullResult):
//   0 SUCCESS -> FOUND, 19 PULL_NOT_FOUND -> NO_NEW_MSG, 20 PULL_RETRY_IMMEDIATELY -> NO_MATCHED_MSG,
//   21 PULL_OFFSET_MOVED -> OFFSET_ILLEGAL; any other code is a typed error.
// A FOUND body is stored records back to back (message-format.md §1). Each is decoded (body
// inflated when compressed), kept only when its TAGS is in the subscription's tagsSet (the
// broker filters by hash code only), given MIN_OFFSET / MAX_OFFSET from the header, and, when
// it came from the group's %RETRY% topic, its original topic back from RETRY_TOPIC. A record
// whose body cannot be read (LZ4/ZSTD, corrupt zlib) is listed apart, for the caller to report
// (a push consumer sends it to %DLQ%group).
import type { MessageQueue } from '../../common/message/message-queue.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { ResponseCode } from '../../common/response-code.js';
import type { SubscriptionData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { PullMessageResponseHeader } from '../../remoting/protocol/headers/pull.js';
import { errorFromResponse } from '../errors/response-error-table.js';
import { decodeStoredRecords, type ExtraProperties, type StoredRecordMessage } from '../instance/received-message.js';
import type { ConsumedMessage } from './consumer-api.js';
import { retryTopicOf, tagsMatch } from './subscription.js';

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export const pullStatusByCode: ReadonlyMap<number, PullStatus> = new Map<number, PullStatus>([
  [ResponseCode.SUCCESS, 'FOUND'],
  [ResponseCode.PULL_NOT_FOUND, 'NO_NEW_MSG'],
  [ResponseCode.PULL_RETRY_IMMEDIATELY, 'NO_MATCHED_MSG'],
  [ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_ILLEGAL'],
]);

/** The response codes that are pull results rather than failures. */
export const pullResultCodes: readonly number[] = [...pullStatusByCode.keys()];

/** A record of a FOUND body that could not be turned into a message (e.g. LZ4 body). */
export interface UndecodableRecord {
  queueOffset: number;
  commitLogOffset: number;
  topic: string;
  /** UNIQ_KEY, when the record has one. */
  msgId: string | undefined;
  error: Error;
}

export interface PullResult {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  suggestWhichBrokerId: number;
  /** FOUND: the messages that pass the tag check, in queue order; otherwise empty. */
  messages: ConsumedMessage[];
  /** FOUND: records skipped because they could not be decoded. */
  undecodable: UndecodableRecord[];
}

export interface PullDecodeContext {
  brokerAddr: string;
  requestCode: number;
  messageQueue: MessageQueue;
  subscription: SubscriptionData;
  /** The consumer group: messages of %RETRY%group get their topic back. Absent: topics stay. */
  group?: string;
}

export function decodePullResponse(response: RemotingCommand, ctx: PullDecodeContext): PullResult {
  const status = pullStatusByCode.get(response.code);
  if (status === undefined) throw errorFromResponse(ctx.brokerAddr, ctx.requestCode, response);
  const header = PullMessageResponseHeader.decode(response.extFields);
  const result: PullResult = {
    status,
    nextBeginOffset: header.nextBeginOffset,
    minOffset: header.minOffset,
    maxOffset: header.maxOffset,
    suggestWhichBrokerId: header.suggestWhichBrokerId,
    messages: [],
    undecodable: [],
  };
  if (status !== 'FOUND' || response.body === undefined) return result;
  const retryTopic = ctx.group === undefined ? undefined : retryTopicOf(ctx.group);
  const extra: ExtraProperties = [
    [PropertyKey.MIN_OFFSET, String(header.minOffset)],
    [PropertyKey.MAX_OFFSET, String(header.maxOffset)],
  ];
  const filterTags = ctx.subscription.tagsSet.length > 0 && !ctx.subscription.classFilterMode;
  for (const message of decodeStoredRecords(response.body, extra)) {
    if (message.bodyError !== undefined) {
      result.undecodable.push({
        queueOffset: message.queueOffset,
        commitLogOffset: message.commitLogOffset,
        topic: message.topic,
        msgId: message.properties.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
        error: message.bodyError,
      });
      continue;
    }
    if (filterTags && !tagsMatch(ctx.subscription, message.tags)) continue;
    const consumed = message as StoredRecordMessage & ConsumedMessage;
    consumed.messageQueue = ctx.messageQueue;
    if (retryTopic !== undefined && message.topic === retryTopic) {
      const original = message.properties.get(PropertyKey.RETRY_TOPIC);
      if (original !== undefined) consumed.topic = original;
    }
    result.messages.push(consumed);
  }
  return result;
}
