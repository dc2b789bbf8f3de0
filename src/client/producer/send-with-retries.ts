// The send path of one message or one batch request (RocketMQ's sendDefaultImpl and
// sendSelectImpl): find the topic's queues (auto-creation through the template topic), pick a
// queue (fault strategy, or the pinned queue), send, and on a retryable failure try again within
// the send's time budget. Recoveries by retry class: switchBroker -> the fault strategy moves
// away from the broker that failed; refreshRoute -> the route is fetched again; backoff -> wait.
// Pinned (ordered) sends never move to another broker.
import { InvalidArgumentError, RocketMQError } from '../../common/errors.js';
import type { MessageQueue } from '../../common/message/message-queue.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import type { Message, SendAttemptEvent, SendOptions, SendStatus } from '../api.js';
import { BrokerNotFoundError, RequestTimeoutError } from '../errors/client-errors.js';
import { errorFromResponse } from '../errors/response-error-table.js';
import type { AutoCreateTopic, InvokeOptions } from '../instance/client-instance.js';
import type { TopicPublishInfo } from '../instance/topic-publish-info.js';
import { isTransportError } from '../instance/transport-errors.js';
import { retry } from '../retry.js';
import type { FaultStrategy } from './fault-strategy.js';
import type { ProducerSettings } from './producer-options.js';
import { isPinned, pinnedQueue } from './queue-selectors.js';
import { storedResponseCodes } from './send-response.js';

/** The part of the client instance the send path uses (ClientInstance implements it). */
export interface SendTransport {
  cachedPublishInfo(topic: string): TopicPublishInfo | undefined;
  findPublishInfo(topic: string, autoCreate?: AutoCreateTopic): Promise<TopicPublishInfo>;
  findBrokerAddressInPublish(brokerName: string): string | undefined;
  refreshTopicRoute(topic: string): Promise<void>;
  invokeBroker(addr: string, request: RemotingCommand, options?: InvokeOptions): Promise<RemotingCommand>;
  /** The broker's answer whatever its code (the first attempt checks the code itself: one promise fewer). */
  invokeBrokerAnyAnswer(addr: string, request: RemotingCommand, timeoutMs: number): Promise<RemotingCommand>;
}

export interface SendContext {
  instance: SendTransport;
  settings: ProducerSettings;
  /** How topics unknown to the NameServers are sent anyway; default: from the settings. */
  autoCreate?: AutoCreateTopic;
  fault: FaultStrategy;
  /** Called after each attempt; builds the event only when someone listens. */
  onAttempt(build: () => SendAttemptEvent): void;
}

export interface SendJob<R> {
  kind: 'send' | 'batch';
  /** The message a selector sees (the first one for a batch). */
  message: Message;
  options: SendOptions;
  /** A fresh request for each attempt. */
  request(mq: MessageQueue): RemotingCommand;
  result(response: RemotingCommand, mq: MessageQueue): R;
  status(result: R): SendStatus;
}

/** A stored but not SEND_OK result, resent elsewhere when retryAnotherBrokerWhenNotStoreOk. */
class StoredNotOk<R> extends RocketMQError {
  override readonly name = 'StoredNotOk';
  constructor(readonly result: R) {
    super('stored with a status other than SEND_OK', { retry: 'switchBroker' });
  }
}

/**
 * Sends with retries. The first attempt of a send whose queue and broker address are known from
 * the cache (and that has no abort signal) goes straight out, its answer handled in one `then`:
 * most sends end there. Anything else, and every retry, goes through the retry loop.
 */
