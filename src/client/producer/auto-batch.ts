// Auto-batching (RocketMQ 5's DefaultMQProducer.setAutoBatch / ProduceAccumulator): plain sends
// to one topic with one WAIT flag are held briefly and go out together as one
// SEND_BATCH_MESSAGE; each caller's promise settles with its own message's result, split from
// the batch's answer (its own msgId, offsetMsgId and queueOffset = the batch's first + index).
//
// When a held batch goes out: at the end of the event-loop turn it was started in (maxDelayMs 0,
// the default: sends issued together travel together and none waits for a timer), after
// maxDelayMs (Java's batchMaxDelayMs, 10 ms there), or at once when it reaches maxBytes. While
// totalMaxBytes are held or sent and not yet answered, further sends go out alone (Java: the
// same bound, 32 MiB, counted the same way).
// Batches of one key leave in the order they were started, each with its messages in call
// order, and a send of the topic that goes alone first sends what is held for the topic
// (release), so a one-queue topic stores every send in call order.
// The key is the topic and the WAIT flag, not the tags (Java's key also holds them): the
// request's own properties carry only WAIT, each entry carries its own tags, and brokers store
// each entry's properties as they are.
import { ConfigError } from '../../common/errors.js';
import { giveBatchBuffer, takeBatchBuffer } from '../../remoting/net/batch-buffers.js';
import type { AutoBatchOptions, BatchSendResult, SendResult } from '../api.js';
import { batchEntryBytes, batchPropertiesBytesMax, writeBatchBody, type BatchEntry } from './batch-encoding.js';
import type { EncodedMessage } from './message-encoding.js';

/** Java's batchMaxBytes default: 32 KiB; its upper bound: 2 MiB. */
export const autoBatchMaxBytesDefault = 32 * 1024;
export const autoBatchMaxBytesLimit = 2 * 1024 * 1024;
/** Java's totalBatchMaxBytes default: 32 MiB held at most. */
export const autoBatchTotalMaxBytesDefault = 32 * 1024 * 1024;
/** Java's batchMaxDelayMs bound: 30 s. */
export const autoBatchMaxDelayMsLimit = 30_000;

export interface AutoBatchSettings {
  /** 0: until the end of the current event-loop turn. */
  maxDelayMs: number;
  maxBytes: number;
  totalMaxBytes: number;
}

/** `autoBatch` of ProducerOptions resolved; undefined when off. */
export function resolveAutoBatchSettings(option: boolean | AutoBatchOptions | undefined): AutoBatchSettings | undefined {
  if (option === undefined || option === false) return undefined;
  const given = option === true ? {} : option;
  const maxDelayMs = bounded(given.maxDelayMs, 0, 'autoBatch.maxDelayMs', 0, autoBatchMaxDelayMsLimit);
  const maxBytes = bounded(given.maxBytes, autoBatchMaxBytesDefault, 'autoBatch.maxBytes', 1, autoBatchMaxBytesLimit);
  const totalMaxBytes = bounded(given.totalMaxBytes, autoBatchTotalMaxBytesDefault, 'autoBatch.totalMaxBytes', maxBytes);
  return { maxDelayMs, maxBytes, totalMaxBytes };
}

