// The produce load of `rmq bench produce` (RocketMQ's benchmark Producer) over the SDK producer.
//   sync    `concurrency` workers, each awaiting its send before the next (RocketMQ's sync sends
//           from that many threads);
//   async   a window of `concurrency` sends, refilled from each answer's callback;
//   oneway  sendOneway with `concurrency` writes in flight; its latency is the time to write.
// With batchSize > 1 each operation is one sendBatch of that many messages; TPS counts messages.
// A failed operation's slot pauses failurePauseMs before its next send, so a broker that is down
// is not hammered by a tight loop of instant failures.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Message, Producer } from '../../client/api.js';
import { createProducer } from '../../client/producer/producer.js';
import type { BenchLoad, LoadContext } from './bench-load.js';
import type { ProduceSettings } from './bench-options.js';

export const failurePauseMs = 1_000;
/** How long stop() waits for sends in flight (above the SDK's 3 s send budget). */
export const drainTimeoutMs = 10_000;
const usPerMs = 1000;

export class ProduceLoad implements BenchLoad {
  private producer: Producer | undefined;
  private readonly stopController = new AbortController();
  private readonly messages: readonly Message[];
  private inFlight = 0;
  private readonly workers: Promise<void>[] = [];
  private onDrained: (() => void) | undefined;

  constructor(
    private readonly settings: ProduceSettings,
    private readonly ctx: LoadContext,
  ) {
    const body = randomBytes(settings.messageSizeBytes);
    this.messages = Array.from({ length: settings.batchSize }, () => ({ topic: settings.topic, body }));
  }

  async start(): Promise<void> {
    const { settings } = this;
    this.producer = createProducer({ nameServer: settings.namesrvAddr, group: settings.group, logger: this.ctx.logger, autoBatch: settings.autoBatch });
    await this.producer.start();
    if (settings.mode === 'sync') {
      for (let i = 0; i < settings.concurrency; i++) this.workers.push(this.worker());
    } else {
      this.pump();
    }
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    const drained = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.onDrained = resolve));
    await Promise.race([Promise.all([drained, ...this.workers]), sleep(drainTimeoutMs, undefined, { ref: false })]);
    await this.producer?.shutdown();
  }

  private get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  private async worker(): Promise<void> {
    while (!this.stopping) {
      if (!(await this.sendOne())) await this.pause();
    }
  }

  /** Keeps `concurrency` sends in flight (async and oneway). */
  private pump(): void {
    while (!this.stopping && this.inFlight < this.settings.concurrency) {
      void this.sendOne().then((ok) => (ok ? this.pump() : this.pause().then(() => this.pump())));
    }
  }

  /** One operation, recorded; resolves whether it succeeded. */
  private sendOne(): Promise<boolean> {
    const begin = performance.now();
    const count = this.messages.length;
    this.inFlight++;
    return this.operation().then(
      () => {
        this.ctx.stats.record((performance.now() - begin) * usPerMs, count);
        return this.settle(true);
      },
      (error: unknown) => {
        this.ctx.stats.fail(count);
        this.ctx.onError(error);
        return this.settle(false);
      },
    );
  }

  private operation(): Promise<unknown> {
    const producer = this.producer!;
    if (this.messages.length > 1) return producer.sendBatch(this.messages);
    return this.settings.mode === 'oneway' ? producer.sendOneway(this.messages[0]!) : producer.send(this.messages[0]!);
  }

  private settle(ok: boolean): boolean {
    if (--this.inFlight === 0 && this.stopping) this.onDrained?.();
    return ok;
  }

  /** failurePauseMs, cut short by stop(). */
  private pause(): Promise<void> {
    return sleep(failurePauseMs, undefined, { signal: this.stopController.signal }).catch(() => undefined);
  }
}
