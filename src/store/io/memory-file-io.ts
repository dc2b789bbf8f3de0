// An in-memory FileIO that can lose power. Each file keeps two images:
//   volatile  what reads see: every write and truncate so far (the page cache);
//   durable   what the device holds: the volatile image as of the last completed sync.
// Mutations since the last completed sync are kept in order as pending operations. `crash(seed)`
// builds the state a power loss would leave: the durable image plus a random prefix of the
// pending operations, the first one not kept possibly torn (a prefix of its bytes, cut anywhere,
// mid-record included), optionally one flipped bit; files whose folder entry was never synced
// may vanish. The same seed gives the same crash.
//
// Simplifications, stated so tests do not rely on more: removals and atomic whole-file writes
// are durable at once; pending operations of one file persist in issue order (no reordering of
// pages within a file); files are independent of each other, except that folder entries persist
// in creation order, as a journaled file system commits them (a file whose entry was never
// synced survives only if every file created before it does).
//
// A crashed instance is dead: its handles ignore writes and its syncs never complete, as in a
// process that lost power. `crash` returns a fresh instance holding the surviving state.
import { dirname, basename } from 'node:path';
import { assert } from '../../common/assert.js';
import { systemClock, type Clock, type DiskUsage, type FileHandle, type FileIO } from './file-io.js';
import { SeededRandom } from './seeded-random.js';

const defaultCapacityBytes = 2 ** 40;

/** File bytes; the size may exceed the stored bytes (a preallocated tail reads as zeros). */
class Content {
  private bytes: Buffer;
  size: number;

  constructor(bytes: Buffer = Buffer.alloc(0), size = bytes.length) {
    this.bytes = bytes;
    this.size = size;
  }

  write(data: Uint8Array, position: number): void {
    const end = position + data.length;
    if (end > this.bytes.length) {
      // Double while appending; within a preallocated size, never beyond it (sparse tails stay free).
      let capacity = Math.max(end, this.bytes.length * 2);
      if (this.size >= end) capacity = Math.min(capacity, this.size);
      const grown = Buffer.alloc(capacity);
      this.bytes.copy(grown, 0, 0, Math.min(this.bytes.length, this.size));
      this.bytes = grown;
    }
    this.bytes.set(data, position);
    if (end > this.size) this.size = end;
  }

  truncate(size: number): void {
    if (size < this.size) this.bytes.fill(0, Math.min(size, this.bytes.length), Math.min(this.size, this.bytes.length));
    this.size = size;
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    const n = Math.max(0, Math.min(length, this.size - position));
    const stored = Math.max(0, Math.min(n, this.bytes.length - position));
    if (stored > 0) target.set(this.bytes.subarray(position, position + stored), targetOffset);
    if (stored < n) target.fill(0, targetOffset + stored, targetOffset + n);
    return n;
  }

  flipBit(position: number, bit: number): void {
    if (position >= this.bytes.length) this.write(new Uint8Array(1), position);
    this.bytes[position]! ^= 1 << bit;
  }

  copy(): Content {
    return new Content(Buffer.from(this.bytes.subarray(0, Math.min(this.bytes.length, this.size))), this.size);
  }

  snapshot(): Buffer {
    const out = Buffer.alloc(this.size);
    this.read(out, 0, this.size, 0);
    return out;
  }
}

type PendingOp = { kind: 'write'; position: number; data: Uint8Array } | { kind: 'truncate'; size: number };

function apply(content: Content, op: PendingOp): void {
  if (op.kind === 'write') content.write(op.data, op.position);
  else content.truncate(op.size);
}

let filesCreated = 0;

class MemoryFile {
  volatile: Content;
  durable: Content;
  pending: PendingOp[] = [];
  /** Sequence number of pending[0]. */
  pendingBase = 0;
  /** Whether the file's folder entry is durable (survives a crash for sure). */
  nameDurable: boolean;
  modifiedAt: number;
  /** Creation order, for the order folder entries persist in. */
  readonly createdSeq = filesCreated++;

  constructor(content: Content, nameDurable: boolean, modifiedAt: number) {
    this.volatile = content;
    this.durable = content.copy();
    this.nameDurable = nameDurable;
    this.modifiedAt = modifiedAt;
  }

