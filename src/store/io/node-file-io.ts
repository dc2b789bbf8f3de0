// FileIO over node:fs. Writes and reads are positional system calls (pwrite/pwritev/pread) on
// the calling thread: they land in the page cache in microseconds. fdatasync goes through the
// callback API, so it runs on libuv's thread pool and the event loop keeps encoding the next
// batch while the device works.
import {
  closeSync,
  constants,
  fdatasync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { open as openAsync, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DiskUsage, FileHandle, FileIO } from './file-io.js';

class NodeFileHandle implements FileHandle {
  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  size(): number {
    return fstatSync(this.fd).size;
  }

  write(data: Uint8Array, position: number): void {
    let done = 0;
    while (done < data.length) {
      done += writeSync(this.fd, data, done, data.length - done, position + done);
    }
  }

  writev(data: readonly Uint8Array[], position: number): void {
    let total = 0;
    for (const b of data) total += b.length;
    const written = writevSync(this.fd, data as Uint8Array[], position);
    if (written === total) return;
    // A short vectored write is rare (signals, huge totals); finish buffer by buffer.
    let skip = written;
    let at = position + written;
    for (const b of data) {
      if (skip >= b.length) {
        skip -= b.length;
        continue;
      }
      const rest = b.subarray(skip);
      skip = 0;
      this.write(rest, at);
      at += rest.length;
    }
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, target, targetOffset + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => fdatasync(this.fd, (err) => (err ? reject(err) : resolve())));
  }

  truncate(size: number): void {
    ftruncateSync(this.fd, size);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export class NodeFileIO implements FileIO {
  open(path: string): FileHandle {
    mkdirSync(dirname(path), { recursive: true });
    return new NodeFileHandle(path, openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644));
  }

  openExisting(path: string): FileHandle | undefined {
    try {
      return new NodeFileHandle(path, openSync(path, constants.O_RDWR));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  exists(path: string): boolean {
    try {
      statSync(path);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  list(dir: string): string[] {
    try {
      return readdirSync(dir).sort();
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  }

  mkdirs(dir: string): void {
    mkdirSync(dir, { recursive: true });
  }

  remove(path: string): void {
    rmSync(path, { recursive: true, force: true });
  }

  readFile(path: string): Buffer | undefined {
    try {
      return readFileSync(path);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async syncDir(dir: string): Promise<void> {
    const handle = await openAsync(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.tmp`;
    const handle = await openAsync(temp, 'w', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await this.syncDir(dir);
  }

  modifiedAt(path: string): number {
    return statSync(path).mtimeMs;
  }

  /** Usage of the file system holding `path` (or its nearest existing ancestor). */
  diskUsage(path: string): DiskUsage {
    let at = path;
    while (!this.exists(at) && dirname(at) !== at) at = dirname(at);
    const s = statfsSync(at);
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  }
}
