// How a failure reaches the user: bad configuration exits 2 with one line naming the key;
// expected runtime failures (a port in use, a refused connection) exit 1 with their message;
// anything else is a bug and keeps its stack trace.
import { ConfigError, RocketMQError } from '../common/errors.js';

export const exitCodeUsage = 2;
export const exitCodeFailure = 1;

export function exitCodeFor(err: unknown): number {
  return err instanceof ConfigError ? exitCodeUsage : exitCodeFailure;
}

export function messageFor(err: unknown): string {
  if (err instanceof RocketMQError) return err.message;
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string') return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
