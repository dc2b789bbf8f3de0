// The next queue offset of every topic-queue (RocketMQ's topicQueueTable). The store assigns
// offsets when it appends, before the consume queue entry exists (dispatch follows at the end of
// the turn), so the counters live apart from the queues; recovery sets them from the queues.
// Each queue's counter is a small mutable object: a put finds it once, reads the offset for its
// record and advances it after the append succeeded.

/** The offset the next message of one topic-queue gets. */
export interface QueueCounter {
  next: number;
}

export class QueueOffsetTable {
  private readonly topics = new Map<string, Map<number, QueueCounter>>();

  /** The queue's counter, created at 0 for a queue not seen yet. */
  counter(topic: string, queueId: number): QueueCounter {
    let queues = this.topics.get(topic);
    if (!queues) {
      queues = new Map();
      this.topics.set(topic, queues);
    }
    let counter = queues.get(queueId);
    if (!counter) {
      counter = { next: 0 };
      queues.set(queueId, counter);
    }
    return counter;
  }

  set(topic: string, queueId: number, next: number): void {
    this.counter(topic, queueId).next = next;
  }

  deleteTopic(topic: string): void {
    this.topics.delete(topic);
  }
}
