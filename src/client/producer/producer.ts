// The producer (RocketMQ's DefaultMQProducer): sends through the client instance it shares with
// the process's other clients of the same client id.
//
//   const producer = createProducer({ nameServer: '127.0.0.1:9876', group: 'G' });
//   await producer.start();
//   const result = await producer.send({ topic: 'T', body: 'hello', tags: 'TagA', keys: ['k1'] });
//   await producer.shutdown();
import { EventEmitter } from 'node:events';
import { UniqueIdGenerator } from '../../common/message/message-id.js';
import type { MessageQueue } from '../../common/message/message-queue.js';
import type {
  BatchSendResult,
  Message,
  Producer as ProducerApi,
  ProducerEvents,
  ProducerOptions,
  SendAttemptEvent,
  SendOptions,
  SendResult,
  SendStatus,
} from '../api.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { ClientStateError } from '../errors/client-errors.js';
import type { ClientInstance } from '../instance/client-instance.js';
import { acquireClientInstance } from '../instance/instance-registry.js';
import { isTransportError } from '../instance/transport-errors.js';
import { AutoBatcher, resolveAutoBatchSettings, type AutoBatchSettings } from './auto-batch.js';
import { checkBatch, splitBatch } from './batch-encoding.js';
import { FaultStrategy } from './fault-strategy.js';
import { encodeMessage, type EncodedMessage } from './message-encoding.js';
import { retryTopicPrefix } from './message-validation.js';
import { resolveProducerSettings, type ProducerSettings } from './producer-options.js';
import { batchSendResultOf, sendResultOf } from './send-response.js';
import { sendBatchRequest, sendMessageRequest, type SendHeaderContext } from './send-request.js';
import { isPinned } from './queue-selectors.js';
import { pickTarget, sendWithRetries, untilAborted, type SendContext, type SendJob } from './send-with-retries.js';

type State = 'created' | 'starting' | 'running' | 'stopped';

export class ProducerClient extends EventEmitter<ProducerEvents> implements ProducerApi {
  readonly group: string;
  private readonly options: ProducerOptions;
  private readonly settings: ProducerSettings;
  private readonly fault: FaultStrategy;
  private readonly headerContext: SendHeaderContext;
  private readonly autoBatch: AutoBatchSettings | undefined;
  private batcher: AutoBatcher | undefined;
  private instance: ClientInstance | undefined;
  private ids: UniqueIdGenerator | undefined;
  private ctx: SendContext | undefined;
  private state: State = 'created';

  constructor(options: ProducerOptions) {
    super();
    this.options = options;
    this.settings = resolveProducerSettings(options);
    this.group = this.settings.group;
    this.autoBatch = resolveAutoBatchSettings(options.autoBatch);
    this.fault = new FaultStrategy({
      enabled: this.settings.sendLatencyFaultEnable,
      latencyMaxMs: this.settings.latencyMaxMs,
      notAvailableDurationMs: this.settings.notAvailableDurationMs,
    });
    this.headerContext = {
      producerGroup: this.group,
      createTopicKey: this.settings.createTopicKey,
      defaultTopicQueueNums: this.settings.defaultTopicQueueNums,
    };
  }

  /** The shared instance's client id (known from start() on). */
  get clientId(): string {
    if (this.instance === undefined) throw new ClientStateError(`producer ${this.group} is not started`);
    return this.instance.clientId;
  }

