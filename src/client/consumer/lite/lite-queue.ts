// A queue a lite pull consumer reads, and the cache of pulled batches waiting for poll()
// (RocketMQ's AssignedMessageQueue entries and consumeRequestCache). A queue's offsets:
//   pullOffset     where its next pull starts;
//   consumeOffset  one past what poll() has handed out (with iterators: what the caller is done
//                  with), -1 before anything; this is what commits store.
// A seek replaces the queue's record: the old one is dropped, with its cached batches.
//
// The queue's cached messages (pulled, not yet consumed) are kept in queue order in one array
// with a moving head: poll() and iterators consume from the front, so consuming is a head move
// and a pull's batch is appended without any per-message record. The counts feed flow control.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import type { ProcessQueueInfo } from '../../../remoting/protocol/bodies/consumer-running-info.js';
import type { ConsumedMessage } from '../consumer-api.js';
import type { CachedQueue } from '../flow-control.js';

/** Consumed entries at the front of a queue's array before it is compacted. */
const compactConsumedMin = 1024;

export class LiteQueue implements CachedQueue {
  /** Aborted when the queue is dropped: ends the pull loop's pauses. */
  readonly controller = new AbortController();
  consumeOffset = -1;
  paused = false;
  private isDropped = false;
  /** Called once when the queue is dropped (the pull loop stops waiting). */
  private onDrop: (() => void) | undefined;
  private cached: ConsumedMessage[] = [];
  private head = 0;
  private cachedBytes = 0;
  /** Highest offset ever cached; -1 before the first message. */
  private queueOffsetMax = -1;
  private lastPullTimestamp = Date.now();
  private lastConsumeTimestamp = Date.now();

  constructor(
    readonly queue: MessageQueue,
    public pullOffset: number,
  ) {}

  get dropped(): boolean {
    return this.isDropped;
  }

  drop(): void {
    if (this.isDropped) return;
    this.isDropped = true;
    this.controller.abort();
    const onDrop = this.onDrop;
    this.onDrop = undefined;
    onDrop?.();
  }

  /** `promise`'s value, or undefined as soon as the queue is dropped (at once if it is already). */
  untilDropped<T>(promise: Promise<T>): Promise<T | undefined> {
    if (this.isDropped) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      this.onDrop = () => resolve(undefined);
      promise.then(
        (value) => {
          this.onDrop = undefined;
          resolve(value);
        },
        (error: unknown) => {
          this.onDrop = undefined;
          reject(error as Error);
        },
      );
    });
  }

  /** Messages pulled and not yet consumed. */
  get messageCount(): number {
    return this.cached.length - this.head;
  }

  /** Bytes of their bodies. */
  get messageSizeBytes(): number {
    return this.cachedBytes;
  }

  /** Highest minus lowest cached offset (0 when nothing is cached). */
  maxSpan(): number {
    return this.messageCount === 0 ? 0 : this.cached[this.cached.length - 1]!.queueOffset - this.cached[this.head]!.queueOffset;
  }

  /** Caches a pulled batch (queue order, after everything cached so far). */
  cache(messages: readonly ConsumedMessage[]): void {
    this.lastPullTimestamp = Date.now();
    for (const message of messages) {
      this.cached.push(message);
      this.cachedBytes += message.body.length;
    }
    const last = messages[messages.length - 1];
    if (last !== undefined) this.queueOffsetMax = Math.max(this.queueOffsetMax, last.queueOffset);
  }

  /**
   * Marks messages of this queue as consumed and moves consumeOffset to the smallest offset
   * still cached, or one past the highest ever cached when none is left.
   */
  consumed(messages: readonly ConsumedMessage[]): void {
    if (messages.length === 0 || this.messageCount === 0) return;
    this.lastConsumeTimestamp = Date.now();
    if (this.atFront(messages)) {
      for (let i = 0; i < messages.length; i++) this.cachedBytes -= messages[i]!.body.length;
      this.head += messages.length;
    } else {
      // Taken out of order (poll() and an iterator reading the same consumer at once).
      const gone = new Set(messages);
      const kept = this.cached.slice(this.head).filter((m) => !gone.has(m));
      for (const m of this.cached.slice(this.head)) if (gone.has(m)) this.cachedBytes -= m.body.length;
      this.cached = kept;
      this.head = 0;
    }
    if (this.head === this.cached.length) {
      this.cached.length = 0;
      this.head = 0;
    } else if (this.head > compactConsumedMin && this.head * 2 > this.cached.length) {
      this.cached = this.cached.slice(this.head);
      this.head = 0;
    }
    this.consumeOffset = this.messageCount === 0 ? this.queueOffsetMax + 1 : this.cached[this.head]!.queueOffset;
  }

  /** The queue as ConsumerRunningInfo reports it; `commitOffset` is the offset store's. */
  info(commitOffset: number): ProcessQueueInfo {
    const count = this.messageCount;
    return {
      commitOffset,
      cachedMsgMinOffset: count > 0 ? this.cached[this.head]!.queueOffset : 0,
      cachedMsgMaxOffset: count > 0 ? this.cached[this.cached.length - 1]!.queueOffset : 0,
      cachedMsgCount: count,
      cachedMsgSizeInMiB: Math.floor(this.cachedBytes / (1024 * 1024)),
      transactionMsgMinOffset: 0,
      transactionMsgMaxOffset: 0,
      transactionMsgCount: 0,
      locked: false,
      tryUnlockTimes: 0,
      lastLockTimestamp: 0,
      droped: this.isDropped,
      lastPullTimestamp: this.lastPullTimestamp,
      lastConsumeTimestamp: this.lastConsumeTimestamp,
    };
  }

  private atFront(messages: readonly ConsumedMessage[]): boolean {
    if (this.head + messages.length > this.cached.length) return false;
    for (let i = 0; i < messages.length; i++) if (this.cached[this.head + i] !== messages[i]) return false;
    return true;
  }
}

