// The next queue offset of every topic-queue (RocketMQ's topicQueueTable). The store assigns
// offsets when it appends, before the consume queue entry exists (dispatch follows at the end of
// the turn), so the counters live apart from the queues; recovery sets them from the queues.
export class QueueOffsetTable {
  private readonly topics = new Map<string, Map<number, number>>();

  /** The offset the next message of the queue gets. */
  peek(topic: string, queueId: number): number {
    return this.topics.get(topic)?.get(queueId) ?? 0;
  }

  /** Reserves `count` consecutive offsets and returns the first. */
  assign(topic: string, queueId: number, count: number): number {
    let queues = this.topics.get(topic);
    if (!queues) {
      queues = new Map();
      this.topics.set(topic, queues);
    }
    const first = queues.get(queueId) ?? 0;
    queues.set(queueId, first + count);
    return first;
  }

  set(topic: string, queueId: number, next: number): void {
    let queues = this.topics.get(topic);
    if (!queues) {
      queues = new Map();
      this.topics.set(topic, queues);
    }
    queues.set(queueId, next);
  }

  deleteTopic(topic: string): void {
    this.topics.delete(topic);
  }
}
