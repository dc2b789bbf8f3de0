// The store's put path: queue offset, append, and when each put settles.
//
// Put: the queue offset is taken from the queue offset table, the record encoded into the
// commit log's write buffer (nothing is written yet), and the put waits for the end of the turn,
// when the commit log writes the turn's records in one call and dispatch adds their consume
// queue entries and index keys. ASYNC_FLUSH puts then settle PUT_OK; SYNC_FLUSH puts (unless
// they opt out, WAIT=false) also wait for the group commit covering them: the puts of one write
// share one wait on the flusher, whose group commit covers every put waiting by then.
//
// Per put: its result object, its promise, and a few column entries. No closure, no ack object,
// no promise chained per put, one flush wait per write. A failed commit log write fails the
// puts waiting for it at once (the commit log tells us); later appends are refused.
import type { Logger } from '../../common/logger.js';
import { MessageIllegalError } from '../../common/message/stored-message-errors.js';
import { MessageSysFlag, transactionTypeOf } from '../../common/message/stored-message-layout.js';
import type { PutMessage, PutOptions, PutPlacement, PutResult } from '../api.js';
import { CommitLogWriteError } from '../commitlog/commit-log-errors.js';
import type { BatchAppendResult, CommitLog } from '../commitlog/commit-log.js';
import type { AppendedRecords } from '../commitlog/appended-records.js';
import type { QueueOffsetTable } from '../consumequeue/queue-offset-table.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { CommitLogFlusher, FlushDiskType } from '../flush/commit-log-flusher.js';
import type { StoreStats } from '../store-stats.js';

