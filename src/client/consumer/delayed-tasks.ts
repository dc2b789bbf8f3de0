// The one-shot delayed actions of a consumer (retry a pull, resubmit a failed batch, try a lock
// again, a delayed unlock). They keep the process alive like the consumer's connections do, and
// shutdown cancels the ones not yet run.
export class DelayedTasks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  /** Runs `fn` after `delayMs` unless cancelled first; a rejection goes to `onError`. */
  schedule(delayMs: number, fn: () => void | Promise<void>, onError: (error: unknown) => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        void Promise.resolve(fn()).catch(onError);
      } catch (error) {
        onError(error);
      }
    }, delayMs);
    this.timers.add(timer);
  }

  /** Resolves after `delayMs`, or at once when the signal aborts or the tasks are cancelled. */
  sleep(delayMs: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      this.sleepers.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Cancels every pending action; later schedules are ignored. */
  cancelAll(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of [...this.sleepers]) wake();
  }
}
