// After a crash, a folder of segments may have a hole: the in-memory FileIO (like a real power
// loss) can lose a segment whose folder entry was never synced while keeping a later one. Every
// sync of a segmented file also syncs its folder when it gained segments, so a lost segment was
// created after the last sync and so was every segment after it: none of them holds durable
// data. Recovery deletes them (logging what it deleted) before the folder is opened, instead of
// refusing to start. After a clean shutdown a hole is a real layout error and stays one.
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { FileIO } from '../io/file-io.js';
import { parseSegmentName } from '../segments/segment-name.js';

/** Deletes the segments after the first hole in `dir`; returns their names. */
export function dropSegmentsAfterHole(io: FileIO, dir: string, segmentSizeBytes: number, log: Logger): string[] {
  const names = io
    .list(dir)
    .map((name) => ({ name, start: parseSegmentName(name) }))
    .filter((s): s is { name: string; start: number } => s.start !== undefined)
    .sort((a, b) => a.start - b.start);
  const hole = names.findIndex((s, i) => i > 0 && s.start !== names[i - 1]!.start + segmentSizeBytes);
  if (hole < 0) return [];
  const dropped = names.slice(hole).map((s) => s.name);
  for (const name of dropped) io.remove(join(dir, name));
  log.warn({ dir, after: names[hole - 1]!.name, dropped }, 'segments after a hole left by the crash deleted (never synced)');
  return dropped;
}