type PlacedResult = { status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT' } & PutPlacement;
type Resolve = (result: PutResult) => void;

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

/** Settled puts a queue may keep at its front before it is cut. */
const compactFromSettled = 256;
/** Once this many appended bytes wait for the end-of-turn write, a put writes them at once. */
export const eagerWriteBytes = 32 * 1024;

/** Puts in append order, as columns (no object per put beyond its result and promise). */
class PutQueue {
  ends: number[] = [];
  results: PlacedResult[] = [];
  resolves: Resolve[] = [];
  /** Whether the put also waits for a flush (SYNC_FLUSH and WAIT not false). */
  waitsForFlush: boolean[] = [];
  head = 0;

  get size(): number {
    return this.ends.length - this.head;
  }

  push(end: number, result: PlacedResult, resolve: Resolve, waitsForFlush: boolean): void {
    this.ends.push(end);
    this.results.push(result);
    this.resolves.push(resolve);
    this.waitsForFlush.push(waitsForFlush);
  }

  /**
   * Forgets the puts before `i` (all settled). The columns restart when empty, and are cut when
   * half of them is settled puts: a queue that never empties (puts waiting for flushes while
   * new ones join) must not keep every settled put alive.
   */
  advanceTo(i: number): void {
    const n = this.ends.length;
    if (i === n) {
      this.ends = [];
      this.results = [];
      this.resolves = [];
      this.waitsForFlush = [];
      this.head = 0;
    } else if (i >= compactFromSettled && i * 2 >= n) {
      this.ends = this.ends.slice(i);
      this.results = this.results.slice(i);
      this.resolves = this.resolves.slice(i);
      this.waitsForFlush = this.waitsForFlush.slice(i);
      this.head = 0;
    } else {
      this.head = i;
    }
  }
}

export class StorePuts {
  /** Appended puts waiting for their write and dispatch. */
  private readonly written = new PutQueue();
  /** Dispatched SYNC_FLUSH puts waiting for the fdatasync that covers them. */
  private readonly flushed = new PutQueue();
  /** The promise executor of every put: hands its resolve function over without a closure per put. */
  private captured: Resolve | undefined;
  private readonly capture = (resolve: Resolve): void => {
    this.captured = resolve;
  };

  constructor(private readonly p: StorePutsParts) {}

  put(message: PutMessage, options?: PutOptions): Promise<PutResult> {
    const p = this.p;
    const refused = p.refusal();
    if (refused) return Promise.resolve(refused);
    const counter = occupiesQueue(message.sysFlag) ? p.offsets.counter(message.topic, message.queueId) : undefined;
    const queueOffset = counter ? counter.next : 0;
    let physicalOffset: number;
    try {
      physicalOffset = p.commitLog.appendRecord(message, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    if (counter) counter.next = queueOffset + 1;
    const size = p.commitLog.lastAppendSize;
    p.stats.putTimesTotal++;
    p.stats.putSizeTotal += size;
    const result: PlacedResult = {
      status: 'PUT_OK',
      physicalOffset,
      physicalOffsets: [physicalOffset],
      queueOffset,
      storeTimestamp: p.commitLog.lastAppendedStoreTimestamp(),
      messageCount: 1,
      wroteBytes: size,
    };
    return this.settle(physicalOffset + size, result, options);
  }

  putBatch(messages: readonly PutMessage[], options?: PutOptions): Promise<PutResult> {
    const refused = this.p.refusal();
    if (refused) return Promise.resolve(refused);
    const first = messages[0];
    if (!first) return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'empty batch' });
    if (messages.some((m) => m.topic !== first.topic || m.queueId !== first.queueId || !occupiesQueue(m.sysFlag))) {
      return Promise.resolve({ status: 'MESSAGE_ILLEGAL', reason: 'a batch holds plain messages of one topic and queue' });
    }
    const counter = this.p.offsets.counter(first.topic, first.queueId);
    const queueOffset = counter.next;
    let placed: BatchAppendResult;
    try {
      placed = this.p.commitLog.appendBatch(messages, queueOffset);
    } catch (err) {
      return Promise.resolve(this.appendFailure(err));
    }
    counter.next = queueOffset + messages.length;
    this.p.stats.putTimesTotal += messages.length;
    this.p.stats.putSizeTotal += placed.bytes;
    const result: PlacedResult = {
      status: 'PUT_OK',
      physicalOffset: placed.physicalOffsets[0]!,
      physicalOffsets: placed.physicalOffsets,
      queueOffset,
      storeTimestamp: placed.storeTimestamp,
      messageCount: messages.length,
      wroteBytes: placed.bytes,
    };
    return this.settle(placed.end, result, options);
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
    const promise = new Promise<PutResult>(this.capture);
    const sync = this.p.flushDiskType === 'SYNC_FLUSH';
    const waitsForFlush = sync && options?.waitStoreMsgOk !== false;
    this.written.push(end, result, this.captured!, waitsForFlush);
    this.captured = undefined;
    if (sync && !waitsForFlush) this.p.flusher.wake();
    // Many requests read in one turn would otherwise all wait for the end-of-turn write and be
    // answered together: their senders then refill together and the two sides take turns idling.
    if (this.p.commitLog.unwrittenBytes() >= eagerWriteBytes) this.p.commitLog.writePending();
    return promise;
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
    this.resolveWritten(records.endOffset(), undefined);
  }

  /**
   * Settles the puts whose records end at or before `upTo` (all of them with `failure`); those
   * that wait for a flush move to the flush queue, and one wait covers them all.
   */
  private resolveWritten(upTo: number, failure: PutResult | undefined): void {
    const q = this.written;
    const n = q.ends.length;
    let i = q.head;
    let flushUpTo = -1;
    for (; i < n && (failure || q.ends[i]! <= upTo); i++) {
      if (failure) {
        q.resolves[i]!(failure);
      } else if (q.waitsForFlush[i]) {
        this.flushed.push(q.ends[i]!, q.results[i]!, q.resolves[i]!, true);
        flushUpTo = q.ends[i]!;
      } else {
        q.resolves[i]!(q.results[i]!);
      }
    }
    q.advanceTo(i);
    if (flushUpTo >= 0) {
      this.p.flusher.waitFor(flushUpTo).then((status) => this.resolveFlushed(flushUpTo, status));
    }
  }

  /** A flush covering `upTo` finished (or timed out): settles the puts it covers. */
  private resolveFlushed(upTo: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    const q = this.flushed;
    const n = q.ends.length;
    let i = q.head;
    for (; i < n && q.ends[i]! <= upTo; i++) {
      const r = q.results[i]!;
      q.resolves[i]!(status === 'PUT_OK' ? r : { ...r, status });
    }
    q.advanceTo(i);
  }

  /** A commit log write failed: the puts waiting for a write fail, their records never reached the file. */
  onWriteFailed(error: CommitLogWriteError): void {
    if (this.written.size === 0) return;
    this.p.log.error({ puts: this.written.size }, 'puts failed: their records could not be written');
    this.resolveWritten(0, { status: 'UNKNOWN_ERROR', reason: error.message, cause: error });
  }
}

/** PREPARED and ROLLBACK records take no queue offset and get no consume queue entry. */
function occupiesQueue(sysFlag: number): boolean {
  const t = transactionTypeOf(sysFlag);
  return t === MessageSysFlag.TRANSACTION_NOT_TYPE || t === MessageSysFlag.TRANSACTION_COMMIT_TYPE;
}
