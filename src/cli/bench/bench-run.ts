// Runs one bench load: a live line every second, until the duration ends or SIGINT/SIGTERM
// arrives (a second signal exits at once), then a clean stop and the summary. The first failure
// is printed on stderr as it happens; the others are counted in the lines. After the summary,
// a line gives this process's CPU time (user + system, start to stop, not the shutdown) per
// message. A run in which nothing succeeded and something failed ends with BenchFailedError
// (exit 1).
import { performance } from 'node:perf_hooks';
import { RocketMQError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { BenchLoad, LoadContext } from './bench-load.js';
import { liveLine, summaryLines, type BenchKind } from './bench-report.js';
import { BenchStats, type RunSummary } from './bench-stats.js';

export const liveLineIntervalMs = 1_000;
const stopSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const forcedExitCode = 130;

export class BenchFailedError extends RocketMQError {
  override readonly name = 'BenchFailedError';
}

export interface BenchRunOptions {
  kind: BenchKind;
  /** Describes the run in the first line and the summary. */
  title: string;
  /** Undefined: until a signal. */
  durationMs: number | undefined;
  logger: Logger;
  makeLoad(ctx: LoadContext): BenchLoad;
  /** Where lines go (stdout in the CLI). */
  write(line: string): void;
  /** Where the first failure goes (stderr in the CLI). */
  writeError(line: string): void;
}

export async function runBench(options: BenchRunOptions): Promise<RunSummary> {
  const { kind, write } = options;
  const stats = new BenchStats(() => performance.now());
  let firstError: string | undefined;
  const onError = (error: unknown): void => {
    if (firstError !== undefined) return;
    firstError = error instanceof Error ? error.message : String(error);
    options.writeError(`rmq bench ${kind}: ${kind === 'produce' ? 'send' : 'consumer'} failed: ${firstError} (further failures are counted)`);
  };
  const load = options.makeLoad({ stats, onError, logger: options.logger });
  const stop = stopOnSignalOrDuration(options.durationMs);
  write(`rmq bench ${kind}: ${options.title}; ${options.durationMs === undefined ? 'until Ctrl-C' : `for ${options.durationMs / 1000} s`}`);
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  let cpuUs: number | undefined;
  const ticker = setInterval(() => write(liveLine(kind, (performance.now() - startedAt) / 1000, stats.takeWindow())), liveLineIntervalMs);
  const starting = load.start();
  let stoppedAtMs: number | undefined;
  try {
    // A start that fails ends the run at once.
    await Promise.race([starting, stop.stopped]);
    await stop.stopped;
  } finally {
    stoppedAtMs = performance.now();
    const cpu = process.cpuUsage(cpuAtStart);
    cpuUs = cpu.user + cpu.system;
    clearInterval(ticker);
    if (stats.windowElapsedMs() >= liveLineIntervalMs / 2) write(liveLine(kind, (performance.now() - startedAt) / 1000, stats.takeWindow()));
    await starting.catch(() => undefined);
    await load.stop();
    stop.dispose();
  }
  const summary = stats.summary(stoppedAtMs);
  for (const line of summaryLines(kind, options.title, summary)) write(line);
  if (summary.messages > 0 && cpuUs !== undefined) write(cpuLine(cpuUs, summary.messages));
  if (summary.messages === 0 && summary.failures > 0) {
    throw new BenchFailedError(`nothing was ${kind === 'produce' ? 'sent' : 'consumed'}; first failure: ${firstError}`);
  }
  return summary;
}

function cpuLine(cpuUs: number, messages: number): string {
  return `CPU (this process): ${(cpuUs / messages).toFixed(2)} us/msg, ${(cpuUs / 1e6).toFixed(3)} s user + system`;
}

/**
 * Resolves at the end of the duration or on the first SIGINT/SIGTERM. Once stopping, a signal
 * exits at once (the clean stop is taking too long for the user).
 */
function stopOnSignalOrDuration(durationMs: number | undefined): { stopped: Promise<void>; dispose(): void } {
  let resolveStopped = (): void => {};
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const forceExit = (): never => process.exit(forcedExitCode);
  const requestStop = (): void => {
    for (const s of stopSignals) process.off(s, requestStop).on(s, forceExit);
    resolveStopped();
  };
  for (const s of stopSignals) process.on(s, requestStop);
  const timer = durationMs === undefined ? undefined : setTimeout(requestStop, durationMs);
  return {
    stopped,
    dispose: () => {
      clearTimeout(timer);
      for (const s of stopSignals) process.off(s, requestStop).off(s, forceExit);
    },
  };
}
