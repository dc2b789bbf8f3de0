// Dispatch (RocketMQ's CommitLogDispatcherBuildConsumeQueue and ...BuildIndex): turns appended
// commit log records into consume queue entries and index keys. It runs on the commit log's
// appended-records callback, i.e. right after the write call that carried the records, in the
// turn that encoded them; recovery feeds it the records of a commit log scan the same way.
//
//   transaction type (sysFlag & 0xC)   consume queue   index
//   NOT_TYPE 0x0, COMMIT 0x8           yes             yes
//   PREPARED 0x4                       no              yes   (as RocketMQ's IndexService)
//   ROLLBACK 0xC                       no              no
//
// tagsCode = Java String.hashCode of TAGS (0 without tags); for SCHEDULE_TOPIC_XXXX it is the
// deliver time, storeTimestamp + the delay of the message's level (DELAY, else queueId + 1).
//
// "Message arrived" listeners hear about new entries in a microtask after the batch, so a
// listener that reads the store never runs inside the commit log's write path; with no
// listener nothing is collected.
import type { Logger } from '../../common/logger.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import { MessageSysFlag, transactionTypeOf } from '../../common/message/stored-message-layout.js';
import type { MessageArrival, MessageArrivalListener } from '../api.js';
import type { AppendedRecords } from '../commitlog/appended-records.js';
import type { ConsumeQueueStore } from '../consumequeue/consume-queue-store.js';
import type { IndexService } from '../index/index-service.js';

export const scheduleTopic = 'SCHEDULE_TOPIC_XXXX';

/** Reads a stored record's properties (for listeners that filter on them). */
export type PropertiesReader = (phyOffset: number, size: number) => ReadonlyMap<string, string>;

/** Java String.hashCode of TAGS (0 without), remembering the last: messages mostly share a few tags. */
class TagsCodeCache {
  private tags = '';
  private code = 0;
  of(tags: string | undefined): number {
    if (!tags) return 0;
    if (tags !== this.tags) {
      this.tags = tags;
      this.code = javaStringHash(tags);
    }
    return this.code;
  }
}

class Arrival implements MessageArrival {
  private decoded: ReadonlyMap<string, string> | undefined;
  constructor(
    readonly topic: string,
    readonly queueId: number,
    readonly queueOffset: number,
    readonly tagsCode: number,
    readonly storeTimestamp: number,
    private readonly phyOffset: number,
    private readonly size: number,
    private readonly reader: PropertiesReader,
  ) {}

  properties(): ReadonlyMap<string, string> {
    this.decoded ??= this.reader(this.phyOffset, this.size);
    return this.decoded;
  }
}

export class Dispatcher {
  private readonly listeners: MessageArrivalListener[] = [];
  private queued: Arrival[] = [];
  private deliveryScheduled = false;
  private readonly tagsCodes = new TagsCodeCache();
  /** Commit log offset just past the last dispatched record. */
  dispatchedOffset = 0;
  /** Store timestamp of the last dispatched record. */
  dispatchedTimestamp = 0;
  /** Start of the first batch whose dispatch failed: the durable point never passes it. */
  private failedFrom: number | undefined;

  constructor(
    private readonly cqs: ConsumeQueueStore,
    private readonly index: IndexService | undefined,
    private readonly delayLevelsMs: readonly number[],
    private readonly readProperties: PropertiesReader,
    private readonly log: Logger,
  ) {}

  onMessageArrived(listener: MessageArrivalListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Where consume queues and index are complete up to (what a flush may declare durable). */
  completeUpTo(): number {
    return Math.min(this.dispatchedOffset, this.failedFrom ?? Number.MAX_SAFE_INTEGER);
  }

  /** Builds the entries of a batch of records (the append path and recovery's scan). */
  dispatch(records: AppendedRecords): void {
    try {
      this.dispatchBatch(records);
    } catch (err) {
      this.failedFrom ??= records.physicalOffsets[0];
      throw err;
    }
  }

  private dispatchBatch(records: AppendedRecords): void {
    const notify = this.listeners.length > 0;
    const index = this.index;
    for (let i = 0; i < records.count; i++) {
      const sysFlag = records.sysFlags[i]!;
      const tranType = transactionTypeOf(sysFlag);
      const topic = records.topics[i]!;
      const phyOffset = records.physicalOffsets[i]!;
      const storeTimestamp = records.storeTimestamps[i]!;
      if (tranType === MessageSysFlag.TRANSACTION_NOT_TYPE || tranType === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
        const queueId = records.queueIds[i]!;
        const queueOffset = records.queueOffsets[i]!;
        const size = records.sizes[i]!;
        const tagsCode = topic === scheduleTopic ? this.deliverTime(records.delayLevels[i]!, queueId, storeTimestamp) : this.tagsCodes.of(records.tags[i]);
        const cq = this.cqs.append(topic, queueId, queueOffset, phyOffset, size, tagsCode);
        if (cq && notify) this.queued.push(new Arrival(topic, queueId, queueOffset, tagsCode, storeTimestamp, phyOffset, size, this.readProperties));
      }
      if (index && tranType !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
        index.add(topic, records.keys[i], records.uniqKeys[i], phyOffset, storeTimestamp);
      }
    }
    if (records.count > 0) {
      this.dispatchedOffset = records.endOffset();
      this.dispatchedTimestamp = records.storeTimestamps[records.count - 1]!;
    }
    this.cqs.drainIfLarge();
    index?.drainIfLarge();
    if (this.queued.length > 0 && !this.deliveryScheduled) {
      this.deliveryScheduled = true;
      queueMicrotask(() => this.deliver());
    }
  }

  private deliverTime(delayLevel: number, queueId: number, storeTimestamp: number): number {
    const max = this.delayLevelsMs.length;
    const level = Math.min(delayLevel > 0 ? delayLevel : queueId + 1, max);
    return level > 0 ? storeTimestamp + this.delayLevelsMs[level - 1]! : storeTimestamp;
  }

  private deliver(): void {
    this.deliveryScheduled = false;
    const batch = this.queued;
    this.queued = [];
    for (const arrival of batch) {
      for (const listener of this.listeners) {
        try {
          listener(arrival);
        } catch (err) {
          this.log.error({ err, topic: arrival.topic, queueId: arrival.queueId }, 'message arrival listener failed');
        }
      }
    }
  }
}
