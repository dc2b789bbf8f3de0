// Makes commit log writes durable, in one of RocketMQ's two modes (behaviours.md §10):
//
//   ASYNC_FLUSH  every `flushIntervalMs` (500 ms), one fdatasync of whatever was written.
//                Puts never wait: an acknowledged put has been written to the OS (page cache)
//                and dispatched, so it survives a crash of the process (kill -9) but not of the
//                machine until the next completed fdatasync; a power loss may lose the last
//                interval's records, never a record a completed fdatasync covered. (Measured:
//                at 5,000 puts/s a 50 ms interval gives the same put latency tail as 500 ms;
//                bench/store.ts --latency.)
//   SYNC_FLUSH   group commit. A put that must be durable calls waitFor(its end offset) and
//                joins the NEXT sync's group: while one fdatasync runs, every later put waits
//                for the one after it, and that one covers them all. A group whose sync has not
//                finished after `syncFlushTimeoutMs` (5 s) settles FLUSH_DISK_TIMEOUT: the
//                records are stored, only their durability is not confirmed.
//
// One promise and one timer per group, not per put. A sync starts only once the group's bytes
// have reached the OS (the commit log writes at the end of the turn, then calls us back).
// RocketMQ's "at least 4 pages" rule for interval flushes is not reproduced: an interval
// flush syncs whenever anything is unflushed.
import type { Logger } from '../../common/logger.js';
import { assert } from '../../common/assert.js';
import type { CommitLog, SyncPoint } from '../commitlog/commit-log.js';
import { flushIntervalMsDefault, syncFlushTimeoutMsDefault } from '../store-limits.js';

export type FlushDiskType = 'ASYNC_FLUSH' | 'SYNC_FLUSH';
export type FlushStatus = 'PUT_OK' | 'FLUSH_DISK_TIMEOUT';

export interface CommitLogFlusherOptions {
  flushDiskType: FlushDiskType;
  flushIntervalMs?: number;
  syncFlushTimeoutMs?: number;
  /** Called after each completed sync with what it covered (the checkpoint listens). */
  onFlushed?: (point: SyncPoint) => void;
  logger?: Logger;
}

/** Puts waiting for the same sync. */
interface Group {
  readonly promise: Promise<FlushStatus>;
  settle(status: FlushStatus): void;
  /** Drops the timeout without settling (the process is going away). */
  cancel(): void;
  endOffset: number;
}

const putOk: Promise<FlushStatus> = Promise.resolve('PUT_OK');

export class CommitLogFlusher {
  readonly flushDiskType: FlushDiskType;
  private readonly syncFlushTimeoutMs: number;
  private readonly onFlushed: ((point: SyncPoint) => void) | undefined;
  private readonly logger: Logger | undefined;
  private flushed: number;
  private flushedTimestamp = 0;
  private syncing = false;
  private wanted = false;
  private closed = false;
  private next: Group | undefined;
  private inflight: Group | undefined;
  private readonly interval: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  /** Completed syncs and failed ones, for runtime info and tests. */
  readonly stats = { syncs: 0, failures: 0, timeouts: 0 };

  constructor(
    private readonly log: CommitLog,
    options: CommitLogFlusherOptions,
  ) {
    assert(log.isOpen, 'the commit log is recovered before its flusher starts');
    this.flushDiskType = options.flushDiskType;
    this.syncFlushTimeoutMs = options.syncFlushTimeoutMs ?? syncFlushTimeoutMsDefault;
    this.onFlushed = options.onFlushed;
    this.logger = options.logger;
    this.flushed = log.writtenOffset();
    this.unsubscribe = log.onAppended(() => this.maybeSync());
    if (this.flushDiskType === 'ASYNC_FLUSH') {
      this.interval = setInterval(() => this.wake(), options.flushIntervalMs ?? flushIntervalMsDefault);
      // The interval alone never keeps a process alive (a store abandoned without shutdown must
      // not hang its process); waiting puts do, through their group's timeout timer.
      this.interval.unref();
    }
  }

