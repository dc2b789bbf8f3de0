// Buffers the frame writers encode a turn's frames into, shared by every connection of the
// process. A writer takes one at its turn's first write and gives it back once the socket has
// written every byte of it (most writes on a healthy connection complete at once), so an idle
// connection holds none and a busy process reuses a few instead of allocating per batch.
// Producers' auto-batch bodies come from here too (AutoBatcher). A fresh Buffer is memory outside
// V8's heap, and V8 counts every such byte allocated since its last full collection against the
// old generation's headroom: in a process sending and consuming a few thousand messages a
// second, a body per batch was a third of the Buffer bytes that made V8 start a full collection
// about every half second (a pause, and marking threads on every core) where young-generation
// collections would do.

/** Size of a new batch buffer; a writer doubles it when a turn's frames do not fit. */
export const batchBytesInitial = 64 * 1024;

/** Buffers bigger than this (grown for one huge turn) are left to the garbage collector. */
export const batchBytesKeepMax = 1024 * 1024;

/** How many free buffers are kept for reuse. */
export const freeBatchBuffersMax = 16;

const free: Buffer[] = [];

/** A buffer of at least `minBytes` that only its taker refers to (never memory shared with other Buffers). */
export function takeBatchBuffer(minBytes = 0): Buffer {
  const last = free.at(-1);
  if (last !== undefined && last.length >= minBytes) return free.pop()!;
  return Buffer.allocUnsafeSlow(Math.max(batchBytesInitial, minBytes));
}

/** Returns a buffer nobody refers to any more. */
export function giveBatchBuffer(buffer: Buffer): void {
  if (buffer.length <= batchBytesKeepMax && free.length < freeBatchBuffersMax) free.push(buffer);
}
