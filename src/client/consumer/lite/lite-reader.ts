// How a lite pull consumer's cached batches reach the caller: poll() takes a whole batch,
// messages() hands them out one at a time. A batch is consumed (its queue's consumeOffset moves)
// when poll() returns it; with messages(), a message is consumed when the caller asks for the
// next one or leaves the loop, and the rest of a batch left behind goes back to the front of
// the cache.
import type { ConsumedMessage } from '../consumer-api.js';
import type { BatchCache, PulledBatch } from './lite-queue.js';

export interface LiteReaderHost {
  readonly cache: BatchCache;
  /** Called before each take: throws when the consumer does not run; may start an auto-commit. */
  beforeTake(): void;
  running(): boolean;
}

/** The next batch of a queue still read, waiting up to `timeoutMs`; undefined on timeout, abort or shutdown. */
export async function takeBatch(host: LiteReaderHost, timeoutMs: number, signal: AbortSignal | undefined): Promise<PulledBatch | undefined> {
  host.beforeTake();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = host.cache.shift();
    if (batch !== undefined) return batch;
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0 || signal?.aborted || !host.running()) return undefined;
    await host.cache.wait(remainingMs, signal);
  }
}

/** poll(): the next batch, consumed. */
export async function pollBatch(host: LiteReaderHost, timeoutMs: number, signal: AbortSignal | undefined): Promise<ConsumedMessage[]> {
  const batch = await takeBatch(host, timeoutMs, signal);
  if (batch === undefined) return [];
  batch.entry.consumed(batch.messages);
  return batch.messages;
}

/** messages(): one message at a time until the consumer stops or the signal aborts. */
export async function* iterateMessages(host: LiteReaderHost, pollTimeoutMs: number, signal: AbortSignal | undefined): AsyncGenerator<ConsumedMessage> {
  let batch: PulledBatch | undefined;
  let next = 0;
  let handedOut: ConsumedMessage | undefined;
  try {
    while (host.running() && !signal?.aborted) {
      if (batch === undefined || next >= batch.messages.length) {
        batch = await takeBatch(host, pollTimeoutMs, signal);
        next = 0;
        if (batch === undefined) continue;
      }
      handedOut = batch.messages[next++]!;
      yield handedOut;
      batch.entry.consumed([handedOut]);
      handedOut = undefined;
    }
  } finally {
    if (handedOut !== undefined) batch!.entry.consumed([handedOut]);
    if (batch !== undefined && next < batch.messages.length && !batch.entry.dropped) {
      host.cache.unshift({ entry: batch.entry, messages: batch.messages.slice(next) });
    }
  }
}
