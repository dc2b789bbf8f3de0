// The message index (RocketMQ IndexService): index files under <root>/index/, oldest first, the
// newest taking writes (its slot table and header live in memory until sealed or shut down). Each message is indexed under UNIQ_KEY and every space-separated KEYS
// token, as "topic#key". A full file is sealed and a new one started; a query walks the files
// newest first. Files whose last entry lies below the commit log's first byte are deleted.
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { Clock, FileIO } from '../io/file-io.js';
import { javaStringHash } from '../../common/java-string-hash.js';
import { IndexFile, indexKeyHash, type IndexGeometry } from './index-file.js';
import { indexFileName, isIndexFileName, nextIndexFileName } from './index-file-name.js';

/** Buffered entry bytes that trigger a write. */
export const drainThresholdBytes = 1024 * 1024;

/** The writable file's state as of a durable point: recovery cuts the file back to it. */
export interface IndexSafePoint {
  fileName: string;
  beginTimestamp: number;
  endTimestamp: number;
  beginPhyOffset: number;
  endPhyOffset: number;
  indexCount: number;
}

export interface IndexQueryResult {
  phyOffsets: number[];
  /** End time and offset of the newest file (QueryMessageResponseHeader.indexLastUpdate*). */
  lastUpdateTimestamp: number;
  lastUpdatePhyOffset: number;
}

export class IndexService {
  private readonly files: IndexFile[] = [];
  /** Files written since the last sync (sealed ones included). */
  private readonly unsynced = new Set<IndexFile>();
  private namesDirty = false;
  private lastTopic = '';
  private lastTopicHash = 0;