  async start(): Promise<void> {
    if (this.state !== 'created') throw new ClientStateError(`producer ${this.group} was already started`);
    this.state = 'starting';
    const instance = acquireClientInstance(this.options);
    try {
      instance.registerProducer({ group: this.group });
    } catch (error) {
      this.state = 'stopped';
      await instance.release();
      throw error;
    }
    this.instance = instance;
    this.ids = new UniqueIdGenerator(instance.config.clientIp);
    this.ctx = {
      instance,
      settings: this.settings,
      autoCreate: { createTopicKey: this.settings.createTopicKey, defaultTopicQueueNums: this.settings.defaultTopicQueueNums },
      fault: this.fault,
      onAttempt: (build) => this.emitAttempt(build),
    };
    if (this.autoBatch !== undefined) {
      const ctx = this.ctx;
      this.batcher = new AutoBatcher(this.autoBatch, (topic, waitStoreMsgOk, body, msgIds) =>
        sendWithRetries(ctx, this.batchJob(topic, waitStoreMsgOk, body.bytes, msgIds, { topic, body: body.bytes }, {}, () => body.requests++)),
      );
    }
    this.state = 'running';
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    const instance = this.instance!;
    await this.batcher?.flush();
    await instance.unregisterProducer(this.group);
    await instance.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  /** Not an async function: the promise sendWithRetries makes is the caller's, no second one wraps it. */
  send(message: Message, options: SendOptions = {}): Promise<SendResult> {
    let encoded: EncodedMessage;
    try {
      this.running();
      encoded = encodeMessage(message, this.ids!, this.settings, true);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (this.batcher !== undefined) {
      const held = batchable(encoded, options) ? this.batcher.tryHold(encoded) : undefined;
      if (held !== undefined) return held;
      this.batcher.release(encoded.topic);
    }
    return sendWithRetries(this.ctx!, new MessageSendJob(message, options, this.headerContext, encoded));
  }

  async sendOneway(message: Message, options: SendOptions = {}): Promise<void> {
    const instance = this.running();
    const encoded = encodeMessage(message, this.ids!, this.settings, true);
    this.batcher?.release(encoded.topic);
    const { mq, addr } = await pickTarget(this.ctx!, { message, options }, undefined);
    const begin = Date.now();
    try {
      await untilAborted(instance.invokeBrokerOneway(addr, sendMessageRequest(this.headerContext, encoded, mq, true)), options.signal);
      this.fault.update(mq.brokerName, Date.now() - begin, false);
      this.emitAttempt(() => ({ kind: 'oneway', topic: message.topic, messageQueue: mq, brokerAddr: addr, attempt: 0, latencyMs: Date.now() - begin, outcome: 'ok', status: 'SEND_OK' }));
    } catch (error) {
      this.fault.update(mq.brokerName, Date.now() - begin, isTransportError(error));
      this.emitAttempt(() => ({ kind: 'oneway', topic: message.topic, messageQueue: mq, brokerAddr: addr, attempt: 0, latencyMs: Date.now() - begin, outcome: 'error', error: error as Error }));
      throw error;
    }
  }

  async sendBatch(messages: readonly Message[], options: SendOptions = {}): Promise<BatchSendResult[]> {
    this.running();
    const encoded: EncodedMessage[] = messages.map((m) => encodeMessage(m, this.ids!, this.settings, false));
    const { topic, waitStoreMsgOk } = checkBatch(encoded);
    this.batcher?.release(topic);
    const results: BatchSendResult[] = [];
    for (const part of splitBatch(encoded, this.settings.messageSizeMaxBytes)) {
      const msgIds = part.messages.map((m) => m.msgId);
      results.push(await sendWithRetries(this.ctx!, this.batchJob(topic, waitStoreMsgOk, part.body, msgIds, messages[0]!, options)));
    }
    return results;
  }

  /** One SEND_BATCH_MESSAGE request with its retries; `message` is what a selector sees; `onRequest` hears each attempt's request being built. */
  private batchJob(
    topic: string,
    waitStoreMsgOk: boolean,
    body: Buffer,
    msgIds: string[],
    message: Message,
    options: SendOptions,
    onRequest?: () => void,
  ): SendJob<BatchSendResult> {
    return {
      kind: 'batch',
      message,
      options,
      request: (mq: MessageQueue) => {
        onRequest?.();
        return sendBatchRequest(this.headerContext, topic, waitStoreMsgOk, body, mq);
      },
      result: (response, mq) => batchSendResultOf(response, msgIds, topic, mq.brokerName),
      status: (result) => result.status,
    };
  }

  /** Instrumentation: the event object is only built when a listener is attached. */
  private emitAttempt(build: () => SendAttemptEvent): void {
    if (this.listenerCount('send') > 0) this.emit('send', build());
  }

  private running(): ClientInstance {
    if (this.state !== 'running') throw new ClientStateError(`producer ${this.group} is ${this.state === 'stopped' ? 'shut down' : 'not started'}`);
    return this.instance!;
  }
}

/**
 * Whether an auto-batching producer may hold a send for a batch: not pinned to a queue (the
 * caller chose the queue), no signal or own time budget, no delay, not compressed, not to a
 * retry topic (batches refuse those).
 */
function batchable(m: EncodedMessage, options: SendOptions): boolean {
  return (
    !isPinned(options) &&
    options.signal === undefined &&
    options.timeoutMs === undefined &&
    m.delayLevel === 0 &&
    m.sysFlag === 0 &&
    !m.topic.startsWith(retryTopicPrefix)
  );
}

/** One message's send, as methods rather than closures: one object per send. */
class MessageSendJob implements SendJob<SendResult> {
  readonly kind = 'send';

  constructor(
    readonly message: Message,
    readonly options: SendOptions,
    private readonly headerContext: SendHeaderContext,
    private readonly encoded: EncodedMessage,
  ) {}

  request(mq: MessageQueue): RemotingCommand {
    return sendMessageRequest(this.headerContext, this.encoded, mq);
  }

  result(response: RemotingCommand, mq: MessageQueue): SendResult {
    return sendResultOf(response, this.encoded.msgId, this.encoded.topic, mq.brokerName);
  }

  status(result: SendResult): SendStatus {
    return result.status;
  }
}

export function createProducer(options: ProducerOptions): ProducerClient {
  return new ProducerClient(options);
}
