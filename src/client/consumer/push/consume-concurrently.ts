// Concurrent consumption (RocketMQ's ConsumeMessageConcurrentlyService): pulled messages are cut
// into batches of consumeMessageBatchMaxSize; each batch runs the handler when one of the
// consumeConcurrency slots is free, in any order across queues and within a queue.
// After the handler:
//   CONSUME_SUCCESS  -> the batch is done;
//   RECONSUME_LATER  -> CLUSTERING: each message is sent back (CONSUMER_SEND_MSG_BACK with the
//                       context's delayLevelWhenNextConsume; failing that, sent to %RETRY%group
//                       through the producer path) and is then done; a message that cannot be
//                       sent back either stays cached and is consumed again here after 5 s.
//                       BROADCASTING: there is no retry; the failure is logged and the batch is done.
// The queue's offset moves to its smallest still-cached offset (ProcessQueue.removeMessages),
// so a slow message holds the committed offset back, never forward past it.
import { PropertyKey } from '../../../common/message/property-keys.js';
import { setMessageProperty } from '../../instance/received-message.js';
import type { ConsumeContext, ConsumedMessage, ConsumeStatus } from '../consumer-api.js';
import type { ConsumeService, PushContext, PushQueue } from './push-context.js';

/** How long a batch whose send-back failed waits before it is consumed again here. */
export const consumeAgainAfterSendBackFailureMs = 5_000;

export class ConcurrentConsumeService implements ConsumeService {
  constructor(private readonly ctx: PushContext) {}

  start(): void {}

  submit(messages: ConsumedMessage[], entry: PushQueue): void {
    const size = this.ctx.settings.consumeMessageBatchMaxSize;
    for (let i = 0; i < messages.length; i += size) {
      this.ctx.track(this.consume(messages.slice(i, i + size), entry));
    }
  }

  async shutdown(): Promise<void> {}

  private async consume(batch: ConsumedMessage[], entry: PushQueue): Promise<void> {
    const { ctx } = this;
    const { pq, queue } = entry;
    await ctx.limiter.acquire();
    try {
      if (pq.dropped || ctx.stopping()) return;
      const context: ConsumeContext = {
        messageQueue: queue,
        delayLevelWhenNextConsume: 0,
        suspendCurrentQueueTimeMs: ctx.settings.suspendCurrentQueueTimeMs,
      };
      const startedAt = String(Date.now());
      for (const m of batch) setMessageProperty(m, PropertyKey.CONSUME_START_TIMESTAMP, startedAt);
      const status = await ctx.callHandler(batch, context);
      if (pq.dropped) {
        ctx.logger.warn({ queue, count: batch.length }, 'queue dropped while consuming; these messages may be consumed again');
        return;
      }
      await this.processResult(status, batch, context, entry);
    } finally {
      ctx.limiter.release();
    }
  }

  private async processResult(status: ConsumeStatus, batch: ConsumedMessage[], context: ConsumeContext, entry: PushQueue): Promise<void> {
    const { ctx } = this;
    const { pq, queue } = entry;
    let done = batch;
    if (status === 'RECONSUME_LATER') {
      if (ctx.settings.messageModel === 'BROADCASTING') {
        ctx.logger.warn({ queue, msgIds: batch.map((m) => m.msgId) }, 'BROADCASTING consumption failed; broadcast messages are not retried, dropped');
      } else {
        const failed: ConsumedMessage[] = [];
        for (const message of batch) {
          if (!(await this.sendBack(message, context, entry))) {
            message.reconsumeTimes++;
            failed.push(message);
          }
        }
        if (failed.length > 0) {
          done = batch.filter((m) => !failed.includes(m));
          ctx.delays.schedule(
            consumeAgainAfterSendBackFailureMs,
            () => this.submit(failed, entry),
            (error) => ctx.failure('sendBack', queue, error),
          );
        }
      }
    }
    const offset = pq.removeMessages(done);
    if (offset >= 0 && !pq.dropped) ctx.offsetStore.updateOffset(queue, offset, true);
  }

  /** CONSUMER_SEND_MSG_BACK, else a send to %RETRY%group; false when both failed. */
  private async sendBack(message: ConsumedMessage, context: ConsumeContext, entry: PushQueue): Promise<boolean> {
    const { ctx } = this;
    const maxReconsumeTimes = ctx.settings.maxReconsumeTimes;
    try {
      await ctx.rpc.sendMessageBack({
        commitLogOffset: message.commitLogOffset,
        brokerName: entry.queue.brokerName,
        storeHost: message.storeHost,
        delayLevel: context.delayLevelWhenNextConsume,
        originMsgId: message.msgId,
        originTopic: message.topic,
        maxReconsumeTimes,
      });
      return true;
    } catch (error) {
      ctx.failure('sendBack', entry.queue, error);
    }
    try {
      await ctx.retrySender.send(message, message.reconsumeTimes + 1, maxReconsumeTimes);
      return true;
    } catch (error) {
      ctx.failure('sendBack', entry.queue, error);
      return false;
    }
  }
}