  record(op: PendingOp): void {
    apply(this.volatile, op);
    this.pending.push(op);
  }

  /** Makes the operations issued before sequence number `upTo` durable. */
  settle(upTo: number): void {
    const n = upTo - this.pendingBase;
    if (n <= 0) return;
    for (let i = 0; i < n; i++) apply(this.durable, this.pending[i]!);
    this.pending.splice(0, n);
    this.pendingBase = upTo;
  }
}

class MemoryFileHandle implements FileHandle {
  constructor(
    private readonly io: MemoryFileIO,
    readonly path: string,
    private readonly file: MemoryFile,
  ) {}

  size(): number {
    return this.file.volatile.size;
  }

  write(data: Uint8Array, position: number): void {
    if (this.io.crashed) return;
    this.io.stats.writes++;
    this.file.record({ kind: 'write', position, data: Uint8Array.prototype.slice.call(data) });
    this.file.modifiedAt = this.io.clock.now();
  }

  writev(data: readonly Uint8Array[], position: number): void {
    if (this.io.crashed) return;
    this.io.stats.writes++;
    let at = position;
    for (const b of data) {
      this.file.record({ kind: 'write', position: at, data: Uint8Array.prototype.slice.call(b) });
      at += b.length;
    }
    this.file.modifiedAt = this.io.clock.now();
  }

  read(target: Uint8Array, targetOffset: number, length: number, position: number): number {
    return this.file.volatile.read(target, targetOffset, length, position);
  }

  sync(): Promise<void> {
    const upTo = this.file.pendingBase + this.file.pending.length;
    this.io.stats.syncs++;
    return this.io.later(() => this.file.settle(upTo));
  }

  truncate(size: number): void {
    if (this.io.crashed) return;
    this.file.record({ kind: 'truncate', size });
    this.file.modifiedAt = this.io.clock.now();
  }

  close(): void {}
}

export interface CrashOptions {
  /** Flip one bit in bytes the crash kept from unsynced writes, or anywhere in durable bytes. */
  flipBitIn?: 'unsynced' | 'durable';
}

export class MemoryFileIO implements FileIO {
  private files = new Map<string, MemoryFile>();
  private dirs = new Set<string>();
  crashed = false;
  /** What the crash that made this instance did, for test failure messages. */
  crashReport = '';
  /** The bit the crash that made this instance flipped, if it flipped one. */
  flippedBit: { path: string; position: number } | undefined;
  readonly stats = { writes: 0, syncs: 0 };

  constructor(
    readonly clock: Clock = systemClock,
    public capacityBytes = defaultCapacityBytes,
  ) {}

  private held: (() => void)[] | undefined;

  /** Runs `effect` on a later turn, as device completions do; never on a crashed instance. */
  later(effect: () => void): Promise<void> {
    return new Promise((resolve) => {
      const complete = (): void => {
        if (this.crashed) return;
        effect();
        resolve();
      };
      if (this.held) this.held.push(complete);
      else setImmediate(complete);
    });
  }

  /** Holds every sync completion until releaseSyncs() (a slow device, for group commit tests). */
  holdSyncs(): void {
    this.held ??= [];
  }

