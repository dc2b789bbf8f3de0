// The message store: commit log, flush, consume queues, index, recovery and retention composed
// behind MessageStoreApi (api.ts). The put path is put/store-puts.ts, the read side
// get/store-reads.ts, the consume queue flush flush/consume-queue-flush.ts; this file opens,
// wires and stops them.
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
import type { HostAddress } from '../common/message/stored-message-types.js';
import type {
  ConsumeQueueEntries,
  GetResult,
  MessageArrivalListener,
  MessageFilter,
  MessageStoreApi,
  PutMessage,
  PutOptions,
  PutResult,
  QueryMessageResult,
  StoreRuntimeInfo,
} from './api.js';
import { AbortFile } from './checkpoint/abort-file.js';
import { CheckpointWriter, readCheckpoint } from './checkpoint/store-checkpoint.js';
import { CommitLog } from './commitlog/commit-log.js';
import { ConsumeQueueStore } from './consumequeue/consume-queue-store.js';
import { cqEntrySizeBytes, readCqEntry, type CqEntry } from './consumequeue/cq-entry.js';
import { QueueOffsetTable } from './consumequeue/queue-offset-table.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { CommitLogFlusher } from './flush/commit-log-flusher.js';
import { ConsumeQueueFlush } from './flush/consume-queue-flush.js';
import { StoreReads } from './get/store-reads.js';
import { IndexService } from './index/index-service.js';
import { systemClock, type Clock, type FileIO } from './io/file-io.js';
import { NodeFileIO } from './io/node-file-io.js';
import { StorePuts } from './put/store-puts.js';
import { recoverCommitLog } from './recovery/commitlog-recovery.js';
import { readDispatchPoint } from './recovery/store-dispatch-checkpoint.js';
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
  private puts!: StorePuts;
  private reads!: StoreReads;
  private logicFlush!: ConsumeQueueFlush;
  private readonly offsets = new QueueOffsetTable();
  private readonly stats: StoreStats;
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
    const reads = new StoreReads({ config: c, commitLog: this.commitLog, cqs: this.cqs, index: this.index, stats: this.stats });
    this.reads = reads;
    this.dispatcher = new Dispatcher(this.cqs, this.index, parseDelayLevels(c.messageDelayLevel), (phy, size) => reads.propertiesAt(phy, size), this.log);
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

    // Dispatch hears about each write before the flusher does (the flusher subscribes when built).
    this.commitLog.onAppended((records) => this.puts.onAppended(records));
    this.commitLog.onWriteFailed((error) => this.puts.onWriteFailed(error));
    this.flusher = new CommitLogFlusher(this.commitLog, {
      flushDiskType: c.flushDiskType,
      flushIntervalMs: c.flushIntervalCommitLog,
      syncFlushTimeoutMs: c.syncFlushTimeout,
      onFlushed: (point) => this.checkpoint.update({ physicFlushedOffset: point.offset, physicMsgTimestamp: point.storeTimestamp }),
      logger: this.log,
    });
    this.puts = new StorePuts({
      flushDiskType: c.flushDiskType,
      commitLog: this.commitLog,
      offsets: this.offsets,
      dispatcher: this.dispatcher,
      flusher: this.flusher,
      stats: this.stats,
      log: this.log,
      refusal: () => this.refusal(),
    });
    this.logicFlush = new ConsumeQueueFlush({
      io: this.io,
      storePathRootDir: root,
      dispatcher: this.dispatcher,
      cqs: this.cqs,
      index: this.index,
      flusher: this.flusher,
      checkpoint: this.checkpoint,
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
    await this.flushConsumeQueues();
    // The writable index file's slot table and header (periodic flushes write entries only).
    await this.index?.sync(true);
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

  private refusal(): PutResult | undefined {
    if (this.state !== 'running') return notRunning;
    if (this.retention.diskFull) return diskFull;
    return undefined;
  }

  put(message: PutMessage, options?: PutOptions): Promise<PutResult> {
    return this.puts.put(message, options);
  }

  putBatch(messages: readonly PutMessage[], options?: PutOptions): Promise<PutResult> {
    return this.puts.putBatch(messages, options);
  }

  /**
   * Makes consume queues and index durable up to what is dispatched now, then records that point
   * (flush/consume-queue-flush.ts).
   */
  flushConsumeQueues(): Promise<void> {
    return this.logicFlush.flush();
  }

  /** One retention pass now; `manual` deletes expired segments whatever the hour. */
  runRetention(manual = false): RetentionPass {
    return this.retention.run(manual);
  }

  get(_group: string, topic: string, queueId: number, offset: number, maxCount: number, maxBytes: number, filter?: MessageFilter): GetResult {
    return this.reads.get(topic, queueId, offset, maxCount, maxBytes, filter);
  }

  maxOffsetInQueue(topic: string, queueId: number): number {
    return this.reads.maxOffsetInQueue(topic, queueId);
  }

  minOffsetInQueue(topic: string, queueId: number): number {
    return this.reads.minOffsetInQueue(topic, queueId);
  }

  offsetInQueueByTime(topic: string, queueId: number, timestamp: number): number {
    return this.reads.offsetInQueueByTime(topic, queueId, timestamp);
  }

  earliestMessageTime(topic: string, queueId: number): number {
    return this.reads.earliestMessageTime(topic, queueId);
  }

  messageStoreTime(topic: string, queueId: number, queueOffset: number): number {
    return this.reads.messageStoreTime(topic, queueId, queueOffset);
  }

  earliestMessageTimeInStore(): number {
    return this.reads.earliestMessageTimeInStore();
  }

  readMessage(commitLogOffset: number): Buffer | undefined {
    return this.reads.readMessage(commitLogOffset);
  }

  queryMessage(topic: string, key: string, maxNum: number, beginTimestamp: number, endTimestamp: number): QueryMessageResult {
    return this.reads.queryMessage(topic, key, maxNum, beginTimestamp, endTimestamp);
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

  queueTopics(): string[] {
    return this.cqs.topicNames();
  }

  consumeQueueEntries(topic: string, queueId: number, from: number, count: number): ConsumeQueueEntries | undefined {
    const cq = this.cqs.find(topic, queueId);
    if (cq === undefined) return undefined;
    const entries: CqEntry[] = [];
    let offset = Math.max(from, cq.minOffset());
    while (entries.length < count && offset < cq.maxOffset()) {
      const run = cq.readEntries(offset, count - entries.length, Buffer.allocUnsafe((count - entries.length) * cqEntrySizeBytes));
      if (run === undefined || run.count === 0) break;
      for (let i = 0; i < run.count; i++) entries.push(readCqEntry(run.buf, i * cqEntrySizeBytes));
      offset += run.count;
    }
    return { minOffset: cq.minOffset(), maxOffset: cq.maxOffset(), entries };
  }

  deleteTopics(topics: Iterable<string>): void {
    for (const topic of topics) {
      if (this.cqs.deleteTopic(topic)) this.log.info({ topic }, 'consume queues of topic deleted');
      this.offsets.deleteTopic(topic);
    }
  }
}
