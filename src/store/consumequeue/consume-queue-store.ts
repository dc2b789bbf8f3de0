// Every consume queue of the store, <root>/consumequeue/<topic>/<queueId>/, created on first
// dispatch. Entries collect in memory (reads see them) and are written in bulk: when the
// buffered total passes `drainThresholdBytes`, at each consume queue flush, and at shutdown.
// Nothing is lost by waiting: after a crash, recovery rebuilds every entry past the last
// flush from the commit log.
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { FileIO } from '../io/file-io.js';
import { ConsumeQueue } from './consume-queue.js';
import { cqEntrySizeBytes } from './cq-entry.js';
import { dropSegmentsAfterHole } from '../recovery/store-segment-gaps.js';

const queueIdPattern = /^\d{1,9}$/;
/** Buffered entry bytes, over all queues, that trigger a write of them all. */
export const drainThresholdBytes = 1024 * 1024;

export class ConsumeQueueStore {
  private readonly topics = new Map<string, Map<number, ConsumeQueue>>();
  private readonly dirty = new Set<ConsumeQueue>();
  private pendingBytes = 0;
  /** Queues written since the last sync. */
  private readonly unsynced = new Set<ConsumeQueue>();

  constructor(
    private readonly io: FileIO,
    readonly dir: string,
    private readonly segmentSizeBytes: number,
    private readonly log: Logger,
  ) {}

  /**
   * Opens the queues found on disk (their ends are set by recovery). After a crash
   * (`afterCrash` given), segments after a hole are deleted first (store-segment-gaps.ts).
   */
  load(afterCrash?: Logger): ConsumeQueue[] {
    const loaded: ConsumeQueue[] = [];
    for (const topic of this.io.list(this.dir)) {
      for (const id of this.io.list(join(this.dir, topic))) {
        if (!queueIdPattern.test(id)) continue;
        if (afterCrash) dropSegmentsAfterHole(this.io, join(this.dir, topic, id), this.segmentSizeBytes, afterCrash);
        loaded.push(this.create(topic, Number(id)));
      }
    }
    return loaded;
  }

  find(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.topics.get(topic)?.get(queueId);
  }

  findOrCreate(topic: string, queueId: number): ConsumeQueue {
    return this.find(topic, queueId) ?? this.create(topic, queueId);
  }

  private create(topic: string, queueId: number): ConsumeQueue {
    let queues = this.topics.get(topic);
    if (!queues) {
      queues = new Map();
      this.topics.set(topic, queues);
    }
    const cq = new ConsumeQueue(this.io, this.dir, topic, queueId, this.segmentSizeBytes, this.log);
    queues.set(queueId, cq);
    return cq;
  }

  /** Adds an entry; the queue is written at the next `drain`. */
  append(topic: string, queueId: number, queueOffset: number, phyOffset: number, size: number, tagsCode: number): ConsumeQueue | undefined {
    const cq = this.findOrCreate(topic, queueId);
    // A queue joins the dirty set when it gets its first unwritten entry (drain empties both).
    const hadPending = cq.hasPending();
    if (!cq.append(queueOffset, phyOffset, size, tagsCode)) return undefined;
    if (!hadPending) this.dirty.add(cq);
    this.pendingBytes += cqEntrySizeBytes;
    return cq;
  }

  all(): IterableIterator<ConsumeQueue> {
    return allQueues(this.topics);
  }

  /** Writes the buffered entries once they pass the threshold. */
  drainIfLarge(): void {
    if (this.pendingBytes >= drainThresholdBytes) this.drain();
  }

  /** Writes every buffered entry (one call per queue and segment). */
  drain(): void {
    this.pendingBytes = 0;
    if (this.dirty.size === 0) return;
    for (const cq of this.dirty) {
      cq.drain();
      this.unsynced.add(cq);
    }
    this.dirty.clear();
  }

  /** Makes every written entry durable. */
  async sync(): Promise<void> {
    this.drain();
    const queues = [...this.unsynced];
    this.unsynced.clear();
    await Promise.all(queues.map((cq) => cq.sync()));
  }

  /** Marks a queue changed by recovery or retention so the next sync covers it. */
  touched(cq: ConsumeQueue): void {
    this.unsynced.add(cq);
  }

  /** Topics that have consume queues. */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** Deletes the queues of a topic and their files. */
  deleteTopic(topic: string): boolean {
    const queues = this.topics.get(topic);
    if (!queues) return false;
    for (const cq of queues.values()) {
      this.dirty.delete(cq);
      this.unsynced.delete(cq);
      cq.destroy(this.io);
    }
    this.topics.delete(topic);
    this.io.remove(join(this.dir, topic));
    return true;
  }

  close(): void {
    for (const cq of this.all()) cq.close();
    this.topics.clear();
    this.dirty.clear();
    this.unsynced.clear();
  }
}

function* allQueues(topics: Map<string, Map<number, ConsumeQueue>>): IterableIterator<ConsumeQueue> {
  for (const queues of topics.values()) yield* queues.values();
}
