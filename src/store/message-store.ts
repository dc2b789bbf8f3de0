// The message store: commit log, flush, consume queues, index, recovery and retention composed
// behind MessageStoreApi (api.ts).
//
// Put: the queue offset is taken from the queue offset table, the record encoded into the
// commit log's write buffer (nothing is written yet), and the put waits for the end of the turn,
// when the commit log writes the turn's records in one call and dispatch adds their consume
// queue entries and index keys. ASYNC_FLUSH puts then settle PUT_OK; SYNC_FLUSH puts (unless
// they opt out, WAIT=false) also wait for the group commit covering them.
//
// Timers (all unref'd): consume queue flush every flushIntervalConsumeQueue ms (sync queues and
// index, then write the dispatch point and checkpoint), retention every cleanResourceInterval
// ms, one stats sample per second.
//
// Start: abort file present? -> commit log recovery (commitlog-recovery.ts), store recovery
// (store-recovery.ts), then appends open and the abort file is (re)created. Shutdown: puts
// refused, everything flushed, dispatch point and checkpoint written, abort file removed.
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import { createLogger } from '../common/logger.js';
import { decodeProperties } from '../common/message/properties-codec.js';
import { locateStoredMessageFields, StoredMessageFields } from '../common/message/stored-message-decoder.js';
import { MessageIllegalError } from '../common/message/stored-message-errors.js';
import { MessageSysFlag, readInt64, StoredMessagePosition, transactionTypeOf } from '../common/message/stored-message-layout.js';
import type { HostAddress } from '../common/message/stored-message-types.js';
import type {
  GetResult,
  MessageArrivalListener,
  MessageFilter,
  MessageStoreApi,
  PutMessage,
  PutOptions,
  PutPlacement,
  PutResult,
  QueryMessageResult,
  StoreRuntimeInfo,
} from './api.js';
import { AbortFile } from './checkpoint/abort-file.js';
import { CheckpointWriter, readCheckpoint } from './checkpoint/store-checkpoint.js';
import { CommitLogWriteError } from './commitlog/commit-log-errors.js';
import { CommitLog, type AppendResult } from './commitlog/commit-log.js';
import type { AppendedRecords } from './commitlog/appended-records.js';
import { ConsumeQueueStore } from './consumequeue/consume-queue-store.js';
import { cqEntryOffset, cqEntrySize, cqEntrySizeBytes } from './consumequeue/cq-entry.js';
import type { ConsumeQueue } from './consumequeue/consume-queue.js';
import { QueueOffsetTable } from './consumequeue/queue-offset-table.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { CommitLogFlusher } from './flush/commit-log-flusher.js';
import { getMessages, GetScratch, type RecordReader } from './get/get-messages.js';
import { IndexService } from './index/index-service.js';
import { systemClock, type Clock, type FileIO } from './io/file-io.js';
import { NodeFileIO } from './io/node-file-io.js';
import { recoverCommitLog } from './recovery/commitlog-recovery.js';
import { readDispatchPoint, writeDispatchPoint } from './recovery/store-dispatch-checkpoint.js';
import { recoverStore, type StoreRecoveryReport } from './recovery/store-recovery.js';
import { dropSegmentsAfterHole } from './recovery/store-segment-gaps.js';
import { diskUsedRatio, RetentionService, type RetentionPass } from './retention/retention-service.js';
import { StoreStats } from './store-stats.js';
import { parseDelayLevels, resolveStoreConfig, type StoreConfig } from './store-config.js';

export interface MessageStoreOptions {
  config?: Partial<StoreConfig>;
  /** The broker's address, written in STOREHOST (brokerIP1 and listenPort). */
  storeHost: HostAddress;
  io?: FileIO;
  clock?: Clock;
  logger?: Logger;
}

type State = 'new' | 'running' | 'stopping' | 'stopped';

