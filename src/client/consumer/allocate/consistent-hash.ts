// CONSISTENT_HASH (AllocateMessageQueueConsistentHash): each queue goes to the client that owns
// the hash of the queue's Java toString() text on a ring of client points. A member joining or
// leaving moves only the queues next to its points.
import { InvalidArgumentError } from '../../../common/errors.js';
import { mqJavaString, type MessageQueue } from '../../../common/message/message-queue.js';
import { ConsistentHashRing, md5Hash, type HashFunction } from './consistent-hash-ring.js';
import { currentClientIndex, type AllocateStrategy } from './strategy.js';

/** RocketMQ's default number of ring points per client. */
export const consistentHashVirtualNodeCountDefault = 10;
/** Our bound: the ring costs clients x this many MD5s per rebalance. */
export const consistentHashVirtualNodeCountMax = 1024;

export interface ConsistentHashOptions {
  virtualNodeCount?: number;
  /** Replaces MD5; every member of the group must use the same one. */
  hash?: HashFunction;
}

export class AllocateConsistentHash implements AllocateStrategy {
  readonly name = 'CONSISTENT_HASH';
  readonly virtualNodeCount: number;
  private readonly hash: HashFunction;

  constructor(options: ConsistentHashOptions = {}) {
    const count = options.virtualNodeCount ?? consistentHashVirtualNodeCountDefault;
    if (!Number.isInteger(count) || count < 0 || count > consistentHashVirtualNodeCountMax) {
      throw new InvalidArgumentError(
        `virtual node count must be an integer from 0 to ${consistentHashVirtualNodeCountMax}, not ${count}`,
      );
    }
    this.virtualNodeCount = count;
    this.hash = options.hash ?? md5Hash;
  }

  allocate(consumerGroup: string, currentClientId: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    if (currentClientIndex(consumerGroup, currentClientId, mqAll, cidAll) < 0) return [];
    const ring = new ConsistentHashRing(cidAll, this.virtualNodeCount, this.hash);
    return mqAll.filter((mq) => ring.route(mqJavaString(mq)) === currentClientId);
  }
}
