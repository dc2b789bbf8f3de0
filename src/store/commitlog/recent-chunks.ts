// The commit log's write buffers and the read cache of its newest bytes.
//
// Records are encoded into chunks: runs of bytes contiguous in offset space, carved one after
// another out of write buffers of `writeBufferSizeBytes`. A chunk is never overwritten while it
// is cached, so the newest chunks (up to `readCacheBytes`) serve reads as slices, without a
// system call or a copy.
//
// A buffer whose chunks have all left the cache is reused for new chunks, unless a reader was
// ever handed a slice of it: that slice may still be on its way to a socket, so such a buffer
// is left to the garbage collector. While nobody reads from the cache (consumers that are
// offline or far behind, a producer-only load) writing therefore allocates no new memory: a
// fresh buffer costs page faults on first touch, and every buffer of this size counts towards
// the external memory that makes V8 run full collections.

/** Spare buffers kept for reuse; evictions and new chunks alternate, so a few are enough. */
const sparesMax = 2;

/** A write buffer and what of it is in use. */
interface WriteBuffer {
  readonly bytes: Buffer;
  /** Bytes taken by sealed chunks, from the start. */
  used: number;
  /** Chunks of this buffer still cached. */
  cachedChunks: number;
  /** Whether a reader was handed a slice of it (it is then never reused). */
  lent: boolean;
}

export interface Chunk {
  /** Commit log offset of the chunk's first byte. */
  readonly base: number;
  /** Room for the chunk's bytes; its first `length` bytes are records. */
  buffer: Buffer;
  length: number;
  /** Bytes handed to the OS. */
  written: number;
  readonly owner: WriteBuffer;
}

export class RecentChunks {
  private current: WriteBuffer | undefined;
  /** Cached chunks, oldest first; the last may still be open. */
  private readonly cache: Chunk[] = [];
  /** Bytes of the sealed chunks in the cache. */
  private cachedBytes = 0;
  private readonly spares: Buffer[] = [];
  /** New write buffers allocated and spare ones reused, for tests and runtime info. */
  readonly stats = { allocated: 0, reused: 0 };

  constructor(
    private readonly writeBufferSizeBytes: number,
    private readonly readCacheBytes: number,
  ) {}

  /** Opens a chunk at offset `base` with room for at least `size` bytes; it is cached at once. */
  open(base: number, size: number): Chunk {
    let owner = this.current;
    if (owner === undefined || owner.bytes.length - owner.used < size) {
      owner = this.current = this.newWriteBuffer(size);
    }
    const chunk: Chunk = { base, buffer: owner.bytes.subarray(owner.used), length: 0, written: 0, owner };
    owner.cachedChunks++;
    this.cache.push(chunk);
    return chunk;
  }

  /** The chunk takes no more bytes: it keeps only its records and stays cached until evicted. */
  seal(chunk: Chunk): void {
    chunk.buffer = chunk.buffer.subarray(0, chunk.length);
    chunk.owner.used += chunk.length;
    this.cachedBytes += chunk.length;
    while (this.cachedBytes > this.readCacheBytes && this.cache.length > 0) this.evictOldest();
  }

  /** A slice holding all of [offset, offset + size) when one cached chunk does. */
  slice(offset: number, size: number): Buffer | undefined {
    for (let i = this.cache.length - 1; i >= 0; i--) {
      const c = this.cache[i]!;
      if (offset < c.base) continue;
      if (offset + size > c.base + c.length) return undefined;
      c.owner.lent = true;
      return c.buffer.subarray(offset - c.base, offset - c.base + size);
    }
    return undefined;
  }

  private evictOldest(): void {
    const chunk = this.cache.shift()!;
    this.cachedBytes -= chunk.length;
    const owner = chunk.owner;
    owner.cachedChunks--;
    const reusable = owner.cachedChunks === 0 && owner !== this.current && !owner.lent && owner.bytes.length === this.writeBufferSizeBytes;
    if (reusable && this.spares.length < sparesMax) this.spares.push(owner.bytes);
  }

  private newWriteBuffer(size: number): WriteBuffer {
    const spare = size <= this.writeBufferSizeBytes ? this.spares.pop() : undefined;
    if (spare !== undefined) this.stats.reused++;
    else this.stats.allocated++;
    const bytes = spare ?? Buffer.allocUnsafeSlow(Math.max(this.writeBufferSizeBytes, size));
    return { bytes, used: 0, cachedChunks: 0, lent: false };
  }
}
