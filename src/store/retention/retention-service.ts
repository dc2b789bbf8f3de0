// Retention (RocketMQ's CleanCommitLogService and CleanConsumeQueueService), one pass every
// cleanResourceInterval ms:
//
//   disk use of the commit log's partition   effect
//   >= diskSpaceWarningLevelRatio (90 %)     puts refused (SERVICE_NOT_AVAILABLE) until it drops
//   >  diskSpaceCleanForciblyRatio (85 %)    segments deleted even if unexpired
//                                             (cleanFileForciblyEnable)
//   >  diskMaxUsedSpaceRatio (75 %)          expired segments deleted at any hour
//   otherwise                                expired segments deleted when the local hour is
//                                             listed in deleteWhen ("04", "04;16")
//
// A segment is expired when its last write is older than fileReservedTime hours. Segments go
// oldest first, never the one taking appends, at most deleteFilesBatchMax per pass; a pass stops
// at the first segment it may not delete. Then consume queue and index files wholly below the
// commit log's new first offset are deleted and the queues' minimum offsets corrected.
import type { Logger } from '../../common/logger.js';
import type { Clock, FileIO } from '../io/file-io.js';
import type { CommitLog } from '../commitlog/commit-log.js';
import type { ConsumeQueueStore } from '../consumequeue/consume-queue-store.js';
import type { IndexService } from '../index/index-service.js';
import { parseDeleteWhen, type StoreConfig } from '../store-config.js';

const hourMs = 3_600_000;

export type RetentionConfig = Pick<
  StoreConfig,
  | 'fileReservedTime'
  | 'deleteWhen'
  | 'diskMaxUsedSpaceRatio'
  | 'diskSpaceCleanForciblyRatio'
  | 'diskSpaceWarningLevelRatio'
  | 'cleanFileForciblyEnable'
  | 'deleteFilesBatchMax'
>;

export interface RetentionPass {
  /** Disk use, 0..1. */
  diskRatio: number;
  diskFull: boolean;
  deletedSegments: number[];
  deletedQueueSegments: number;
  deletedIndexFiles: number;
}

/** Used fraction (0..1) of the partition holding `path`. */
export function diskUsedRatio(io: FileIO, path: string): number {
  const { totalBytes, freeBytes } = io.diskUsage(path);
  return totalBytes > 0 ? (totalBytes - freeBytes) / totalBytes : 0;
}

export class RetentionService {
  private readonly deleteHours: ReadonlySet<number>;
  /** Puts are refused while set. */
  diskFull = false;

  constructor(
    private readonly io: FileIO,
    private readonly clock: Clock,
    private readonly config: RetentionConfig,
    private readonly commitLog: CommitLog,
    private readonly cqs: ConsumeQueueStore,
    private readonly index: IndexService | undefined,
    private readonly log: Logger,
  ) {
    this.deleteHours = parseDeleteWhen(config.deleteWhen);
  }

  /** One pass; `manual` deletes expired segments whatever the hour (DELETE_EXPIRED_COMMITLOG). */
  run(manual = false): RetentionPass {
    const now = this.clock.now();
    const ratio = diskUsedRatio(this.io, this.commitLog.segments.dir);
    this.updateDiskFull(ratio);
    const c = this.config;
    const timeUp = this.deleteHours.has(new Date(now).getHours());
    const spaceFull = ratio * 100 > c.diskMaxUsedSpaceRatio;
    const forcibly = c.cleanFileForciblyEnable && ratio * 100 > c.diskSpaceCleanForciblyRatio;
    const pass: RetentionPass = { diskRatio: ratio, diskFull: this.diskFull, deletedSegments: [], deletedQueueSegments: 0, deletedIndexFiles: 0 };
    if (timeUp || spaceFull || manual) {
      pass.deletedSegments = this.deleteSegments(now - c.fileReservedTime * hourMs, forcibly);
      if (pass.deletedSegments.length > 0) {
        this.log.info({ segments: pass.deletedSegments, diskRatio: ratio, forcibly }, 'commit log segments deleted');
        this.updateDiskFull(diskUsedRatio(this.io, this.commitLog.segments.dir));
        pass.diskFull = this.diskFull;
      }
    }
    const min = this.commitLog.minOffset();
    for (const cq of this.cqs.all()) {
      const deleted = cq.deleteBelow(min);
      if (deleted > 0) {
        pass.deletedQueueSegments += deleted;
        this.cqs.touched(cq);
      }
    }
    pass.deletedIndexFiles = this.index?.deleteBelow(min) ?? 0;
    return pass;
  }

  private deleteSegments(expiredBefore: number, forcibly: boolean): number[] {
    const segments = this.commitLog.segments.list();
    const active = this.commitLog.segments.segmentStartOf(this.commitLog.maxOffset());
    let deleteBefore = -1;
    for (let i = 0; i < segments.length && i < this.config.deleteFilesBatchMax; i++) {
      const s = segments[i]!;
      if (s.start >= active) break;
      if (!forcibly && this.io.modifiedAt(s.handle.path) > expiredBefore) break;
      deleteBefore = s.start + this.commitLog.segmentSizeBytes;
    }
    return deleteBefore < 0 ? [] : this.commitLog.deleteSegmentsBefore(deleteBefore);
  }

  private updateDiskFull(ratio: number): void {
    const full = ratio * 100 >= this.config.diskSpaceWarningLevelRatio;
    if (full !== this.diskFull) {
      if (full) this.log.error({ diskRatio: ratio }, 'disk nearly full: puts refused until usage drops');
      else this.log.info({ diskRatio: ratio }, 'disk usage back under the warning level: puts accepted');
    }
    this.diskFull = full;
  }
}
