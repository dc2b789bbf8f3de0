// A queue's messages between pull and commit (RocketMQ's ProcessQueue): what was pulled and not
// yet consumed, in queue-offset order, with the counts that drive flow control, and for orderly
// consumption the messages taken but not yet committed. Also the queue's flags: dropped (the
// queue left this consumer; its pull loop and consumers stop), locked (orderly: the broker lock
// is held) and the timestamps of the last pull, consumption and lock.
//
// Offsets to commit: concurrent consumption finishes messages out of order, so the offset a
// queue may commit is the smallest offset still cached (everything below it is done), or, when
// nothing is cached, one past the highest offset ever cached (removeMessages).
// Removal is lazy: removed entries stay in the array, flagged, until they reach either end, so
// finishing a message costs O(1) amortized whatever its position; the dead front is cut off
// once it holds more than compactDeadEntriesMin entries and half the array.
import type { ProcessQueueInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import type { ConsumedMessage } from './consumer-api.js';

/** Java's rocketmq.client.rebalance.lockMaxLiveTime: a lock not renewed for this long is treated as lost. */
export const lockMaxLiveTimeMs = 30_000;
/** Java's rocketmq.client.pull.pullMaxIdleTime: a queue not pulled for this long is dropped by the rebalance. */
export const pullMaxIdleTimeMs = 120_000;
/** Removed entries at the front before the array is compacted. */
const compactDeadEntriesMin = 1024;

interface Entry {
  message: ConsumedMessage;
  removed: boolean;
}

export class ProcessQueue {
  private entries: Entry[] = [];
  private head = 0;
  private readonly byOffset = new Map<number, Entry>();
  /** Orderly: taken by takeMessages, not yet committed. */
  private readonly consumingOrderly = new Map<number, ConsumedMessage>();
  private count = 0;
  private sizeBytes = 0;
  /** Highest offset ever cached; -1 before the first message. */
  private queueOffsetMax = -1;

  dropped = false;
  /** Orderly: the broker lock is held. */
  locked = false;
  lastLockTimestamp = 0;
  lastPullTimestamp = Date.now();
  /** When messages were last finished (concurrently) or committed (orderly). */
  lastConsumeTimestamp = Date.now();
  /** Orderly: a consume loop owns this queue (set by putMessages, cleared by takeMessages when empty). */
  consuming = false;
  /** Orderly: UNLOCK skipped because a handler was running. */
  tryUnlockTimes = 0;

  /** Cached messages, the orderly ones being consumed included. */
  get messageCount(): number {
    return this.count;
  }

  /** Bytes of cached bodies, the orderly ones being consumed included. */
  get messageSizeBytes(): number {
    return this.sizeBytes;
  }

  /**
   * Caches pulled messages (offsets already cached are ignored). Returns whether an orderly
   * consume loop must be started: there are messages and none is running (it is now marked as
   * running).
   */
  putMessages(messages: readonly ConsumedMessage[]): boolean {
    for (const message of messages) {
      const offset = message.queueOffset;
      if (this.byOffset.has(offset) || this.consumingOrderly.has(offset)) continue;
      const entry: Entry = { message, removed: false };
      if (offset > this.queueOffsetMax) {
        this.entries.push(entry);
        this.queueOffsetMax = offset;
      } else {
        this.insertSorted(entry);
      }
      this.byOffset.set(offset, entry);
      this.count++;
      this.sizeBytes += message.body.length;
    }
    if (this.byOffset.size > 0 && !this.consuming) {
      this.consuming = true;
      return true;
    }
    return false;
  }

  /** Highest minus lowest cached offset (0 when nothing is cached). */
  maxSpan(): number {
    const first = this.firstEntry();
    const last = this.lastEntry();
    return first === undefined || last === undefined ? 0 : last.message.queueOffset - first.message.queueOffset;
  }

  /**
   * Forgets consumed messages and returns the offset the queue may commit: the smallest offset
   * still cached, or one past the highest ever cached when none is left; -1 when nothing was
   * cached to begin with.
   */
  removeMessages(messages: readonly ConsumedMessage[]): number {
    if (this.byOffset.size === 0) return -1;
    this.lastConsumeTimestamp = Date.now();
    for (const message of messages) {
      const entry = this.byOffset.get(message.queueOffset);
      if (entry === undefined) continue;
      entry.removed = true;
      this.byOffset.delete(message.queueOffset);
      this.count--;
      this.sizeBytes -= entry.message.body.length;
    }
    this.trim();
    const first = this.firstEntry();
    return first === undefined ? this.queueOffsetMax + 1 : first.message.queueOffset;
  }

  /** Orderly: takes up to `batchSize` messages from the front; none left clears `consuming`. */
  takeMessages(batchSize: number): ConsumedMessage[] {
    const taken: ConsumedMessage[] = [];
    while (taken.length < batchSize) {
      const entry = this.firstEntry();
      if (entry === undefined) break;
      entry.removed = true;
      this.byOffset.delete(entry.message.queueOffset);
      this.consumingOrderly.set(entry.message.queueOffset, entry.message);
      taken.push(entry.message);
      this.trim();
    }
    if (taken.length === 0) this.consuming = false;
    return taken;
  }

  /** Orderly: the taken messages are done; returns the offset to commit (-1 when none were taken). */
  commit(): number {
    this.lastConsumeTimestamp = Date.now();
    let highest = -1;
    for (const [offset, message] of this.consumingOrderly) {
      highest = Math.max(highest, offset);
      this.count--;
      this.sizeBytes -= message.body.length;
    }
    this.consumingOrderly.clear();
    return highest < 0 ? -1 : highest + 1;
  }

  /** Orderly: the taken messages go back to the front, to be taken again. */
  makeMessagesToConsumeAgain(messages: readonly ConsumedMessage[]): void {
    for (const message of messages) {
      if (!this.consumingOrderly.delete(message.queueOffset)) continue;
      const entry: Entry = { message, removed: false };
      this.insertSorted(entry);
      this.byOffset.set(message.queueOffset, entry);
    }
  }

  /**
   * The queue as ConsumerRunningInfo reports it (Java's fillProcessQueueInfo): the cached
   * messages waiting, and for orderly consumption the ones taken and not yet committed (Java's
   * "transaction" messages); `commitOffset` is the offset store's.
   */
  info(commitOffset: number): ProcessQueueInfo {
    const first = this.firstEntry();
    const last = this.lastEntry();
    const taken = [...this.consumingOrderly.keys()];
    return {
      commitOffset,
      cachedMsgMinOffset: first?.message.queueOffset ?? 0,
      cachedMsgMaxOffset: last?.message.queueOffset ?? 0,
      cachedMsgCount: this.byOffset.size,
      cachedMsgSizeInMiB: Math.floor(this.sizeBytes / (1024 * 1024)),
      transactionMsgMinOffset: taken.length > 0 ? Math.min(...taken) : 0,
      transactionMsgMaxOffset: taken.length > 0 ? Math.max(...taken) : 0,
      transactionMsgCount: taken.length,
      locked: this.locked,
      tryUnlockTimes: this.tryUnlockTimes,
      lastLockTimestamp: this.lastLockTimestamp,
      droped: this.dropped,
      lastPullTimestamp: this.lastPullTimestamp,
      lastConsumeTimestamp: this.lastConsumeTimestamp,
    };
  }

  /** Whether messages wait to be consumed (not counting orderly ones being consumed). */
  hasTempMessage(): boolean {
    return this.byOffset.size > 0;
  }

  isLockExpired(now = Date.now()): boolean {
    return now - this.lastLockTimestamp > lockMaxLiveTimeMs;
  }

  isPullExpired(now = Date.now()): boolean {
    return now - this.lastPullTimestamp > pullMaxIdleTimeMs;
  }

  private firstEntry(): Entry | undefined {
    this.trim();
    return this.head < this.entries.length ? this.entries[this.head] : undefined;
  }

  private lastEntry(): Entry | undefined {
    this.trim();
    return this.head < this.entries.length ? this.entries[this.entries.length - 1] : undefined;
  }

  /** Drops removed entries from both ends; compacts when the dead front is large. */
  private trim(): void {
    const entries = this.entries;
    while (this.head < entries.length && entries[this.head]!.removed) this.head++;
    while (entries.length > this.head && entries[entries.length - 1]!.removed) entries.pop();
    if (this.head === entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > compactDeadEntriesMin && this.head * 2 > entries.length) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Inserts below the tail (rare: orderly put-backs, a pull answering offsets already passed). */
  private insertSorted(entry: Entry): void {
    const offset = entry.message.queueOffset;
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.message.queueOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.head && this.head > 0) {
      this.entries[--this.head] = entry;
    } else {
      this.entries.splice(lo, 0, entry);
    }
  }
}