type PlacedResult = { status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT' } & PutPlacement;

/** A put waiting for its records to be written and dispatched. */
interface PendingAck {
  end: number;
  result: PlacedResult;
  resolve(result: PutResult): void;
}

/** Bytes of a record header that reach past STORETIMESTAMP with an IPv6 born host. */
const headerWithStoreTimeBytes = StoredMessagePosition.bornHost + 20 + 8;
const notRunning: PutResult = { status: 'SERVICE_NOT_AVAILABLE', reason: 'not running' };
const diskFull: PutResult = { status: 'SERVICE_NOT_AVAILABLE', reason: 'disk full' };

export class MessageStore implements MessageStoreApi {
  readonly config: StoreConfig;
  private readonly io: FileIO;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly storeHost: HostAddress;
  private state: State = 'new';

  private commitLog!: CommitLog;
  private flusher!: CommitLogFlusher;
  private checkpoint!: CheckpointWriter;
  private abortFile!: AbortFile;
  private cqs!: ConsumeQueueStore;
  private index: IndexService | undefined;
  private dispatcher!: Dispatcher;
  private retention!: RetentionService;
  private readonly offsets = new QueueOffsetTable();
  private readonly stats: StoreStats;
  private readonly scratch = new GetScratch();
  private readonly fields = new StoredMessageFields();
  private readonly reader: RecordReader;

  private acks: PendingAck[] = [];
  private ackHead = 0;
  private ackCheckScheduled = false;
  private logicFlushRunning: Promise<void> | undefined;
  private logicFlushQueued: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** What the last start's store recovery did (tests and logs). */
  recoveryReport: StoreRecoveryReport | undefined;

  constructor(options: MessageStoreOptions) {
    this.config = resolveStoreConfig(options.config);
    this.io = options.io ?? new NodeFileIO();
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? createLogger('store');
    this.storeHost = options.storeHost;
    this.stats = new StoreStats(() => this.clock.now());
    this.reader = {
      minOffset: () => this.commitLog.minOffset(),
      read: (offset, size) => this.commitLog.read(offset, size),
      nextSegmentStart: (offset) => offset - (offset % this.config.mappedFileSizeCommitLog) + this.config.mappedFileSizeCommitLog,
      propertiesOf: (record) => this.propertiesOf(record),
    };
  }

  private path(...parts: string[]): string {
    return join(this.config.storePathRootDir, ...parts);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`the store starts once (it is ${this.state})`);
    const c = this.config;
    const root = c.storePathRootDir;
    this.io.mkdirs(root);
    this.abortFile = new AbortFile(this.io, root);
    const crashed = this.abortFile.present();
    // From here until a clean shutdown, a stop (even during recovery) counts as a crash.
    await this.abortFile.create();
    const checkpoint = readCheckpoint(this.io, root);
    this.checkpoint = new CheckpointWriter(this.io, root, checkpoint);

    if (crashed) dropSegmentsAfterHole(this.io, this.path('commitlog'), c.mappedFileSizeCommitLog, this.log);
    this.commitLog = new CommitLog(this.io, {
      dir: this.path('commitlog'),
      segmentSizeBytes: c.mappedFileSizeCommitLog,
      maxMessageSizeBytes: c.maxMessageSize,
      storeHost: this.storeHost,
      clock: this.clock,
      logger: this.log,
    });
    await recoverCommitLog(this.commitLog, { crashed, checkpoint, checkCrc: c.checkCRCOnRecover, logger: this.log });

    this.cqs = new ConsumeQueueStore(this.io, this.path('consumequeue'), c.mappedFileSizeConsumeQueue, this.log);
    this.index = c.messageIndexEnable
      ? new IndexService(this.io, this.path('index'), { slotCount: c.maxHashSlotNum, entryCount: c.maxIndexNum }, this.clock, this.log)
      : undefined;
    this.dispatcher = new Dispatcher(this.cqs, this.index, parseDelayLevels(c.messageDelayLevel), (phy, size) => this.propertiesAt(phy, size), this.log);
    this.recoveryReport = recoverStore({
      commitLog: this.commitLog,
      cqs: this.cqs,
      index: this.index,
      dispatcher: this.dispatcher,
      offsets: this.offsets,
      point: readDispatchPoint(this.io, root),
      clean: !crashed,
      log: this.log,
    });

    this.commitLog.onAppended((records) => this.onAppended(records));
    this.flusher = new CommitLogFlusher(this.commitLog, {
      flushDiskType: c.flushDiskType,
      flushIntervalMs: c.flushIntervalCommitLog,
      syncFlushTimeoutMs: c.syncFlushTimeout,
      onFlushed: (point) => this.checkpoint.update({ physicFlushedOffset: point.offset, physicMsgTimestamp: point.storeTimestamp }),
      logger: this.log,
    });
    this.retention = new RetentionService(this.io, this.clock, c, this.commitLog, this.cqs, this.index, this.log);
    this.retention.run();

    // Recovery's cuts and rebuilt entries are made durable before anything new is accepted.
    await this.flushConsumeQueues();
    this.state = 'running';
    this.every(c.flushIntervalConsumeQueue, () => {
      this.flushConsumeQueues().catch((err: unknown) => this.log.error({ err }, 'consume queue flush failed'));
    });
    this.every(c.cleanResourceInterval, () => {
      try {
        this.runRetention();
      } catch (err) {
        this.log.error({ err }, 'retention pass failed');
      }
    });
    this.stats.start();
  }

  private every(ms: number, task: () => void): void {
    const t = setInterval(task, ms);
    t.unref();
    this.timers.push(t);
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.stats.stop();
    await this.flusher.close();
    this.failStuckAcks();
    await this.flushConsumeQueues();
    await this.checkpoint.write();
    this.cqs.close();
    this.index?.close();
    this.commitLog.close();
    await this.abortFile.remove();
    this.state = 'stopped';
  }

  /**
   * Stops timers and background work without touching the disk: for a store whose FileIO died
   * (crash tests) or a process about to exit. The store must not be used afterwards.
   */
  abandon(): void {
    if (this.state === 'stopped' || this.state === 'new') return;
    this.state = 'stopped';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.stats.stop();
    this.flusher.close().catch(() => undefined);
  }

  // ---- put ----------------------------------------------------------------------------------

  put(message: PutMessage, options?: PutOptions): Promise<PutResult> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const counted = occupiesQueue(message.sysFlag);
    const queueOffset = counted ? this.offsets.peek(message.topic, message.queueId) : 0;
    let r: AppendResult;
    try {
      r = this.commitLog.append(message, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    if (counted) this.offsets.assign(message.topic, message.queueId, 1);
    this.stats.putTimesTotal++;
    this.stats.putSizeTotal += r.size;
    const result: PlacedResult = {
      status: 'PUT_OK',
      physicalOffset: r.physicalOffset,
      physicalOffsets: [r.physicalOffset],
      queueOffset: r.queueOffset,
      storeTimestamp: r.storeTimestamp,
      messageCount: 1,
      wroteBytes: r.size,
    };
    return this.settle(r.physicalOffset + r.size, result, options);
  }

  putBatch(messages: readonly PutMessage[], options?: PutOptions): Promise<PutResult> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const first = messages[0];
    if (!first) return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'empty batch' });
    if (messages.some((m) => m.topic !== first.topic || m.queueId !== first.queueId || !occupiesQueue(m.sysFlag))) {
      return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'a batch holds plain messages of one topic and queue' });
    }
    const queueOffset = this.offsets.peek(first.topic, first.queueId);
    let results: AppendResult[];
    try {
      results = this.commitLog.appendBatch(messages, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    this.offsets.assign(first.topic, first.queueId, messages.length);
    let bytes = 0;
    for (const r of results) bytes += r.size;
    this.stats.putTimesTotal += results.length;
    this.stats.putSizeTotal += bytes;
    const last = results[results.length - 1]!;
    const result: PlacedResult = {
      status: 'PUT_OK',
      physicalOffset: results[0]!.physicalOffset,
      physicalOffsets: results.map((r) => r.physicalOffset),
      queueOffset,
      storeTimestamp: results[0]!.storeTimestamp,
      messageCount: results.length,
      wroteBytes: bytes,
    };
    return this.settle(last.physicalOffset + last.size, result, options);
  }

  private refusal(): PutResult | undefined {
    if (this.state !== 'running') return notRunning;
    if (this.retention.diskFull) return diskFull;
    return undefined;
  }

  private appendFailure(err: unknown): PutResult {
    if (err instanceof MessageIllegalError) {
      return { status: err.field === 'properties' ? 'PROPERTIES_SIZE_EXCEEDED' : 'MESSAGE_ILLEGAL', reason: err.message };
    }
    if (err instanceof CommitLogWriteError) return { status: 'UNKNOWN_ERROR', reason: err.message, cause: err };
    throw err;
  }

  /** Settles after dispatch (and, under SYNC_FLUSH, after the flush covering `end`). */
  private settle(end: number, result: PlacedResult, options: PutOptions | undefined): Promise<PutResult> {
    const dispatched = new Promise<PutResult>((resolve) => this.acks.push({ end, result, resolve }));
    if (!this.ackCheckScheduled) {
      this.ackCheckScheduled = true;
      // Runs after the commit log's end-of-turn write (scheduled earlier in this turn).
      setImmediate(() => this.failStuckAcks());
    }
    if (this.config.flushDiskType === 'ASYNC_FLUSH' || options?.waitStoreMsgOk === false) {
      if (this.config.flushDiskType === 'SYNC_FLUSH') this.flusher.wake();
      return dispatched;
    }
    return dispatched.then((r) => (r.status === 'PUT_OK' ? this.flusher.waitFor(end).then((status) => (status === 'PUT_OK' ? r : { ...r, status })) : r));
  }

  private onAppended(records: AppendedRecords): void {
    if (records.count === 0) return;
    try {
      this.dispatcher.dispatch(records);
    } catch (err) {
      // The records are stored; their entries are rebuilt from the commit log at the next start
      // (the dispatch point stays behind them).
      this.log.error({ err, from: records.physicalOffsets[0], to: records.endOffset() }, 'dispatch failed: consume queue or index entries missing until restart');
    }
    this.resolveAcks(records.endOffset(), undefined);
  }

  private resolveAcks(upTo: number, failure: PutResult | undefined): void {
    const acks = this.acks;
    let i = this.ackHead;
    while (i < acks.length && (failure || acks[i]!.end <= upTo)) {
      const ack = acks[i++]!;
      ack.resolve(failure ?? ack.result);
    }
    if (i === acks.length) {
      this.acks = [];
      this.ackHead = 0;
    } else {
      this.ackHead = i;
    }
  }

  /** Puts whose records never reached the file (the commit log refused further writes). */
  private failStuckAcks(): void {
    this.ackCheckScheduled = false;
    if (this.ackHead === this.acks.length) return;
    this.commitLog.writePending();
    if (this.ackHead === this.acks.length) return;
    const failure: PutResult = { status: 'UNKNOWN_ERROR', reason: 'commit log write failed', cause: undefined };
    this.log.error({ puts: this.acks.length - this.ackHead }, 'puts failed: their records could not be written');
    this.resolveAcks(0, failure);
  }

  // ---- consume queue flush --------------------------------------------------------------------

  /**
   * Makes consume queues and index durable up to what is dispatched now, then records that point
   * (dispatch point and checkpoint timestamps). The commit log is flushed up to the same point
   * first, so the point never runs ahead of durable records.
   */
  flushConsumeQueues(): Promise<void> {
    // One flush at a time; a call during one gets the next, which covers what it dispatched.
    const running = this.logicFlushRunning;
    if (!running) {
      const run = this.doFlushConsumeQueues().finally(() => {
        if (this.logicFlushRunning === run) this.logicFlushRunning = undefined;
      });
      this.logicFlushRunning = run;
      return run;
    }
    this.logicFlushQueued ??= running
      .catch(() => undefined)
      .then(() => {
        this.logicFlushQueued = undefined;
        return this.flushConsumeQueues();
      });
    return this.logicFlushQueued;
  }

  private async doFlushConsumeQueues(): Promise<void> {
    const dispatchedOffset = this.dispatcher.completeUpTo();
    const timestamp = this.dispatcher.dispatchedTimestamp;
    const index = this.index?.safePoint();
    const queues = this.cqs.sync();
    const indexSync = this.index?.sync();
    const flushed = await this.flusher.waitFor(dispatchedOffset);
    await queues;
    await indexSync;
    if (flushed !== 'PUT_OK') return;
    await writeDispatchPoint(this.io, this.config.storePathRootDir, { dispatchedOffset, timestamp, index });
    this.checkpoint.update({ logicsMsgTimestamp: timestamp, indexMsgTimestamp: timestamp });
    await this.checkpoint.write();
  }

  // ---- retention ------------------------------------------------------------------------------

  /** One retention pass now; `manual` deletes expired segments whatever the hour. */
  runRetention(manual = false): RetentionPass {
    return this.retention.run(manual);
  }

  // ---- reads ----------------------------------------------------------------------------------

  get(_group: string, topic: string, queueId: number, offset: number, maxCount: number, maxBytes: number, filter?: MessageFilter): GetResult {
    const c = this.config;
    const result = getMessages(
      this.cqs.find(topic, queueId),
      this.reader,
      {
        offset,
        maxCount: Math.min(maxCount, c.maxTransferCountOnMessageInMemory),
        maxBytes: Math.min(maxBytes, c.maxTransferBytesOnMessageInMemory),
        filter,
      },
      this.scratch,
    );
    if (result.status === 'FOUND') {
      this.stats.getFoundTotal++;
      this.stats.transferredTotal += result.messages.length;
    } else {
      this.stats.getMissTotal++;
    }
    return result;
  }

  maxOffsetInQueue(topic: string, queueId: number): number {
    return this.cqs.find(topic, queueId)?.maxOffset() ?? 0;
  }

  minOffsetInQueue(topic: string, queueId: number): number {
    return this.cqs.find(topic, queueId)?.minOffset() ?? 0;
  }

  offsetInQueueByTime(topic: string, queueId: number, timestamp: number): number {
    const cq = this.cqs.find(topic, queueId);
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
    const cq = this.cqs.find(topic, queueId);
    return cq && cq.minOffset() < cq.maxOffset() ? this.storeTimeOf(cq, cq.minOffset()) : -1;
  }

  messageStoreTime(topic: string, queueId: number, queueOffset: number): number {
    const cq = this.cqs.find(topic, queueId);
    return cq && queueOffset >= cq.minOffset() && queueOffset < cq.maxOffset() ? this.storeTimeOf(cq, queueOffset) : -1;
  }

  earliestMessageTimeInStore(): number {
    const record = this.commitLog.readRecord(this.commitLog.minOffset());
    return record ? this.storeTimeIn(record) : -1;
  }

  readMessage(commitLogOffset: number): Buffer | undefined {
    return this.commitLog.readRecord(commitLogOffset);
  }

  queryMessage(topic: string, key: string, maxNum: number, beginTimestamp: number, endTimestamp: number): QueryMessageResult {
    const result: QueryMessageResult = { messages: [], bufferTotalSize: 0, indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 };
    if (!this.index) return result;
    const q = this.index.query(topic, key, Math.min(maxNum, this.config.defaultQueryMaxNum), beginTimestamp, endTimestamp);
    result.indexLastUpdateTimestamp = q.lastUpdateTimestamp;
    result.indexLastUpdatePhyoffset = q.lastUpdatePhyOffset;
    for (const offset of q.phyOffsets) {
      const record = this.commitLog.readRecord(offset);
      if (!record) continue;
      result.messages.push(record);
      result.bufferTotalSize += record.length;
    }
    return result;
  }

  onMessageArrived(listener: MessageArrivalListener): () => void {
    return this.dispatcher.onMessageArrived(listener);
  }

  commitLogMinOffset(): number {
    return this.commitLog.minOffset();
  }

  commitLogMaxOffset(): number {
    return this.commitLog.maxOffset();
  }

  runtimeInfo(): StoreRuntimeInfo {
    const s = this.stats;
    return {
      bootTimestamp: s.bootTimestamp,
      putMessageTimesTotal: s.putTimesTotal,
      putMessageSizeTotal: s.putSizeTotal,
      getMessageTimesTotalFound: s.getFoundTotal,
      getMessageTimesTotalMiss: s.getMissTotal,
      getMessageTransferedMsgCount: s.transferredTotal,
      commitLogMinOffset: this.commitLog.minOffset(),
      commitLogMaxOffset: this.commitLog.maxOffset(),
      commitLogDiskRatio: diskUsedRatio(this.io, this.path('commitlog')),
      diskFull: this.retention.diskFull,
      putTps: s.rates((x) => x.puts),
      getFoundTps: s.rates((x) => x.getFound),
      getMissTps: s.rates((x) => x.getMiss),
      getTransferedTps: s.rates((x) => x.transferred),
    };
  }

  deleteTopics(topics: Iterable<string>): void {
    for (const topic of topics) {
      if (this.cqs.deleteTopic(topic)) this.log.info({ topic }, 'consume queues of topic deleted');
      this.offsets.deleteTopic(topic);
    }
  }

  // ---- record fields --------------------------------------------------------------------------

  private storeTimeOf(cq: ConsumeQueue, queueOffset: number): number {
    const entry = Buffer.alloc(cqEntrySizeBytes);
    const run = cq.readEntries(queueOffset, 1, entry);
    if (!run || run.count !== 1) return -1;
    const size = cqEntrySize(entry, 0);
    const header = this.commitLog.read(cqEntryOffset(entry, 0), Math.min(size, headerWithStoreTimeBytes));
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

  private propertiesAt(phyOffset: number, size: number): ReadonlyMap<string, string> {
    const record = this.commitLog.read(phyOffset, size);
    return record ? this.propertiesOf(record) : new Map();
  }
}

/** PREPARED and ROLLBACK records take no queue offset and get no consume queue entry. */
function occupiesQueue(sysFlag: number): boolean {
  const t = transactionTypeOf(sysFlag);
  return t === MessageSysFlag.TRANSACTION_NOT_TYPE || t === MessageSysFlag.TRANSACTION_COMMIT_TYPE;
}