  constructor(
    private readonly io: FileIO,
    readonly dir: string,
    private readonly geometry: IndexGeometry,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Opens the files on disk; the newest takes writes unless it is full. */
  load(): void {
    for (const name of this.io.list(this.dir).filter(isIndexFileName)) {
      const handle = this.io.openExisting(join(this.dir, name));
      if (handle) this.files.push(IndexFile.open(handle, name, this.geometry));
    }
    const last = this.files.at(-1);
    if (last && !last.isFull()) last.openForWrites();
  }

  fileCount(): number {
    return this.files.length;
  }

  /** Indexes one record's keys. `keys` is the KEYS property (space-separated tokens). */
  add(topic: string, keys: string | undefined, uniqKey: string | undefined, phyOffset: number, storeTimestamp: number): void {
    const current = this.files.at(-1);
    // Re-dispatch after recovery may replay records this file already holds.
    if (current && phyOffset < current.header.endPhyOffset) return;
    const topicHash = this.topicHash(topic);
    if (uniqKey) this.put(indexKeyHash(topic, uniqKey, topicHash), phyOffset, storeTimestamp);
    if (!keys) return;
    let from = 0;
    while (from <= keys.length) {
      let to = keys.indexOf(' ', from);
      if (to < 0) to = keys.length;
      if (to > from) this.put(indexKeyHash(topic, keys.slice(from, to), topicHash), phyOffset, storeTimestamp);
      from = to + 1;
    }
  }

  private topicHash(topic: string): number {
    if (topic !== this.lastTopic) {
      this.lastTopic = topic;
      this.lastTopicHash = javaStringHash(topic);
    }
    return this.lastTopicHash;
  }

  private put(keyHash: number, phyOffset: number, storeTimestamp: number): void {
    let file = this.writableFile();
    if (!file.put(keyHash, phyOffset, storeTimestamp)) {
      file = this.createFile();
      file.put(keyHash, phyOffset, storeTimestamp);
    }
    this.unsynced.add(file);
  }

  private writableFile(): IndexFile {
    const last = this.files.at(-1);
    if (last?.isWritable) return last;
    return this.createFile();
  }

  private createFile(): IndexFile {
    const last = this.files.at(-1);
    if (last?.isWritable) {
      // Sealed: slots and header written now, made durable by the next sync, which runs before
      // any dispatch point can name the new file.
      last.seal();
      this.unsynced.add(last);
    }
    const name = last ? nextIndexFileName(last.name, this.clock.now()) : indexFileName(this.clock.now());
    const file = IndexFile.create(this.io.open(join(this.dir, name)), name, this.geometry);
    this.files.push(file);
    this.unsynced.add(file);
    this.namesDirty = true;
    return file;
  }

  /** Writes buffered entries once they pass `drainThresholdBytes` (one call). */
  drainIfLarge(): void {
    const last = this.files.at(-1);
    if (last && last.pendingBytes() >= drainThresholdBytes) last.drain();
  }

  /** Writes buffered entries (one call). */
  drain(): void {
    this.files.at(-1)?.drain();
  }

  /**
   * Writes the buffered entries and makes them durable. The writable file's slot table and
   * header are written only when `complete` (a clean shutdown) or when the file is sealed: after
   * a crash recovery rebuilds both from the durable entries (`recover`), so writing them at every
   * consume queue flush only cost event-loop time and disk bandwidth (up to the whole 20 MB slot
   * table per flush under load; its first write into a fresh file held the loop 30-100 ms).
   */
  async sync(complete = false): Promise<void> {
    const files = new Set(this.unsynced);
    this.unsynced.clear();
    const last = this.files.at(-1);
    if (complete && last?.isWritable) files.add(last);
    for (const f of files) {
      if (complete) f.writeBack();
      else f.drain();
    }
    const waits = [...files].map((f) => f.handle.sync());
    if (this.namesDirty) {
      this.namesDirty = false;
      waits.push(this.io.syncDir(this.dir));
    }
    await Promise.all(waits);
  }

  /** What `recover` needs to cut the index back to this moment (taken just before `sync`). */
  safePoint(): IndexSafePoint | undefined {
    const last = this.files.at(-1);
    if (!last) return undefined;
    const h = last.header;
    return {
      fileName: last.name,
      beginTimestamp: h.beginTimestamp,
      endTimestamp: h.endTimestamp,
      beginPhyOffset: h.beginPhyOffset,
      endPhyOffset: h.endPhyOffset,
      indexCount: h.indexCount,
    };
  }

  /**
   * After a crash: drops files newer than the safe point and cuts the safe point's file back to
   * it: header from the safe point (the one on disk may be torn), slot table rebuilt from the
   * entries that were durable. Without a safe point every
   * file goes (the caller re-indexes from the commit log).
   */
  recover(safe: IndexSafePoint | undefined): void {
    while (this.files.length > 0) {
      const last = this.files.at(-1)!;
      if (safe && last.name <= safe.fileName) break;
      this.files.pop();
      this.log.warn({ file: last.name, entries: last.header.indexCount - 1 }, 'index file newer than the last checkpoint dropped; rebuilt from the commit log');
      this.removeFile(last);
    }
    const last = this.files.at(-1);
    if (!last || !safe || last.name !== safe.fileName) return;
    const dropped = last.header.indexCount - safe.indexCount;
    if (dropped > 0) this.log.warn({ file: last.name, dropped }, 'index entries after the last checkpoint dropped; rebuilt from the commit log');
    last.rebuildSlots(safe);
    this.unsynced.add(last);
  }

  /**
   * Commit log offsets of messages indexed under topic#key and stored in [begin, end], newest
   * first, at most `maxCount` (IndexService.queryOffset).
   */
  query(topic: string, key: string, maxCount: number, begin: number, end: number): IndexQueryResult {
    const phyOffsets: number[] = [];
    const newest = this.files.at(-1);
    const keyHash = indexKeyHash(topic, key);
    for (let i = this.files.length - 1; i >= 0 && phyOffsets.length < maxCount; i--) {
      const f = this.files[i]!;
      if (f.overlaps(begin, end)) f.select(keyHash, begin, end, maxCount, phyOffsets);
      if (f.header.beginTimestamp < begin) break;
    }
    return {
      phyOffsets,
      lastUpdateTimestamp: newest?.header.endTimestamp ?? 0,
      lastUpdatePhyOffset: newest?.header.endPhyOffset ?? 0,
    };
  }

  /** Deletes files whose entries all point below `commitLogMinOffset`, keeping the newest. */
  deleteBelow(commitLogMinOffset: number): number {
    let deleted = 0;
    while (this.files.length > 1 && this.files[0]!.header.endPhyOffset < commitLogMinOffset) {
      const f = this.files.shift()!;
      this.removeFile(f);
      deleted++;
    }
    return deleted;
  }

  private removeFile(f: IndexFile): void {
    this.unsynced.delete(f);
    f.close();
    this.io.remove(f.handle.path);
  }

  /** Removes every file (used when the commit log is gone). */
  clear(): void {
    for (const f of this.files.splice(0)) this.removeFile(f);
  }

  close(): void {
    for (const f of this.files) f.close();
    this.files.length = 0;
    this.unsynced.clear();
  }
}
