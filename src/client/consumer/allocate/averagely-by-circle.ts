// AVG_BY_CIRCLE (AllocateMessageQueueAveragelyByCircle): deal the queues out like cards, so
// client i gets queues i, i + c, i + 2c, ... of the sorted queue list.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import { currentClientIndex, type AllocateStrategy } from './strategy.js';

export class AllocateAveragelyByCircle implements AllocateStrategy {
  readonly name = 'AVG_BY_CIRCLE';

  allocate(consumerGroup: string, currentClientId: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    const index = currentClientIndex(consumerGroup, currentClientId, mqAll, cidAll);
    if (index < 0) return [];
    const result: MessageQueue[] = [];
    for (let i = index; i < mqAll.length; i += cidAll.length) result.push(mqAll[i]!);
    return result;
  }
}
