// What the bench runner drives: a load that records each operation into BenchStats until told
// to stop. Produce and consume each implement it over the SDK.
import type { Logger } from '../../common/logger.js';
import type { BenchStats } from './bench-stats.js';

export interface BenchLoad {
  /** Creates the client and starts the load; from now on operations land in the stats. */
  start(): Promise<void>;
  /** Starts nothing new, waits (bounded) for what is in flight, shuts the client down. */
  stop(): Promise<void>;
}

/** What a load is given. */
export interface LoadContext {
  stats: BenchStats;
  /** Called with every failure; the runner prints the first and counts the rest. */
  onError(error: unknown): void;
  /** The SDK's logger (warnings and errors of the client go to stderr). */
  logger: Logger;
}
