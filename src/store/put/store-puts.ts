// The store's put path: queue offset, append, and when each put settles.
//
// Put: the queue offset is taken from the queue offset table, the record encoded into the
// commit log's write buffer (nothing is written yet), and the put waits for the end of the turn,
// when the commit log writes the turn's records in one call and dispatch adds their consume
// queue entries and index keys. ASYNC_FLUSH puts then settle PUT_OK; SYNC_FLUSH puts (unless
// they opt out, WAIT=false) also wait for the group commit covering them.
import type { Logger } from '../../common/logger.js';
import { MessageIllegalError } from '../../common/message/stored-message-errors.js';
import { MessageSysFlag, transactionTypeOf } from '../../common/message/stored-message-layout.js';
import type { PutMessage, PutOptions, PutPlacement, PutResult } from '../api.js';
import { CommitLogWriteError } from '../commitlog/commit-log-errors.js';
import type { AppendResult, CommitLog } from '../commitlog/commit-log.js';
import type { AppendedRecords } from '../commitlog/appended-records.js';
import type { QueueOffsetTable } from '../consumequeue/queue-offset-table.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { CommitLogFlusher, FlushDiskType } from '../flush/commit-log-flusher.js';
import type { StoreStats } from '../store-stats.js';

type PlacedResult = { status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT' } & PutPlacement;

/** A put waiting for its records to be written and dispatched. */
interface PendingAck {
  end: number;
  result: PlacedResult;
  resolve(result: PutResult): void;
}

export interface StorePutsParts {
  flushDiskType: FlushDiskType;
  commitLog: CommitLog;
  offsets: QueueOffsetTable;
  dispatcher: Dispatcher;
  flusher: CommitLogFlusher;
  stats: StoreStats;
  log: Logger;
  /** Why puts are refused now (store not running, disk full), or undefined. */
  refusal(): PutResult | undefined;
}

export class StorePuts {
  private acks: PendingAck[] = [];
  private ackHead = 0;
  private ackCheckScheduled = false;

  constructor(private readonly p: StorePutsParts) {}

  put(message: PutMessage, options?: PutOptions): Promise<PutResult> {
    const refused = this.p.refusal();
    if (refused) return Promise.resolve(refused);
    const counted = occupiesQueue(message.sysFlag);
    const queueOffset = counted ? this.p.offsets.peek(message.topic, message.queueId) : 0;
    let r: AppendResult;
    try {
      r = this.p.commitLog.append(message, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    if (counted) this.p.offsets.assign(message.topic, message.queueId, 1);
    this.p.stats.putTimesTotal++;
    this.p.stats.putSizeTotal += r.size;
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
    const refused = this.p.refusal();
    if (refused) return Promise.resolve(refused);
    const first = messages[0];
    if (!first) return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'empty batch' });
    if (messages.some((m) => m.topic !== first.topic || m.queueId !== first.queueId || !occupiesQueue(m.sysFlag))) {
      return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'a batch holds plain messages of one topic and queue' });
    }
    const queueOffset = this.p.offsets.peek(first.topic, first.queueId);
    let results: AppendResult[];
    try {
      results = this.p.commitLog.appendBatch(messages, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    this.p.offsets.assign(first.topic, first.queueId, messages.length);
    let bytes = 0;
    for (const r of results) bytes += r.size;
    this.p.stats.putTimesTotal += results.length;
    this.p.stats.putSizeTotal += bytes;
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
    if (this.p.flushDiskType === 'ASYNC_FLUSH' || options?.waitStoreMsgOk === false) {
      if (this.p.flushDiskType === 'SYNC_FLUSH') this.p.flusher.wake();
      return dispatched;
    }
    return dispatched.then((r) => (r.status === 'PUT_OK' ? this.p.flusher.waitFor(end).then((status) => (status === 'PUT_OK' ? r : { ...r, status })) : r));
  }

  /** The commit log wrote `records`: dispatch them, then settle the puts they complete. */
  onAppended(records: AppendedRecords): void {
    if (records.count === 0) return;
    try {
      this.p.dispatcher.dispatch(records);
    } catch (err) {
      // The records are stored; their entries are rebuilt from the commit log at the next start
      // (the dispatch point stays behind them).
      this.p.log.error({ err, from: records.physicalOffsets[0], to: records.endOffset() }, 'dispatch failed: consume queue or index entries missing until restart');
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
  failStuckAcks(): void {
    this.ackCheckScheduled = false;
    if (this.ackHead === this.acks.length) return;
    this.p.commitLog.writePending();
    if (this.ackHead === this.acks.length) return;
    const failure: PutResult = { status: 'UNKNOWN_ERROR', reason: 'commit log write failed', cause: undefined };
    this.p.log.error({ puts: this.acks.length - this.ackHead }, 'puts failed: their records could not be written');
    this.resolveAcks(0, failure);
  }
}

/** PREPARED and ROLLBACK records take no queue offset and get no consume queue entry. */
function occupiesQueue(sysFlag: number): boolean {
  const t = transactionTypeOf(sysFlag);
  return t === MessageSysFlag.TRANSACTION_NOT_TYPE || t === MessageSysFlag.TRANSACTION_COMMIT_TYPE;
}
