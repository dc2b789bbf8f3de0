// Store-level recovery: consume queues and index brought in line with the recovered commit log.
//
//   safe = min(dispatch point, commit log end), at least the commit log's start
//   (no dispatch point: the commit log's start, i.e. a full rebuild)
//
// 1. Each consume queue is cut back to its last trustworthy entry below `safe`
//    (store-consume-queue-recovery.ts); what was dropped is logged.
// 2. The index: after a clean shutdown (and nothing to re-dispatch) it is used as it is.
//    Otherwise files newer than the
//    dispatch point are deleted and the point's file is cut back to its durable entry count
//    (slot table rebuilt from them). When the point lies past the commit log's end (synced
//    commit log bytes found corrupt), the index cannot be cut there: it is rebuilt whole.
// 3. The commit log is scanned from `safe` (or from its start for a whole index rebuild) and
//    every record dispatched again; consume queues and index skip what they already hold.
// 4. Queue minimum offsets are corrected to the commit log's start, and the next queue offsets
//    set from the queues' ends.
import type { Logger } from '../../common/logger.js';
import type { CommitLog } from '../commitlog/commit-log.js';
import { scanCommitLog } from '../commitlog/commit-log-scan.js';
import type { ConsumeQueueStore } from '../consumequeue/consume-queue-store.js';
import type { QueueOffsetTable } from '../consumequeue/queue-offset-table.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { IndexService } from '../index/index-service.js';
import type { DispatchPoint } from './store-dispatch-checkpoint.js';
import { recoverConsumeQueue } from './store-consume-queue-recovery.js';

export interface StoreRecoveryInput {
  commitLog: CommitLog;
  cqs: ConsumeQueueStore;
  index: IndexService | undefined;
  dispatcher: Dispatcher;
  offsets: QueueOffsetTable;
  point: DispatchPoint | undefined;
  /** The last run ended with a clean shutdown (no abort file). */
  clean: boolean;
  log: Logger;
}

export interface StoreRecoveryReport {
  safeOffset: number;
  queues: number;
  droppedEntries: number;
  rebuiltFrom: number;
  rebuiltRecords: number;
  indexRebuiltWhole: boolean;
}

export function recoverStore(input: StoreRecoveryInput): StoreRecoveryReport {
  const { commitLog, cqs, index, dispatcher, offsets, point, clean, log } = input;
  const clMin = commitLog.minOffset();
  const clEnd = commitLog.maxOffset();
  const safe = Math.max(clMin, Math.min(point?.dispatchedOffset ?? clMin, clEnd));
  if (!point && clEnd > clMin) log.warn({ from: clMin }, 'no dispatch point: consume queues and index rebuilt from the whole commit log');

  let droppedEntries = 0;
  const queues = cqs.load(clean ? undefined : log);
  for (const cq of queues) {
    const r = recoverConsumeQueue(cq, safe, commitLog);
    if (r.dropped > 0) {
      droppedEntries += r.dropped;
      cqs.touched(cq);
      log.warn({ topic: cq.topic, queueId: cq.queueId, dropped: r.dropped, keptUpTo: r.end }, 'consume queue entries past the last flush dropped; rebuilt from the commit log');
    }
  }

  let rebuildFrom = safe;
  let indexRebuiltWhole = false;
  if (index) {
    index.load();
    const pointPastEnd = point !== undefined && point.dispatchedOffset > clEnd;
    if (pointPastEnd || !point) {
      if (pointPastEnd) log.warn({ point: point.dispatchedOffset, commitLogEnd: clEnd }, 'dispatch point past the commit log end: index rebuilt whole');
      index.clear();
      rebuildFrom = clMin;
      indexRebuiltWhole = true;
    } else if (!clean || safe < clEnd) {
      index.recover(point.index);
    }
  }

  let rebuiltRecords = 0;
  dispatcher.dispatchedOffset = rebuildFrom;
  dispatcher.dispatchedTimestamp = point?.timestamp ?? 0;
  if (rebuildFrom < clEnd) {
    scanCommitLog(commitLog, rebuildFrom, (records) => {
      rebuiltRecords += records.count;
      dispatcher.dispatch(records);
    });
    log.info({ from: rebuildFrom, to: clEnd, records: rebuiltRecords }, 'consume queues and index rebuilt from the commit log');
  }
  dispatcher.dispatchedOffset = clEnd;

  for (const cq of cqs.all()) {
    cq.correctMinOffset(clMin);
    offsets.set(cq.topic, cq.queueId, cq.maxOffset());
  }
  return { safeOffset: safe, queues: queues.length, droppedEntries, rebuiltFrom: rebuildFrom, rebuiltRecords, indexRebuiltWhole };
}