  /** Completes the held syncs on the next turn and stops holding. */
  releaseSyncs(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const complete of held) setImmediate(complete);
  }

  open(path: string): FileHandle {
    let file = this.files.get(path);
    if (!file) {
      this.mkdirs(dirname(path));
      file = new MemoryFile(new Content(), false, this.clock.now());
      this.files.set(path, file);
    }
    return new MemoryFileHandle(this, path, file);
  }

  openExisting(path: string): FileHandle | undefined {
    const file = this.files.get(path);
    return file ? new MemoryFileHandle(this, path, file) : undefined;
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  list(dir: string): string[] {
    const names: string[] = [];
    for (const p of this.files.keys()) if (dirname(p) === dir) names.push(basename(p));
    for (const d of this.dirs) if (d !== dir && dirname(d) === dir) names.push(basename(d));
    return names.sort();
  }

  mkdirs(dir: string): void {
    for (let d = dir; !this.dirs.has(d); d = dirname(d)) {
      this.dirs.add(d);
      if (dirname(d) === d) break;
    }
  }

  remove(path: string): void {
    if (this.crashed) return;
    this.files.delete(path);
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of [...this.files.keys()]) if (p.startsWith(prefix)) this.files.delete(p);
    for (const d of [...this.dirs]) if (d === path || d.startsWith(prefix)) this.dirs.delete(d);
  }

  readFile(path: string): Buffer | undefined {
    return this.files.get(path)?.volatile.snapshot();
  }

  syncDir(dir: string): Promise<void> {
    const named = [...this.files.entries()].filter(([p]) => dirname(p) === dir).map(([, f]) => f);
    return this.later(() => {
      for (const f of named) f.nameDurable = true;
    });
  }

  writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    if (!this.crashed) {
      this.mkdirs(dirname(path));
      this.files.set(path, new MemoryFile(new Content(Buffer.from(data)), true, this.clock.now()));
    }
    return this.later(() => {});
  }

  modifiedAt(path: string): number {
    const file = this.files.get(path);
    assert(file !== undefined, `no such file: ${path}`);
    return file.modifiedAt;
  }

  diskUsage(_path: string): DiskUsage {
    let used = 0;
    for (const f of this.files.values()) used += f.volatile.size;
    return { totalBytes: this.capacityBytes, freeBytes: Math.max(0, this.capacityBytes - used) };
  }

  /** Durable bytes of a file as of the last completed sync (tests compare against these). */
  durableBytes(path: string): Buffer | undefined {
    return this.files.get(path)?.durable.snapshot();
  }

  /** Power loss now. This instance dies; the returned one holds what survived. */
  crash(seed: number, options: CrashOptions = {}): MemoryFileIO {
    const rng = new SeededRandom(seed);
    const after = new MemoryFileIO(this.clock, this.capacityBytes);
    const notes: string[] = [`seed ${seed}`];
    const unsyncedRanges: { path: string; position: number; length: number }[] = [];
    this.crashed = true;
    for (const d of this.dirs) after.dirs.add(d);
    const unnamed = [...this.files.values()].filter((f) => !f.nameDurable).sort((a, b) => a.createdSeq - b.createdSeq);
    const lost = new Set(unnamed.slice(rng.int(unnamed.length + 1)));
    for (const [path, file] of [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (lost.has(file)) {
        notes.push(`${path}: lost (folder entry never synced)`);
        continue;
      }
      const content = file.durable.copy();
      const kept = rng.int(file.pending.length + 1);
      for (let i = 0; i < kept; i++) {
        const op = file.pending[i]!;
        apply(content, op);
        if (op.kind === 'write') unsyncedRanges.push({ path, position: op.position, length: op.data.length });
      }
      const torn = file.pending[kept];
      let note = `${path}: kept ${kept}/${file.pending.length} unsynced ops`;
      if (torn?.kind === 'write') {
        const prefix = rng.int(torn.data.length + 1);
        content.write(torn.data.subarray(0, prefix), torn.position);
        if (prefix > 0) unsyncedRanges.push({ path, position: torn.position, length: prefix });
        note += `, torn write at ${torn.position}: ${prefix}/${torn.data.length} bytes`;
      }
      if (file.pending.length > 0) notes.push(note);
      after.files.set(path, new MemoryFile(content, true, file.modifiedAt));
    }
    if (options.flipBitIn === 'unsynced' && unsyncedRanges.length > 0) {
      const r = unsyncedRanges[rng.int(unsyncedRanges.length)]!;
      const f = after.files.get(r.path);
      const at = r.position + rng.int(r.length);
      if (f && at < f.volatile.size) notes.push(after.flip(r.path, f, at, rng.int(8)));
    } else if (options.flipBitIn === 'durable') {
      const candidates = [...after.files.entries()].filter(([, f]) => f.durable.size > 0);
      if (candidates.length > 0) {
        const [path, f] = candidates[rng.int(candidates.length)]!;
        notes.push(after.flip(path, f, rng.int(f.durable.size), rng.int(8)));
      }
    }
    after.crashReport = notes.join('; ');
    return after;
  }

  private flip(path: string, file: MemoryFile, position: number, bit: number): string {
    file.volatile.flipBit(position, bit);
    file.durable.flipBit(position, bit);
    this.flippedBit = { path, position };
    return `${path}: flipped bit ${bit} of byte ${position}`;
  }
}
