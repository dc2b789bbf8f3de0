// Queue locks of orderly consumers (RebalanceLockManager, behaviours.md §8): per group, each
// queue is held by at most one client id. A lock lasts lockMaxLiveTimeMs after its last
// refresh; clients refresh theirs every 20 s. State lives in memory only, as in RocketMQ: after a
// broker restart the clients simply lock again.
import type { Logger } from '../../common/logger.js';
import { mqKey, type MessageQueue } from '../../common/message/message-queue.js';

/** A lock not refreshed for this long is free for another client (rocketmq.broker.rebalance.lockMaxLiveTime). */
export const lockMaxLiveTimeMsDefault = 60_000;

interface LockEntry {
  mq: MessageQueue;
  clientId: string;
  lastUpdateTimestamp: number;
}

export interface RebalanceLockManagerOptions {
  logger: Logger;
  lockMaxLiveTimeMs?: number;
  now?: () => number;
}

export class RebalanceLockManager {
  /** group -> mqKey -> lock. */
  private readonly table = new Map<string, Map<string, LockEntry>>();
  private readonly lockMaxLiveTimeMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(options: RebalanceLockManagerOptions) {
    this.logger = options.logger;
    this.lockMaxLiveTimeMs = options.lockMaxLiveTimeMs ?? lockMaxLiveTimeMsDefault;
    this.now = options.now ?? Date.now;
  }

  /**
   * Locks (or refreshes) each queue that is free, expired, or already this client's; returns
   * the queues the client holds afterwards. Queues held by a live other client are left out.
   */
  tryLockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): MessageQueue[] {
    const now = this.now();
    let locks = this.table.get(group);
    if (locks === undefined) {
      locks = new Map();
      this.table.set(group, locks);
    }
    const held: MessageQueue[] = [];
    const seen = new Set<string>();
    for (const mq of mqs) {
      const key = mqKey(mq);
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = locks.get(key);
      if (entry === undefined) {
        locks.set(key, { mq, clientId, lastUpdateTimestamp: now });
        held.push(mq);
      } else if (entry.clientId === clientId || this.isExpired(entry, now)) {
        if (entry.clientId !== clientId) this.logger.warn({ group, mq, from: entry.clientId, to: clientId }, 'expired queue lock taken over');
        entry.clientId = clientId;
        entry.lastUpdateTimestamp = now;
        held.push(mq);
      }
    }
    if (locks.size === 0) this.table.delete(group);
    return held;
  }

  /** Releases the queues this client holds; those held by others stay locked. */
  unlockBatch(group: string, mqs: readonly MessageQueue[], clientId: string): void {
    const locks = this.table.get(group);
    if (locks === undefined) return;
    for (const mq of mqs) {
      const key = mqKey(mq);
      const entry = locks.get(key);
      if (entry === undefined) continue;
      if (entry.clientId === clientId) locks.delete(key);
      else this.logger.warn({ group, mq, holder: entry.clientId, clientId }, 'unlock refused: queue locked by another client');
    }
    if (locks.size === 0) this.table.delete(group);
  }

  private isExpired(entry: LockEntry, now: number): boolean {
    return now - entry.lastUpdateTimestamp > this.lockMaxLiveTimeMs;
  }
}
