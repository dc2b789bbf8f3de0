// Reused bodies for auto-batches. A fresh Buffer per batch is memory outside V8's heap, and V8
// counts every such byte allocated since its last full collection against the old generation's
// headroom. In a process sending and consuming a few thousand messages a second, these bodies
// were a third of the Buffer bytes that made V8 start a full collection about every half second
// (each one a pause, and a burst of marking threads on the machine's cores) where young-generation
// collections would do; without them such runs have half as many. A body comes back only once
// nothing can still read it (see AutoBatcher), so a steady sender reuses the few its batches in
// flight need.

/** Size of a pooled body: a batch of the default 32 KiB maxBytes plus its last entry fits. */
export const pooledBodyBytes = 64 * 1024;

/** How many free bodies one producer keeps (1 MiB at most). */
export const pooledBodiesKeptMax = 16;

export class BatchBodyPool {
  private readonly free: ArrayBuffer[] = [];

  /** A buffer of exactly `size` bytes: the front of a pooled body when it fits one, else its own. */
  take(size: number): Buffer {
    if (size > pooledBodyBytes) return Buffer.allocUnsafe(size);
    const memory = this.free.pop() ?? Buffer.allocUnsafeSlow(pooledBodyBytes).buffer;
    return Buffer.from(memory, 0, size);
  }

  /** Takes back a buffer from take() that nothing refers to any more; a buffer of its own is left to the GC. */
  give(body: Buffer): void {
    const memory = body.buffer;
    if (memory.byteLength === pooledBodyBytes && body.byteOffset === 0 && this.free.length < pooledBodiesKeptMax) {
      this.free.push(memory as ArrayBuffer);
    }
  }
}
