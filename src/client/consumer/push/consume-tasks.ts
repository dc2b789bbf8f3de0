// The consume tasks of a push consumer in flight, so that shutdown can wait for its handlers
// (awaitTerminationMs) before it commits offsets and leaves the group.
import type { Logger } from '../../../common/logger.js';
import { settlesWithin } from './settles-within.js';

export class ConsumeTasks {
  private running = 0;
  /** Called when the count falls to 0. */
  private drained: (() => void) | undefined;

  /** `failed`: a task that rejected (handlers' own errors are caught before; this is a bug or a broker call). */
  constructor(private readonly failed: (error: unknown) => void) {}

  track(task: Promise<void>): void {
    this.running++;
    task.then(this.done, (error: unknown) => {
      this.failed(error);
      this.done();
    });
  }

  /** Resolves when every tracked task has settled, or after `timeoutMs` with a warning. */
  async settle(timeoutMs: number, logger: Logger | undefined): Promise<void> {
    if (this.running === 0) return;
    const idle = new Promise<void>((resolve) => {
      this.drained = resolve;
    });
    if (!(await settlesWithin(idle, timeoutMs))) {
      logger?.warn({ running: this.running }, 'handlers still running at shutdown; their messages will be consumed again');
    }
  }

  private readonly done = (): void => {
    if (--this.running > 0) return;
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  };
}
