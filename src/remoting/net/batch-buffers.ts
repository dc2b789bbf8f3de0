// Buffers the frame writers encode a turn's frames into, shared by every connection of the
// process. A writer takes one at its turn's first write and gives it back once the socket has
// written every byte of it (most writes on a healthy connection complete at once), so an idle
// connection holds none and a busy process reuses a few instead of allocating per batch.

/** Size of a new batch buffer; a writer doubles it when a turn's frames do not fit. */
export const batchBytesInitial = 64 * 1024;

/** Buffers bigger than this (grown for one huge turn) are left to the garbage collector. */
export const batchBytesKeepMax = 1024 * 1024;

/** How many free buffers are kept for reuse. */
export const freeBatchBuffersMax = 16;

const free: Buffer[] = [];

export function takeBatchBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(batchBytesInitial);
}

/** Returns a buffer nobody refers to any more. */
export function giveBatchBuffer(buffer: Buffer): void {
  if (buffer.length <= batchBytesKeepMax && free.length < freeBatchBuffersMax) free.push(buffer);
}
