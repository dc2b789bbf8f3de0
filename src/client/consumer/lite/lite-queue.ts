// A queue a lite pull consumer reads, and the cache of pulled batches waiting for poll()
// (RocketMQ's AssignedMessageQueue entries and consumeRequestCache). A queue's offsets:
//   pullOffset     where its next pull starts;
//   consumeOffset  one past what poll() has handed out (with iterators: what the caller is done
//                  with), -1 before anything; this is what commits store.
// A seek replaces the queue's record: the old one is dropped, with its cached batches.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import type { ConsumedMessage } from '../consumer-api.js';
import { ProcessQueue } from '../process-queue.js';

export class LiteQueue {
  readonly pq = new ProcessQueue();
  readonly controller = new AbortController();
  consumeOffset = -1;
  paused = false;

  constructor(
    readonly queue: MessageQueue,
    public pullOffset: number,
  ) {}

  get dropped(): boolean {
    return this.pq.dropped;
  }

  drop(): void {
    this.pq.dropped = true;
    this.controller.abort();
  }

  /** Marks messages of this queue as consumed and moves consumeOffset. */
  consumed(messages: readonly ConsumedMessage[]): void {
    const offset = this.pq.removeMessages(messages);
    if (offset >= 0) this.consumeOffset = offset;
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
