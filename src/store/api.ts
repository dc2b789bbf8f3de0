// The message store as the broker sees it: append, read, offsets, queries, events, lifecycle.
// The broker depends on this file only; MessageStore (message-store.ts) implements it.
//
// Visibility: a message is dispatched (consume queue entry, index keys) in the same event-loop
// turn that appends it, before its put settles, so get() may return it before it is flushed,
// under SYNC_FLUSH too, as in RocketMQ. The "message arrived" event fires after that, once the
// turn's appends are dispatched.
import type { StoredMessageInput } from '../common/message/stored-message-types.js';
import type { DispatchHints } from './commitlog/dispatch-hints.js';
import type { RetentionPass } from './retention/retention-service.js';
import type { CqEntry } from './consumequeue/cq-entry.js';

export interface ConsumeQueueEntries {
  minOffset: number;
  maxOffset: number;
  entries: CqEntry[];
}

export type { StoredMessageInput, DispatchHints };

/** A message to store. `dispatch` (TAGS, KEYS, UNIQ_KEY, DELAY) spares the store parsing properties. */
export interface PutMessage extends StoredMessageInput {
  dispatch?: DispatchHints;
}

export interface PutOptions {
  /** The WAIT property: false lets a SYNC_FLUSH put settle without waiting for its flush. */
  waitStoreMsgOk?: boolean;
}

/** Where an append ended up. */
export interface PutPlacement {
  /** Commit log offset of the (first) record. */
  physicalOffset: number;
  /** Commit log offset of each record, in order (a batch has several). */
  physicalOffsets: number[];
  /** Queue offset of the (first) message; a batch's are consecutive. */
  queueOffset: number;
  storeTimestamp: number;
  messageCount: number;
  wroteBytes: number;
}

/**
 * PutMessageStatus. PUT_OK and FLUSH_DISK_TIMEOUT carry a placement: the message is stored
 * (and visible) either way; FLUSH_DISK_TIMEOUT says its flush did not finish within
 * syncFlushTimeout. The others stored nothing.
 */
