// How a consumer group splits a topic's queues among its members (behaviours.md §7).
// Every member runs the same strategy on the same inputs and keeps only its own share, so the
// inputs must be identical on every member: the caller (rebalance) sorts both lists with
// sortAllocationInputs before calling allocate, as RocketMQ's RebalanceImpl sorts mqAll and
// cidAll. Strategies themselves never sort.
import { InvalidArgumentError } from '../../../common/errors.js';
import { createLogger, type Logger } from '../../../common/logger.js';
import { compareJavaStrings, compareMessageQueues, type MessageQueue } from '../../../common/message/message-queue.js';

export interface AllocateStrategy {
  /** RocketMQ's strategy name (AVG, AVG_BY_CIRCLE, CONSISTENT_HASH, CONFIG, MACHINE_ROOM, ...). */
  readonly name: string;
  /**
   * The queues of mqAll that currentClientId should consume, in mqAll's order.
   * mqAll and cidAll must be sorted (sortAllocationInputs). Throws InvalidArgumentError for an
   * empty client id or an empty list; returns [] when currentClientId is not in cidAll.
   */
  allocate(
    consumerGroup: string,
    currentClientId: string,
    mqAll: readonly MessageQueue[],
    cidAll: readonly string[],
  ): MessageQueue[];
}

export interface AllocationInputs {
  mqAll: MessageQueue[];
  cidAll: string[];
}

/** Sorted copies, ordered as RocketMQ orders them: queues by MessageQueue.compareTo, ids as strings. */
export function sortAllocationInputs(mqAll: Iterable<MessageQueue>, cidAll: Iterable<string>): AllocationInputs {
  return { mqAll: [...mqAll].sort(compareMessageQueues), cidAll: [...cidAll].sort(compareJavaStrings) };
}

let logger: Logger | undefined;

/**
 * The checks every RocketMQ strategy but CONFIG makes first. Returns the position of the
 * current client in cidAll (its first occurrence, as Java's indexOf), or -1 when it is absent:
 * the member list is stale, which is logged and answered with an empty allocation.
 */
export function currentClientIndex(
  consumerGroup: string,
  currentClientId: string,
  mqAll: readonly MessageQueue[],
  cidAll: readonly string[],
): number {
  if (currentClientId === '') throw new InvalidArgumentError('current client id is empty');
  if (mqAll.length === 0) throw new InvalidArgumentError('no message queues to allocate');
  if (cidAll.length === 0) throw new InvalidArgumentError('no client ids to allocate among');
  const index = cidAll.indexOf(currentClientId);
  if (index < 0) {
    logger ??= createLogger('allocate');
    logger.warn({ consumerGroup, currentClientId, cidAll }, 'current client is not in the consumer list; allocating nothing');
  }
  return index;
}
