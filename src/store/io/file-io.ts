// The store's only door to the disk. Everything in store/ reaches files through FileIO and
// time through Clock, so tests can swap in the in-memory version that loses unsynced data,
// tears the last write or flips a bit at a seeded moment.
//
// Writes and reads are synchronous: they hit the page cache and cost microseconds, and a
// synchronous call keeps a batch of appends in one event-loop turn. Only `sync` (fdatasync)
// is asynchronous, because it waits for the device and must not block the event loop.

export interface FileHandle {
  readonly path: string;
  /** Current length of the file in bytes. */
  size(): number;
  /** Writes all of `data` at `position`, growing the file if needed. */
  write(data: Uint8Array, position: number): void;
  /** Writes the buffers back to back starting at `position` (one system call where possible). */
  writev(data: readonly Uint8Array[], position: number): void;
  /** Reads up to `length` bytes at `position` into `target` at `targetOffset`; returns the count read. */
  read(target: Uint8Array, targetOffset: number, length: number, position: number): number;
  /** Makes everything written so far durable (fdatasync). */
  sync(): Promise<void>;
  truncate(size: number): void;
  close(): void;
}

export interface DiskUsage {
  totalBytes: number;
  freeBytes: number;
}

export interface FileIO {
  /** Opens a file for reading and writing, creating it (and its folder) when missing. */
  open(path: string): FileHandle;
  /** Opens a file that must exist; undefined when it does not. */
  openExisting(path: string): FileHandle | undefined;
  exists(path: string): boolean;
  /** Names (not paths) of the entries of a folder, sorted; empty when the folder is missing. */
  list(dir: string): string[];
  mkdirs(dir: string): void;
  remove(path: string): void;
  /** Whole-file read; undefined when the file is missing. */
  readFile(path: string): Buffer | undefined;
  /** Makes the folder's entries durable (files created or renamed in it survive a power loss). */
  syncDir(dir: string): Promise<void>;
  /** Writes a temporary file, syncs it, renames it over `path` and syncs the folder. */
  writeFileAtomic(path: string, data: Uint8Array): Promise<void>;
  /** Last modification time in ms since the epoch. */
  modifiedAt(path: string): number;
  diskUsage(path: string): DiskUsage;
}

export interface Clock {
  /** Wall time in ms since the epoch (store timestamps, retention). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
