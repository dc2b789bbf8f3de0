// A background task run after an initial delay and then every interval, never two runs at once
// (the next run is scheduled when one ends). Timers are unref'd: background work alone does not
// keep a process alive. A run's failure is handed to onError and the schedule goes on.
export interface PeriodicTaskOptions {
  initialDelayMs: number;
  intervalMs: number;
  onError: (error: unknown) => void;
}

export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    readonly name: string,
    private readonly run: () => Promise<void>,
    private readonly options: PeriodicTaskOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.options.initialDelayMs);
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs now (joining a run in progress) and keeps the schedule. */
  async runNow(): Promise<void> {
    if (this.running !== undefined) return this.running;
    clearTimeout(this.timer);
    this.running = this.runOnce();
    try {
      await this.running;
    } finally {
      this.running = undefined;
      if (!this.stopped) this.schedule(this.options.intervalMs);
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.options.onError(error);
    }
  }
}
