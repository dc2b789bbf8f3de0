// MACHINE_ROOM (AllocateMessageQueueByMachineRoom): only queues on brokers named
// "<idc>@<name>" whose <idc> is one of the consumer's IDCs count; they are split into blocks of
// floor(k/c) per client over all c clients, and the k % c left over at the end go one each to
// the first clients. An empty IDC set allocates nothing, as in RocketMQ.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { currentClientIndex, type AllocateStrategy } from './strategy.js';

export class AllocateByMachineRoom implements AllocateStrategy {
  readonly name = 'MACHINE_ROOM';
  private readonly consumerIdcs: ReadonlySet<string>;

  constructor(consumerIdcs: Iterable<string>) {
    this.consumerIdcs = new Set(consumerIdcs);
  }

  allocate(consumerGroup: string, currentClientId: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    const index = currentClientIndex(consumerGroup, currentClientId, mqAll, cidAll);
    if (index < 0) return [];
    const eligible = mqAll.filter((mq) => {
      const parts = javaSplitAt(mq.brokerName);
      return parts.length === 2 && this.consumerIdcs.has(parts[0]!);
    });
    const blockSize = Math.floor(eligible.length / cidAll.length);
    const leftOver = eligible.length % cidAll.length;
    const result = eligible.slice(index * blockSize, index * blockSize + blockSize);
    if (index < leftOver) result.push(eligible[index + blockSize * cidAll.length]!);
    return result;
  }
}

/**
 * Java's brokerName.split("@"): trailing empty parts are dropped, so "room@broker@" has two
 * parts and "room@" one. RocketMQ requires exactly two.
 */
function javaSplitAt(brokerName: string): string[] {
  const parts = brokerName.split('@');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
