// The store's read side: get() for pulls, queue offsets and times, single records by commit log
// offset, and index queries. Records are returned as the commit log holds them (slices or
// copies of stored bytes, never re-encoded).
import { decodeProperties } from '../../common/message/properties-codec.js';
import { locateStoredMessageFields, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import { MessageSysFlag, readInt64, StoredMessagePosition } from '../../common/message/stored-message-layout.js';
import type { GetResult, MessageFilter, QueryMessageResult } from '../api.js';
import type { CommitLog } from '../commitlog/commit-log.js';
import type { ConsumeQueueStore } from '../consumequeue/consume-queue-store.js';
import { cqEntryOffset, cqEntrySize, cqEntrySizeBytes } from '../consumequeue/cq-entry.js';
import type { ConsumeQueue } from '../consumequeue/consume-queue.js';
import type { IndexService } from '../index/index-service.js';
import type { StoreConfig } from '../store-config.js';
import type { StoreStats } from '../store-stats.js';
import { getMessages, GetScratch, type RecordReader } from './get-messages.js';

/** Bytes of a record header that reach past STORETIMESTAMP with an IPv6 born host. */
const headerWithStoreTimeBytes = StoredMessagePosition.bornHost + 20 + 8;

export type StoreReadsConfig = Pick<
  StoreConfig,
  'mappedFileSizeCommitLog' | 'maxTransferCountOnMessageInMemory' | 'maxTransferBytesOnMessageInMemory' | 'defaultQueryMaxNum'
>;

export interface StoreReadsParts {
  config: StoreReadsConfig;
  commitLog: CommitLog;
  cqs: ConsumeQueueStore;
  index: IndexService | undefined;
  stats: StoreStats;
}

export class StoreReads {
  private readonly scratch = new GetScratch();
  private readonly fields = new StoredMessageFields();
  private readonly reader: RecordReader;

  constructor(private readonly p: StoreReadsParts) {
    const segmentSize = p.config.mappedFileSizeCommitLog;
    this.reader = {
      minOffset: () => p.commitLog.minOffset(),
      read: (offset, size) => p.commitLog.read(offset, size),
      nextSegmentStart: (offset) => offset - (offset % segmentSize) + segmentSize,
      propertiesOf: (record) => this.propertiesOf(record),
    };
  }

  get(topic: string, queueId: number, offset: number, maxCount: number, maxBytes: number, filter?: MessageFilter): GetResult {
    const c = this.p.config;
    const result = getMessages(
      this.p.cqs.find(topic, queueId),
      this.reader,
      {
        offset,
        maxCount: Math.min(maxCount, c.maxTransferCountOnMessageInMemory),
        maxBytes: Math.min(maxBytes, c.maxTransferBytesOnMessageInMemory),
        filter,
      },
      this.scratch,
    );
    const stats = this.p.stats;
    if (result.status === 'FOUND') {
      stats.getFoundTotal++;
      stats.transferredTotal += result.messages.length;
    } else {
      stats.getMissTotal++;
    }
    return result;
  }

  maxOffsetInQueue(topic: string, queueId: number): number {
    return this.p.cqs.find(topic, queueId)?.maxOffset() ?? 0;
  }

  minOffsetInQueue(topic: string, queueId: number): number {
    return this.p.cqs.find(topic, queueId)?.minOffset() ?? 0;
  }

  offsetInQueueByTime(topic: string, queueId: number, timestamp: number): number {
    const cq = this.p.cqs.find(topic, queueId);
    if (!cq) return 0;
    // Store times grow with queue offsets: binary search for the first at or after `timestamp`.
    let lo = cq.minOffset();
    let hi = cq.maxOffset();
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const t = this.storeTimeOf(cq, mid);
      if (t < 0 || t < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  earliestMessageTime(topic: string, queueId: number): number {
    const cq = this.p.cqs.find(topic, queueId);
    return cq && cq.minOffset() < cq.maxOffset() ? this.storeTimeOf(cq, cq.minOffset()) : -1;
  }

  messageStoreTime(topic: string, queueId: number, queueOffset: number): number {
    const cq = this.p.cqs.find(topic, queueId);
    return cq && queueOffset >= cq.minOffset() && queueOffset < cq.maxOffset() ? this.storeTimeOf(cq, queueOffset) : -1;
  }

  earliestMessageTimeInStore(): number {
    const commitLog = this.p.commitLog;
    const record = commitLog.readRecord(commitLog.minOffset());
    return record ? this.storeTimeIn(record) : -1;
  }

  readMessage(commitLogOffset: number): Buffer | undefined {
    return this.p.commitLog.readRecord(commitLogOffset);
  }

  queryMessage(topic: string, key: string, maxNum: number, beginTimestamp: number, endTimestamp: number): QueryMessageResult {
    const result: QueryMessageResult = { messages: [], bufferTotalSize: 0, indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 };
    const index = this.p.index;
    if (!index) return result;
    const q = index.query(topic, key, Math.min(maxNum, this.p.config.defaultQueryMaxNum), beginTimestamp, endTimestamp);
    result.indexLastUpdateTimestamp = q.lastUpdateTimestamp;
    result.indexLastUpdatePhyoffset = q.lastUpdatePhyOffset;
    for (const offset of q.phyOffsets) {
      const record = this.p.commitLog.readRecord(offset);
      if (!record) continue;
      result.messages.push(record);
      result.bufferTotalSize += record.length;
    }
    return result;
  }

  /** The properties of the record at a commit log offset (arrival listeners that filter on them). */
  propertiesAt(phyOffset: number, size: number): ReadonlyMap<string, string> {
    const record = this.p.commitLog.read(phyOffset, size);
    return record ? this.propertiesOf(record) : new Map();
  }

  private storeTimeOf(cq: ConsumeQueue, queueOffset: number): number {
    const entry = Buffer.alloc(cqEntrySizeBytes);
    const run = cq.readEntries(queueOffset, 1, entry);
    if (!run || run.count !== 1) return -1;
    const size = cqEntrySize(entry, 0);
    const header = this.p.commitLog.read(cqEntryOffset(entry, 0), Math.min(size, headerWithStoreTimeBytes));
    return header ? this.storeTimeIn(header) : -1;
  }

  private storeTimeIn(header: Buffer): number {
    const bornHostBytes = header.readInt32BE(StoredMessagePosition.sysFlag) & MessageSysFlag.BORNHOST_V6 ? 20 : 8;
    return readInt64(header, StoredMessagePosition.bornHost + bornHostBytes);
  }

  private propertiesOf(record: Buffer): ReadonlyMap<string, string> {
    const f = this.fields;
    if (locateStoredMessageFields(record, 0, record.length, f) !== undefined) return new Map();
    return decodeProperties(record.toString('utf8', f.propertiesAt, f.propertiesAt + f.propertiesBytes));
  }
}
