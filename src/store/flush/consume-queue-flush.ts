// Makes consume queues and index durable up to what is dispatched now, then records that point
// (dispatch point and checkpoint timestamps). The commit log is flushed up to the same point
// first, so the point never runs ahead of durable records. One flush runs at a time; a call
// during one gets the next, which covers what was dispatched meanwhile.
import type { CheckpointWriter } from '../checkpoint/store-checkpoint.js';
import type { ConsumeQueueStore } from '../consumequeue/consume-queue-store.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { IndexService } from '../index/index-service.js';
import type { FileIO } from '../io/file-io.js';
import { writeDispatchPoint } from '../recovery/store-dispatch-checkpoint.js';
import type { CommitLogFlusher } from './commit-log-flusher.js';

export interface ConsumeQueueFlushParts {
  io: FileIO;
  storePathRootDir: string;
  dispatcher: Dispatcher;
  cqs: ConsumeQueueStore;
  index: IndexService | undefined;
  flusher: CommitLogFlusher;
  checkpoint: CheckpointWriter;
}

export class ConsumeQueueFlush {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly p: ConsumeQueueFlushParts) {}

  flush(): Promise<void> {
    const running = this.running;
    if (!running) {
      const run = this.flushOnce().finally(() => {
        if (this.running === run) this.running = undefined;
      });
      this.running = run;
      return run;
    }
    this.queued ??= running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.flush();
      });
    return this.queued;
  }

  private async flushOnce(): Promise<void> {
    const p = this.p;
    const dispatchedOffset = p.dispatcher.completeUpTo();
    const timestamp = p.dispatcher.dispatchedTimestamp;
    const index = p.index?.safePoint();
    const queues = p.cqs.sync();
    const indexSync = p.index?.sync();
    const flushed = await p.flusher.waitFor(dispatchedOffset);
    await queues;
    await indexSync;
    if (flushed !== 'PUT_OK') return;
    await writeDispatchPoint(p.io, p.storePathRootDir, { dispatchedOffset, timestamp, index });
    p.checkpoint.update({ logicsMsgTimestamp: timestamp, indexMsgTimestamp: timestamp });
    await p.checkpoint.write();
  }
}