function bounded(value: number | undefined, fallback: number, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${key} must be an integer in [${min}, ${max}], not ${value}`, key);
  return value;
}

/** A batch's body on its way; `requests` counts the requests built with it, one per attempt. */
export interface OutgoingBatchBody {
  readonly bytes: Buffer;
  requests: number;
}

/** Sends one batch body (the producer's batch path, with its retries), counting its requests. */
export type SendBatchBody = (topic: string, waitStoreMsgOk: boolean, body: OutgoingBatchBody, msgIds: string[]) => Promise<BatchSendResult>;

/** The sends of one batch being held: columns, not an object per send. */
class HeldBatch {
  readonly entries: BatchEntry[] = [];
  readonly resolves: ((result: SendResult) => void)[] = [];
  readonly rejects: ((error: Error) => void)[] = [];
  bytes = 0;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: string,
    readonly topic: string,
    readonly waitStoreMsgOk: boolean,
  ) {}
}

export class AutoBatcher {
  private readonly open = new Map<string, HeldBatch>();
  /** Batches sent and not yet answered: shutdown waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Entry bytes held or sent and not yet answered. */
  private heldBytes = 0;
  private endOfTurnScheduled = false;
  private readonly sendEndOfTurn = (): void => {
    this.endOfTurnScheduled = false;
    for (const batch of [...this.open.values()]) if (batch.timer === undefined) this.dispatch(batch);
  };

  constructor(
    private readonly settings: AutoBatchSettings,
    private readonly sendBody: SendBatchBody,
  ) {}

  /** Holds the message for a batch and returns its result's promise; undefined when it must go alone. */
  tryHold(m: EncodedMessage): Promise<SendResult> | undefined {
    const entry: BatchEntry = { message: m, propertiesBytes: Buffer.byteLength(m.properties, 'utf8') };
    const size = batchEntryBytes(entry);
    if (entry.propertiesBytes > batchPropertiesBytesMax || size > this.settings.maxBytes || this.heldBytes + size > this.settings.totalMaxBytes) return undefined;
    const key = m.waitStoreMsgOk ? m.topic : noWaitKey(m.topic);
    let batch = this.open.get(key);
    if (batch === undefined) {
      batch = new HeldBatch(key, m.topic, m.waitStoreMsgOk);
      this.open.set(key, batch);
      this.schedule(batch);
    }
    const held = batch;
    const promise = new Promise<SendResult>((resolve, reject) => {
      held.resolves.push(resolve);
      held.rejects.push(reject);
    });
    held.entries.push(entry);
    held.bytes += size;
    this.heldBytes += size;
    if (held.bytes >= this.settings.maxBytes) this.dispatch(held);
    return promise;
  }

  /** Sends what is held for `topic` now (before a send of the topic that goes alone). */
  release(topic: string): void {
    if (this.open.size === 0) return;
    const held = this.open.get(topic);
    if (held !== undefined) this.dispatch(held);
    const heldNoWait = this.open.get(noWaitKey(topic));
    if (heldNoWait !== undefined) this.dispatch(heldNoWait);
  }

  /** Sends everything held now and resolves once every batch sent so far is answered. */
  async flush(): Promise<void> {
    for (const batch of [...this.open.values()]) this.dispatch(batch);
    await Promise.all([...this.inFlight]);
  }

  private schedule(batch: HeldBatch): void {
    if (this.settings.maxDelayMs > 0) {
      batch.timer = setTimeout(() => this.dispatch(batch), this.settings.maxDelayMs);
      return;
    }
    if (this.endOfTurnScheduled) return;
    this.endOfTurnScheduled = true;
    setImmediate(this.sendEndOfTurn);
  }

  private dispatch(batch: HeldBatch): void {
    if (this.open.get(batch.key) !== batch) return;
    this.open.delete(batch.key);
    if (batch.timer !== undefined) clearTimeout(batch.timer);
    const memory = takeBatchBuffer(batch.bytes);
    const body: OutgoingBatchBody = { bytes: writeBatchBody(batch.entries, batch.bytes, memory.subarray(0, batch.bytes)), requests: 0 };
    const msgIds = batch.entries.map((e) => e.message.msgId);
    const sent = this.sendBody(batch.topic, batch.waitStoreMsgOk, body, msgIds).then(
      (result) => {
        // Answered after its only request: the broker has every byte, no socket still reads them.
        // A failed or retried body may still sit in some connection's write queue, so it is dropped.
        if (body.requests === 1) giveBatchBuffer(memory);
        settleEach(batch, result);
      },
      (error: unknown) => {
        for (const reject of batch.rejects) reject(error as Error);
      },
    );
    this.inFlight.add(sent);
    void sent.finally(() => {
      this.inFlight.delete(sent);
      this.heldBytes -= batch.bytes;
    });
  }
}

/** The key of a topic's sends without WAIT (NUL never occurs in a topic name). */
function noWaitKey(topic: string): string {
  return `${topic}\u0000`;
}

/** Each held send gets its own message's part of the batch's result. */
function settleEach(batch: HeldBatch, result: BatchSendResult): void {
  const { status, messageQueue, queueOffset, offsetMsgIds, regionId, traceOn } = result;
  for (let i = 0; i < batch.resolves.length; i++) {
    const own: SendResult = {
      status,
      msgId: result.msgIds[i]!,
      // A broker writing batches as one consume queue entry answers one id for all.
      offsetMsgId: offsetMsgIds[i] ?? offsetMsgIds[0]!,
      messageQueue,
      queueOffset: queueOffset + i,
    };
    if (regionId !== undefined) own.regionId = regionId;
    if (traceOn !== undefined) own.traceOn = traceOn;
    batch.resolves[i]!(own);
  }
}