export type PutResult =
  | ({ status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT' } & PutPlacement)
  | { status: 'MESSAGE_ILLEGAL' | 'PROPERTIES_SIZE_EXCEEDED'; reason: string }
  /** Disk over diskSpaceWarningLevelRatio, store not started or shutting down. */
  | { status: 'SERVICE_NOT_AVAILABLE'; reason: 'disk full' | 'not running' }
  | { status: 'UNKNOWN_ERROR'; reason: string; cause: unknown };

export type PutStatus = PutResult['status'];

/** GetMessageStatus; the broker maps each to a pull response code (behaviours.md §5). */
export type GetStatus =
  | 'FOUND'
  | 'NO_MATCHED_MESSAGE'
  | 'MESSAGE_WAS_REMOVING'
  | 'OFFSET_FOUND_NULL'
  | 'OFFSET_OVERFLOW_BADLY'
  | 'OFFSET_OVERFLOW_ONE'
  | 'OFFSET_TOO_SMALL'
  | 'NO_MATCHED_LOGIC_QUEUE'
  | 'NO_MESSAGE_IN_QUEUE';

export interface GetResult {
  status: GetStatus;
  /** Where the next get() of this queue should start. */
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Stored records as they lie in the commit log (slices, not re-encoded), in queue order. */
  messages: Buffer[];
  /** Queue offset of each message. */
  queueOffsets: number[];
  bufferTotalSize: number;
}

/** Decides which messages a get() returns. */
export interface MessageFilter {
  /** From the consume queue's tags code: the tag hash (deliver time for SCHEDULE_TOPIC_XXXX). */
  matchesTagsCode(tagsCode: number): boolean;
  /** A second check on the stored properties (SQL92); the record is read to decode them. */
  matchesProperties?(properties: ReadonlyMap<string, string>): boolean;
}

export interface QueryMessageResult {
  /** Stored records found under the key (hash collisions included: callers re-check keys). */
  messages: Buffer[];
  bufferTotalSize: number;
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** A consume queue entry was added: long polling wakes the pulls held on that queue. */
export interface MessageArrival {
  topic: string;
  queueId: number;
  queueOffset: number;
  tagsCode: number;
  storeTimestamp: number;
  /** Decoded on first call. */
  properties(): ReadonlyMap<string, string>;
}

export type MessageArrivalListener = (arrival: MessageArrival) => void;

/** Counters behind GET_BROKER_RUNTIME_INFO. */
export interface StoreRuntimeInfo {
  bootTimestamp: number;
  putMessageTimesTotal: number;
  putMessageSizeTotal: number;
  getMessageTimesTotalFound: number;
  getMessageTimesTotalMiss: number;
  getMessageTransferedMsgCount: number;
  commitLogMinOffset: number;
  commitLogMaxOffset: number;
  /** Disk use of the store's partition, 0..1. */
  commitLogDiskRatio: number;
  /** Whether puts are refused for lack of disk. */
  diskFull: boolean;
  /** Puts, found gets, missed gets and transferred messages per second over the last 10 s, 1 min, 10 min. */
  putTps: [number, number, number];
  getFoundTps: [number, number, number];
  getMissTps: [number, number, number];
  getTransferedTps: [number, number, number];
}

export interface MessageStoreApi {
  /** Opens the files and recovers (fast after a clean shutdown, a rebuild after a crash). */
  start(): Promise<void>;
  /** Flushes everything, writes the checkpoint and removes the abort file. */
  shutdown(): Promise<void>;

  put(message: PutMessage, options?: PutOptions): Promise<PutResult>;
  /** Messages of one topic and queue, stored back to back with consecutive queue offsets. */
  putBatch(messages: readonly PutMessage[], options?: PutOptions): Promise<PutResult>;

  get(group: string, topic: string, queueId: number, offset: number, maxCount: number, maxBytes: number, filter?: MessageFilter): GetResult;

  /** Next queue offset to be written; 0 for an unknown queue. */
  maxOffsetInQueue(topic: string, queueId: number): number;
  /** First queue offset still readable; 0 for an unknown queue. */
  minOffsetInQueue(topic: string, queueId: number): number;
  /** First queue offset stored at or after `timestamp` (clamped to [min, max]). */
  offsetInQueueByTime(topic: string, queueId: number, timestamp: number): number;
  /** Store time of the queue's first readable message; -1 when none. */
  earliestMessageTime(topic: string, queueId: number): number;
  /** Store time of the commit log's first message; -1 when empty. */
  earliestMessageTimeInStore(): number;
  /** Store time of the message at a queue offset; -1 when none. */
  messageStoreTime(topic: string, queueId: number, queueOffset: number): number;
  /** The record starting at a commit log offset (VIEW_MESSAGE_BY_ID, send-back). */
  readMessage(commitLogOffset: number): Buffer | undefined;
  /** Messages by KEYS token or UNIQ_KEY, stored in [beginTimestamp, endTimestamp]. */
  queryMessage(topic: string, key: string, maxNum: number, beginTimestamp: number, endTimestamp: number): QueryMessageResult;

  /** Registers a listener; returns the function that removes it. */
  onMessageArrived(listener: MessageArrivalListener): () => void;

  commitLogMinOffset(): number;
  commitLogMaxOffset(): number;
  runtimeInfo(): StoreRuntimeInfo;
  /** Deletes the consume queues of these topics (their records age out of the commit log). */
  deleteTopics(topics: Iterable<string>): void;
  /** Topics that have consume queues. */
  queueTopics(): string[];
  /**
   * Up to `count` raw entries of a consume queue from queue offset `from` (mqadmin queryCq), with
   * the queue's bounds; undefined when the queue does not exist.
   */
  consumeQueueEntries(topic: string, queueId: number, from: number, count: number): ConsumeQueueEntries | undefined;
  /**
   * One retention pass now, as the periodic one runs it; `manual` deletes expired commit log
   * segments whatever the hour (DELETE_EXPIRED_COMMITLOG).
   */
  runRetention(manual?: boolean): RetentionPass;
}
