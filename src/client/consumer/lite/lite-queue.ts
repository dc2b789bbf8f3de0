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
import type { ConsumedMessage } from '../consumer-api.js';
import type { CachedQueue } from '../flow-control.js';

/** Consumed entries at the front of a queue's array before it is compacted. */
const compactConsumedMin = 1024;

export class LiteQueue implements CachedQueue {
  readonly controller = new AbortController();
  consumeOffset = -1;
  paused = false;
  private cached: ConsumedMessage[] = [];
  private head = 0;
  private cachedBytes = 0;
  /** Highest offset ever cached; -1 before the first message. */
  private queueOffsetMax = -1;

  constructor(
    readonly queue: MessageQueue,
    public pullOffset: number,
  ) {}

  get dropped(): boolean {
    return this.controller.signal.aborted;
  }

  drop(): void {
    this.controller.abort();
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
      this.cached = [];
      this.head = 0;
    } else if (this.head > compactConsumedMin && this.head * 2 > this.cached.length) {
      this.cached = this.cached.slice(this.head);
      this.head = 0;
    }
    this.consumeOffset = this.messageCount === 0 ? this.queueOffsetMax + 1 : this.cached[this.head]!.queueOffset;
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

/** Batches in arrival order; takers wait for the next one. */
export class BatchCache {
  private readonly batches: PulledBatch[] = [];
  private readonly waiters = new Set<() => void>();
  private cached = 0;

  /** Messages cached over all queues. */
  get messageCount(): number {
    return this.cached;
  }

  push(batch: PulledBatch): void {
    this.batches.push(batch);
    this.cached += batch.messages.length;
    this.wake();
  }

  /** Puts a batch back in front (an iterator that stopped before its end). */
  unshift(batch: PulledBatch): void {
    this.batches.unshift(batch);
    this.cached += batch.messages.length;
    this.wake();
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
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
