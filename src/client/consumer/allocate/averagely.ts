// AVG, RocketMQ's default (AllocateMessageQueueAveragely): contiguous blocks in queue order.
// With n queues and c clients, every client gets floor(n/c) queues and the first n % c clients
// one more; when c > n the clients at index >= n get nothing.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { currentClientIndex, type AllocateStrategy } from './strategy.js';

export class AllocateAveragely implements AllocateStrategy {
  readonly name = 'AVG';

  allocate(consumerGroup: string, currentClientId: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    const index = currentClientIndex(consumerGroup, currentClientId, mqAll, cidAll);
    if (index < 0) return [];
    const queueCount = mqAll.length;
    const clientCount = cidAll.length;
    const extra = queueCount % clientCount;
    const takesExtra = index < extra;
    const blockSize = queueCount <= clientCount ? 1 : Math.floor(queueCount / clientCount) + (takesExtra ? 1 : 0);
    // Clients before `extra` hold one queue more each, so later blocks shift by `extra`.
    const start = takesExtra ? index * blockSize : index * blockSize + extra;
    return mqAll.slice(start, start + blockSize);
  }
}