/** Pulled messages of one queue, in queue order. */
export interface PulledBatch {
  readonly entry: LiteQueue;
  readonly messages: ConsumedMessage[];
}

/** A poll() waiting for a batch. */
interface Waiter {
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: () => void;
}

/**
 * Batches in arrival order; takers wait for the next one. Waiting costs no timer and no abort
 * listener per wait: one timer serves every waiter's deadline (re-armed only when it fires or
 * an earlier deadline comes; it keeps the process alive only while someone waits), and each
 * signal gets one abort listener for the cache's lifetime.
 */
export class BatchCache {
  private readonly batches: PulledBatch[] = [];
  private readonly waiters = new Set<Waiter>();
  /** The abort listener of each signal a waiter brought (removed by close()). */
  private readonly abortListeners = new Map<AbortSignal, () => void>();
  private cached = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** Messages cached over all queues. */
  get messageCount(): number {
    return this.cached;
  }

  push(batch: PulledBatch): void {
    this.batches.push(batch);
    this.cached += batch.messages.length;
    this.wakeAll();
  }

  /** Puts a batch back in front (an iterator that stopped before its end). */
  unshift(batch: PulledBatch): void {
    this.batches.unshift(batch);
    this.cached += batch.messages.length;
    this.wakeAll();
  }

  /** The oldest batch of a queue still read, if any. */
  shift(): PulledBatch | undefined {
    for (;;) {
      const batch = this.batches.shift();
      if (batch === undefined) return undefined;
      this.cached -= batch.messages.length;
      if (!batch.entry.dropped) return batch;
    }
  }

  /** Forgets the batches of a queue. */
  remove(entry: LiteQueue): void {
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const batch = this.batches[i]!;
      if (batch.entry !== entry) continue;
      this.batches.splice(i, 1);
      this.cached -= batch.messages.length;
    }
  }

  /** Resolves when a batch arrives, `timeoutMs` passes, the signal aborts or wakeAll() is called. */
  wait(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted || timeoutMs <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const deadline = Date.now() + timeoutMs;
      this.waiters.add({ deadline, signal, resolve });
      if (signal !== undefined && !this.abortListeners.has(signal)) {
        const listener = (): void => this.wakeAborted(signal);
        this.abortListeners.set(signal, listener);
        signal.addEventListener('abort', listener, { once: true });
      }
      if (deadline < this.timerAt) this.arm(deadline);
      else this.timer?.ref();
    });
  }

  /** Wakes every waiter (a batch arrived, or the consumer stops). */
  wakeAll(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    this.timer?.unref();
    for (const waiter of waiters) waiter.resolve();
  }

  /** Wakes every waiter and lets go of the timer and the signals (the consumer stops). */
  close(): void {
    this.wakeAll();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    for (const [signal, listener] of this.abortListeners) signal.removeEventListener('abort', listener);
    this.abortListeners.clear();
  }

  private wakeAborted(signal: AbortSignal): void {
    this.abortListeners.delete(signal);
    for (const waiter of this.waiters) {
      if (waiter.signal !== signal) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
    if (this.waiters.size === 0) this.timer?.unref();
  }

  /** The timer fired: wakes the waiters whose deadline passed, then waits for the next deadline. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const waiter of this.waiters) {
      if (waiter.deadline <= now) {
        this.waiters.delete(waiter);
        waiter.resolve();
      } else if (waiter.deadline < next) {
        next = waiter.deadline;
      }
    }
    if (next !== Infinity) this.arm(next);
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
  }
}
