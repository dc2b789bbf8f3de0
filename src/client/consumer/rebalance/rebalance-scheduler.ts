// When rebalances run (RocketMQ's RebalanceService): at start, every rebalanceInterval (20 s),
// and at once when asked (NOTIFY_CONSUMER_IDS_CHANGED, a route change, a new subscription).
// Rounds never overlap; asking during a round runs exactly one more round after it, so the
// newest membership is always seen. A round that reports missing information (no route or no
// members yet, e.g. a %RETRY% topic just created) is retried after retrySoonMs instead of the
// full interval.
export const rebalanceIntervalMsDefault = 20_000;
/** Wait before retrying a round that lacked a route or member list. */
export const rebalanceRetrySoonMs = 1_000;

export class RebalanceScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly retrySoonMs: number = rebalanceRetrySoonMs,
  ) {}

  start(): void {
    this.stopped = false;
    this.request();
  }

  /** A round as soon as possible; resolves when a round that started after this call has ended. */
  request(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running !== undefined) {
      this.pending = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.loop();
    return this.running;
  }

  /** Stops scheduling and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async loop(): Promise<void> {
    let retrySoon: boolean;
    do {
      this.pending = false;
      try {
        retrySoon = await this.round();
      } catch (error) {
        retrySoon = true;
        this.onError(error);
      }
    } while (this.pending && !this.stopped);
    this.running = undefined;
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.request(), retrySoon ? this.retrySoonMs : this.intervalMs);
    this.timer.unref();
  }
}