export function sendWithRetries<R>(ctx: SendContext, job: SendJob<R>): Promise<R> {
  const timeoutMs = job.options.timeoutMs ?? ctx.settings.sendMsgTimeoutMs;
  if (!(timeoutMs > 0)) return Promise.reject(new InvalidArgumentError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`));
  const deadline = Date.now() + timeoutMs;
  let target: Target | undefined;
  try {
    target = job.options.signal === undefined ? cachedTarget(ctx, job) : undefined;
  } catch (error) {
    return Promise.reject(error as Error);
  }
  if (target === undefined) return sendInRetryLoop(ctx, job, timeoutMs, deadline, undefined);

  const { instance, settings, fault } = ctx;
  const { mq, addr } = target;
  const begin = Date.now();
  let request: RemotingCommand | undefined;
  let pending: Promise<RemotingCommand>;
  try {
    request = job.request(mq);
    pending = instance.invokeBrokerAnyAnswer(addr, request, timeoutMs);
  } catch (error) {
    pending = Promise.reject(error as Error);
  }
  const failed = (error: unknown): Promise<R> => {
    const latencyMs = Date.now() - begin;
    fault.update(mq.brokerName, latencyMs, avoidsBroker(error));
    ctx.onAttempt(() => ({ kind: job.kind, topic: job.message.topic, messageQueue: mq, brokerAddr: addr, attempt: 0, latencyMs, outcome: 'error', error: error as Error }));
    return sendInRetryLoop(ctx, job, timeoutMs, deadline, { error, brokerName: mq.brokerName });
  };
  return pending.then((response) => {
    const latencyMs = Date.now() - begin;
    let result: R;
    let status: SendStatus;
    try {
      if (!storedResponseCodes.includes(response.code)) throw errorFromResponse(addr, request!.code, response);
      result = job.result(response, mq);
      status = job.status(result);
    } catch (error) {
      return failed(error);
    }
    fault.update(mq.brokerName, latencyMs, false);
    ctx.onAttempt(() => ({ kind: job.kind, topic: job.message.topic, messageQueue: mq, brokerAddr: addr, attempt: 0, latencyMs, outcome: 'ok', status }));
    if (status !== 'SEND_OK' && settings.retryAnotherBrokerWhenNotStoreOk && !isPinned(job.options) && settings.retryTimesWhenSendFailed > 0) {
      return sendInRetryLoop(ctx, job, timeoutMs, deadline, { error: new StoredNotOk(result), brokerName: mq.brokerName });
    }
    return result;
  }, failed);
}

interface Target {
  mq: MessageQueue;
  addr: string;
}

/** The first attempt's target when the route and the broker address are cached; else undefined. */
function cachedTarget<R>(ctx: SendContext, job: Pick<SendJob<R>, 'message' | 'options'>): Target | undefined {
  const info = ctx.instance.cachedPublishInfo(job.message.topic);
  if (info === undefined) return undefined;
  const mq = pinnedQueue(info.queues, job.message, job.options) ?? ctx.fault.selectQueue(info, undefined);
  const addr = ctx.instance.findBrokerAddressInPublish(mq.brokerName);
  return addr === undefined ? undefined : { mq, addr };
}

/** An attempt already made by the fast path, which failed (or stored with another status than SEND_OK). */
interface FirstFailure {
  error: unknown;
  brokerName: string;
}

async function sendInRetryLoop<R>(ctx: SendContext, job: SendJob<R>, timeoutMs: number, deadline: number, first: FirstFailure | undefined): Promise<R> {
  const { instance, settings, fault } = ctx;
  const topic = job.message.topic;
  const pinned = isPinned(job.options);
  const signal = job.options.signal;
  const retries = settings.retryTimesWhenSendFailed;
  let lastBrokerName: string | undefined;
  let lastError: unknown;

  const attemptOnce = async (attempt: number): Promise<R> => {
    if (attempt === 0 && first !== undefined) {
      lastBrokerName = first.brokerName;
      if (!(first.error instanceof StoredNotOk)) lastError = first.error;
      throw first.error;
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw new RequestTimeoutError(`send to ${topic} ran out of its ${timeoutMs} ms budget`, timeoutMs, lastError);
    const { mq, addr } = await pickTarget(ctx, job, lastBrokerName);
    lastBrokerName = mq.brokerName;
    const begin = Date.now();
    try {
      const response = await untilAborted(instance.invokeBroker(addr, job.request(mq), { timeoutMs: remainingMs, accept: storedResponseCodes }), signal);
      const latencyMs = Date.now() - begin;
      fault.update(mq.brokerName, latencyMs, false);
      const result = job.result(response, mq);
      const status = job.status(result);
      ctx.onAttempt(() => ({ kind: job.kind, topic, messageQueue: mq, brokerAddr: addr, attempt, latencyMs, outcome: 'ok', status }));
      if (status !== 'SEND_OK' && settings.retryAnotherBrokerWhenNotStoreOk && !pinned && attempt < retries) throw new StoredNotOk(result);
      return result;
    } catch (error) {
      if (error instanceof StoredNotOk) throw error;
      const latencyMs = Date.now() - begin;
      fault.update(mq.brokerName, latencyMs, avoidsBroker(error));
      ctx.onAttempt(() => ({ kind: job.kind, topic, messageQueue: mq, brokerAddr: addr, attempt, latencyMs, outcome: 'error', error: error as Error }));
      lastError = error;
      throw error;
    }
  };

  try {
    return await retry(attemptOnce, {
      retries,
      backoff: settings.backoff,
      deadline,
      signal,
      onRetry: async (error) => {
        if (pinned && error.retry === 'switchBroker') throw error;
        if (error.retry === 'refreshRoute') await instance.refreshTopicRoute(topic).catch(() => undefined);
      },
    });
  } catch (error) {
    if (error instanceof StoredNotOk) return error.result as R;
    throw error;
  }
}

/** The queue and broker address of the next attempt. */
export async function pickTarget<R>(ctx: SendContext, job: Pick<SendJob<R>, 'message' | 'options'>, lastBrokerName: string | undefined): Promise<{ mq: MessageQueue; addr: string }> {
  const { instance, fault } = ctx;
  const topic = job.message.topic;
  const autoCreate = ctx.autoCreate ?? { createTopicKey: ctx.settings.createTopicKey, defaultTopicQueueNums: ctx.settings.defaultTopicQueueNums };
  const info = instance.cachedPublishInfo(topic) ?? (await untilAborted(instance.findPublishInfo(topic, autoCreate), job.options.signal));
  const mq = pinnedQueue(info.queues, job.message, job.options) ?? fault.selectQueue(info, lastBrokerName);
  let addr = instance.findBrokerAddressInPublish(mq.brokerName);
  if (addr === undefined) {
    await instance.refreshTopicRoute(topic);
    addr = instance.findBrokerAddressInPublish(mq.brokerName);
    if (addr === undefined) throw new BrokerNotFoundError(mq.brokerName);
  }
  return { mq, addr };
}

/**
 * Whether a failure makes the fault strategy avoid the broker: transport failures and broker
 * answers of class switchBroker or backoff. (RocketMQ isolates on any failure; a refused message
 * or a stale route says nothing about the broker's health.)
 */
function avoidsBroker(error: unknown): boolean {
  if (isTransportError(error)) return true;
  return error instanceof RocketMQError && (error.retry === 'switchBroker' || error.retry === 'backoff');
}

/** `promise`, or a rejection with `signal.reason` as soon as the signal aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
