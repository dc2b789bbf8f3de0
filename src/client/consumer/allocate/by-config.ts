// CONFIG (AllocateMessageQueueByConfig): a fixed list of queues, whatever the topic's queues and
// the group's members are. Like RocketMQ it checks nothing, so it also works with empty inputs.
import type { MessageQueue } from '../../../common/message/message-queue.js';
import type { AllocateStrategy } from './strategy.js';

export class AllocateByConfig implements AllocateStrategy {
  readonly name = 'CONFIG';
  private readonly messageQueues: readonly MessageQueue[];

  constructor(messageQueues: readonly MessageQueue[]) {
    this.messageQueues = [...messageQueues];
  }

  allocate(): MessageQueue[] {
    return [...this.messageQueues];
  }
}
