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

/** A pull answer's status and offsets; a FOUND answer's records are still undecoded in `body`. */
export interface PullHead {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  suggestWhichBrokerId: number;
  body: Buffer | undefined;
}

/** What a FOUND body holds. */
export interface PulledMessages {
  /** The messages that pass the tag check, in queue order. */
  messages: ConsumedMessage[];
  /** Records skipped because they could not be decoded. */
  undecodable: readonly UndecodableRecord[];
}

const noUndecodable: readonly UndecodableRecord[] = Object.freeze([]);

export interface PullResult extends Omit<PullHead, 'body'>, PulledMessages {}

/** Where an answer came from, for its typed error. */
export interface PullAnswerSource {
  brokerAddr: string;
  requestCode: number;
}

export interface PullDecodeContext {
  messageQueue: MessageQueue;
  subscription: SubscriptionData;
  /** The consumer group: messages of %RETRY%group get their topic back. Absent: topics stay. */
  group?: string;
}

/** Status and offsets of a pull answer; other codes than 0, 19, 20, 21 throw their typed error. */
export function decodePullHead(response: RemotingCommand, source: PullAnswerSource): PullHead {
  const status = pullStatusByCode.get(response.code);
  if (status === undefined) throw errorFromResponse(source.brokerAddr, source.requestCode, response);
  const header = PullMessageResponseHeader.decode(response.extFields);
  return {
    status,
    nextBeginOffset: header.nextBeginOffset,
    minOffset: header.minOffset,
    maxOffset: header.maxOffset,
    suggestWhichBrokerId: header.suggestWhichBrokerId,
    body: status === 'FOUND' ? response.body : undefined,
  };
}

/** MIN_OFFSET and MAX_OFFSET of the answer, added to each message's properties when they are read. */
class QueueOffsetProperties implements ExtraProperties {
  constructor(
    private readonly minOffset: number,
    private readonly maxOffset: number,
  ) {}

  addTo(properties: Map<string, string>): void {
    properties.set(PropertyKey.MIN_OFFSET, String(this.minOffset));
    properties.set(PropertyKey.MAX_OFFSET, String(this.maxOffset));
  }
}

/** The messages of a FOUND answer (none for the other statuses). */
export function decodePulledMessages(head: PullHead, ctx: PullDecodeContext): PulledMessages {
  if (head.body === undefined) return { messages: [], undecodable: noUndecodable };
  const retryTopic = ctx.group === undefined ? undefined : retryTopicOf(ctx.group);
  const filterTags = ctx.subscription.tagsSet.length > 0 && !ctx.subscription.classFilterMode;
  const records = decodeStoredRecords(head.body, new QueueOffsetProperties(head.minOffset, head.maxOffset)) as Array<StoredRecordMessage & ConsumedMessage>;
  // Usually every record is delivered: the decoded array is the result, compacted in place otherwise.
  let undecodable: UndecodableRecord[] | undefined;
  let kept = 0;
  for (const message of records) {
    if (message.bodyError !== undefined) {
      undecodable ??= [];
      undecodable.push({
        queueOffset: message.queueOffset,
        commitLogOffset: message.commitLogOffset,
        topic: message.topic,
        msgId: message.properties.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
        error: message.bodyError,
      });
      continue;
    }
    if (filterTags && !tagsMatch(ctx.subscription, message.tags)) continue;
    message.messageQueue = ctx.messageQueue;
    if (retryTopic !== undefined && message.topic === retryTopic) {
      const original = message.properties.get(PropertyKey.RETRY_TOPIC);
      if (original !== undefined) message.topic = original;
    }
    records[kept++] = message;
  }
  records.length = kept;
  return { messages: records, undecodable: undecodable ?? noUndecodable };
}

/** A whole pull answer: head and messages. */
export function decodePullResponse(response: RemotingCommand, ctx: PullAnswerSource & PullDecodeContext): PullResult {
  const head = decodePullHead(response, ctx);
  const { messages, undecodable } = decodePulledMessages(head, ctx);
  return {
    status: head.status,
    nextBeginOffset: head.nextBeginOffset,
    minOffset: head.minOffset,
    maxOffset: head.maxOffset,
    suggestWhichBrokerId: head.suggestWhichBrokerId,
    messages,
    undecodable,
  };
}
