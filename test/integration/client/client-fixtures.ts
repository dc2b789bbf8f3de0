// Shared bits of the client integration tests: fresh names and a poll-with-deadline for
// effects that raise no event the test could await (e.g. a broker's asynchronous index).
import { randomUUID } from 'node:crypto';

export const fresh = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls `probe` until it returns a value other than undefined, or fails after `deadlineMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, deadlineMs = 5_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
