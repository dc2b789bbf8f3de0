// Long polling (PullRequestHoldService): a pull that found nothing new and may be suspended is
// held here, keyed by topic@queueId, until one of:
//   - a message arrives for its queue at or past its offset and passes its filter's tags code
//     check (the store's "message arrived" event)                       -> woken
//   - the periodic check (every checkIntervalMs) sees the queue's max offset past its offset
//     (whatever the filter: the re-run pull then answers NO_MATCHED or FOUND) -> woken
//   - its deadline passes                                                -> woken (answers PULL_NOT_FOUND)
//   - its connection closes                                              -> dropped, nothing sent
// "Woken" means the owner's callback re-runs the pull without suspending and answers it; the
// service knows nothing about pulls beyond what HeldPull says. One timer serves every held
// pull: it fires at the earliest deadline or the next periodic check, whichever comes first;
// it is re-armed only when it fires while pulls are held or an earlier time is needed.
import type { Logger } from '../../common/logger.js';
import type { MessageArrival, MessageFilter } from '../../store/api.js';

/** Pulls held per queue; past it a pull is answered at once (RocketMQ has no bound). */
export const heldPullsPerQueueMax = 1024;

export interface HeldPull {
  readonly topic: string;
  readonly queueId: number;
  /** The queue offset the pull asked for: it waits for the queue to grow past it. */
  readonly fromOffset: number;
  /** When to give up waiting (ms since the epoch). */
  readonly deadline: number;
  readonly filter: MessageFilter;
  /** Whose pull it is (its connection): dropOwner forgets all of an owner's pulls. */
  readonly owner: object;
  /** Re-runs the pull without suspending and sends its answer. Called at most once. */
  wake(): void;
}

export interface PullHoldServiceOptions {
  /** Next offset to be written in a queue (the store's). */
  maxOffsetInQueue(topic: string, queueId: number): number;
  /** Time between re-checks of every held pull against its queue's max offset. */
  checkIntervalMs: number;
  logger: Logger;
  now?: () => number;
}

function queueKey(topic: string, queueId: number): string {
  return `${topic}@${queueId}`;
}

export class PullHoldService {
  private readonly byQueue = new Map<string, Set<HeldPull>>();
  private readonly byOwner = new Map<object, Set<HeldPull>>();
  private held = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private nextCheckAt = Infinity;
  private readonly now: () => number;

  constructor(private readonly options: PullHoldServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Pulls held right now. */
  get size(): number {
    return this.held;
  }

  /** Holds `pull`; false when its queue already holds heldPullsPerQueueMax (the caller answers at once). */
  hold(pull: HeldPull): boolean {
    const key = queueKey(pull.topic, pull.queueId);
    let queue = this.byQueue.get(key);
    if (queue === undefined) {
      queue = new Set();
      this.byQueue.set(key, queue);
    } else if (queue.size >= heldPullsPerQueueMax) {
      return false;
    }
    queue.add(pull);
    let owned = this.byOwner.get(pull.owner);
    if (owned === undefined) {
      owned = new Set();
      this.byOwner.set(pull.owner, owned);
    }
    owned.add(pull);
    if (this.held++ === 0) this.nextCheckAt = this.now() + this.options.checkIntervalMs;
    this.arm(Math.min(pull.deadline, this.nextCheckAt));
    return true;
  }

  /** A consume queue entry was added: wakes the pulls of its queue it satisfies. */
  notifyMessageArriving(arrival: MessageArrival): void {
    const queue = this.byQueue.get(queueKey(arrival.topic, arrival.queueId));
    if (queue === undefined) return;
    const newMax = arrival.queueOffset + 1;
    // Deleting the visited entry while iterating a Set is safe, and a wake adds no pull.
    for (const pull of queue) {
      if (newMax > pull.fromOffset && matches(pull.filter, arrival)) this.wake(pull);
    }
  }

  /** Forgets the pulls of an owner (its connection closed): nobody is left to answer. */
  dropOwner(owner: object): void {
    const owned = this.byOwner.get(owner);
    if (owned === undefined) return;
    for (const pull of owned) this.remove(pull);
  }

  /** Re-checks every held pull: queue grown past it, or deadline passed -> woken. */
  private check(): void {
    const now = this.now();
    if (now >= this.nextCheckAt) {
      this.nextCheckAt = now + this.options.checkIntervalMs;
      for (const queue of [...this.byQueue.values()]) {
        const first = queue.values().next().value;
        if (first === undefined) continue;
        const max = this.options.maxOffsetInQueue(first.topic, first.queueId);
        for (const pull of [...queue]) if (max > pull.fromOffset || now >= pull.deadline) this.wake(pull);
      }
    } else {
      for (const queue of [...this.byQueue.values()]) for (const pull of [...queue]) if (now >= pull.deadline) this.wake(pull);
    }
    this.rearm();
  }

  private wake(pull: HeldPull): void {
    if (!this.remove(pull)) return;
    try {
      pull.wake();
    } catch (err) {
      this.options.logger.error({ err, topic: pull.topic, queueId: pull.queueId }, 'woken pull failed');
    }
  }

  /** False when `pull` was not held (already woken or dropped). */
  private remove(pull: HeldPull): boolean {
    const key = queueKey(pull.topic, pull.queueId);
    const queue = this.byQueue.get(key);
    if (queue === undefined || !queue.delete(pull)) return false;
    if (queue.size === 0) this.byQueue.delete(key);
    const owned = this.byOwner.get(pull.owner);
    owned?.delete(pull);
    if (owned?.size === 0) this.byOwner.delete(pull.owner);
    // The timer stays armed when nothing is held: it finds nothing, and a pull held meanwhile
    // reuses it (no timer per message when each held pull is woken at once).
    if (--this.held === 0) this.nextCheckAt = Infinity;
    return true;
  }

  private rearm(): void {
    if (this.held === 0) return;
    let earliest = this.nextCheckAt;
    for (const queue of this.byQueue.values()) for (const pull of queue) if (pull.deadline < earliest) earliest = pull.deadline;
    this.clearTimer();
    this.arm(earliest);
  }

  private arm(at: number): void {
    if (at >= this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.check();
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

function matches(filter: MessageFilter, arrival: MessageArrival): boolean {
  if (!filter.matchesTagsCode(arrival.tagsCode)) return false;
  return filter.matchesProperties === undefined || filter.matchesProperties(arrival.properties());
}
