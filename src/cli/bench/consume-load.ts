// The consume load of `rmq bench consume` (RocketMQ's benchmark Consumer) over the SDK's push
// consumer: CLUSTERING, one subscription ('*'), `concurrency` handlers at once. Each message
// records its end-to-end latency, now - bornTimestamp (the producer's clock, ms resolution; the
// producer and this process should share a host or synchronised clocks). Background failures
// (pulls, offset commits) are counted.
import type { PushConsumer } from '../../client/consumer/consumer-api.js';
import { createPushConsumer } from '../../client/consumer/push/push-consumer.js';
import type { BenchLoad, LoadContext } from './bench-load.js';
import type { ConsumeSettings } from './bench-options.js';

const usPerMs = 1000;

export class ConsumeLoad implements BenchLoad {
  private consumer: PushConsumer | undefined;

  constructor(
    private readonly settings: ConsumeSettings,
    private readonly ctx: LoadContext,
  ) {}

  async start(): Promise<void> {
    const { settings, ctx } = this;
    this.consumer = createPushConsumer({
      nameServer: settings.namesrvAddr,
      group: settings.group,
      consumeFromWhere: settings.from === 'first' ? 'FIRST_OFFSET' : 'LAST_OFFSET',
      consumeConcurrency: settings.concurrency,
      logger: ctx.logger,
    })
      .subscribe(settings.topic, '*')
      .onMessage((message) => {
        ctx.stats.record((Date.now() - message.bornTimestamp) * usPerMs);
      })
      .on('failure', (event) => {
        ctx.stats.fail(1);
        ctx.onError(event.error);
      });
    await this.consumer.start();
  }

  /** The push consumer's shutdown waits for running handlers and commits the offsets. */
  async stop(): Promise<void> {
    await this.consumer?.shutdown();
  }
}