  /** Every commit log byte below this offset is durable. */
  flushedOffset(): number {
    return this.flushed;
  }

  /** Store timestamp of the last durable record (RocketMQ's physicMsgTimestamp); 0 when unknown. */
  flushedStoreTimestamp(): number {
    return this.flushedTimestamp;
  }

  /** Resolves PUT_OK once a sync covers `endOffset`, or FLUSH_DISK_TIMEOUT after the timeout. */
  waitFor(endOffset: number): Promise<FlushStatus> {
    if (endOffset <= this.flushed) return putOk;
    const group = (this.next ??= this.newGroup());
    if (endOffset > group.endOffset) group.endOffset = endOffset;
    this.maybeSync();
    return group.promise;
  }

  /** Starts a sync of everything written unless one is running (then the next one does it). */
  wake(): void {
    this.wanted = true;
    this.maybeSync();
  }

  /** Writes what is pending and waits until all of it is durable. */
  async flushAll(): Promise<FlushStatus> {
    this.log.writePending();
    return this.waitFor(this.log.writtenOffset());
  }

  /** Stops the interval, flushes everything, and detaches from the commit log. */
  async close(): Promise<FlushStatus> {
    if (this.interval) clearInterval(this.interval);
    const status = await this.flushAll();
    this.closed = true;
    this.unsubscribe();
    return status;
  }

  /**
   * Stops at once without flushing: no timer stays armed and waiting puts never settle. For a
   * process that is going away without a clean shutdown (and crash simulations).
   */
  halt(): void {
    if (this.interval) clearInterval(this.interval);
    this.closed = true;
    this.next?.cancel();
    this.inflight?.cancel();
    this.unsubscribe();
  }

  private newGroup(): Group {
    let resolve!: (status: FlushStatus) => void;
    const promise = new Promise<FlushStatus>((r) => (resolve = r));
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      this.stats.timeouts++;
      group.settle('FLUSH_DISK_TIMEOUT');
      if (this.next === group) this.next = undefined;
    }, this.syncFlushTimeoutMs);
    const group: Group = {
      promise,
      endOffset: 0,
      settle: (status) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(status);
      },
      cancel: () => clearTimeout(timer),
    };
    return group;
  }

  private maybeSync(): void {
    if (this.syncing || this.closed) return;
    const written = this.log.writtenOffset();
    const group = this.next;
    if (group) {
      if (written < group.endOffset) return; // its bytes reach the OS at the end of this turn
    } else if (!this.wanted || written <= this.flushed) {
      return;
    }
    this.next = undefined;
    this.inflight = group;
    this.wanted = false;
    this.syncing = true;
    this.log.sync().then(
      (point) => this.synced(point, group),
      (err: unknown) => this.failed(err, group),
    );
  }

  private synced(point: SyncPoint, group: Group | undefined): void {
    this.syncing = false;
    this.inflight = undefined;
    this.stats.syncs++;
    if (point.offset > this.flushed) {
      this.flushed = point.offset;
      if (point.storeTimestamp > 0) this.flushedTimestamp = point.storeTimestamp;
      this.onFlushed?.(point);
    }
    group?.settle('PUT_OK');
    const next = this.next;
    if (next && next.endOffset <= this.flushed) {
      this.next = undefined;
      next.settle('PUT_OK');
    }
    this.maybeSync();
  }

  private failed(err: unknown, group: Group | undefined): void {
    this.syncing = false;
    this.inflight = undefined;
    this.stats.failures++;
    this.logger?.error({ err }, 'commit log fdatasync failed; waiting puts answer FLUSH_DISK_TIMEOUT');
    group?.settle('FLUSH_DISK_TIMEOUT');
    this.maybeSync(); // puts that joined meanwhile get a sync of their own (or their timeout)
  }
}
