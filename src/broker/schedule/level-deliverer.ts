// Delivers the parked messages of one delay level (DeliverDelayedMessageTimerTask): reads
// SCHEDULE_TOPIC_XXXX queue level − 1 from its offset; each entry whose deliver time (the consume
// queue tagsCode) has come is put back under its real topic and queue, in queue order; at the
// first entry not yet due it sleeps until that entry's time. A deliver time later than
// now + the level's delay (the clock went back since it was stored) counts as due now.
//
// Instead of polling an idle queue every 100 ms as RocketMQ does, a level with nothing left
// waits for the store's "message arrived" event of its queue (requestRun with the new entry's
// deliver time), so idle levels cost nothing.
//
// A put that fails for a passing reason (store not running, disk full) is retried from the same
// offset after retryDelayMs; a record that can never be delivered (undecodable, no REAL_TOPIC,
// refused as illegal) is logged and skipped. The offset only moves past a message once its put
// has settled, so a clean stop loses nothing and delivers nothing twice.
import type { Logger } from '../../common/logger.js';
import { decodeStoredMessage } from '../../common/message/stored-message-decoder.js';
import type { MessageFilter, MessageStoreApi } from '../../store/api.js';
import { SystemTopic } from '../managers/topic-names.js';
import { DelayLevels } from './delay-levels.js';
import { deliveryMessageOf } from './delivery-message.js';

/** Parked messages read (and put) per round. */
export const deliverBatchCountMax = 32;
/** Bytes of parked messages read per round (the store caps it further). */
export const deliverBatchBytesMax = 4 * 1024 * 1024;
/** Wait before retrying a put the store refused for a passing reason (RocketMQ's DELAY_FOR_A_PERIOD). */
export const retryDelayMs = 10_000;
/** Longest single timer; a later deliver time is reached in several steps (setTimeout holds < 2^31 ms). */
export const timerDelayMsMax = 3_600_000;
/** The group name our reads of SCHEDULE_TOPIC_XXXX are made under (stats only). */
export const scheduleReaderGroup = 'SCHEDULE_MESSAGE_SERVICE';

/** The deliver time as RocketMQ corrects it: later than now + the level's delay means now. */
export function correctDeliverTime(deliverAt: number, now: number, delayMs: number): number {
  return deliverAt > now + delayMs ? now : deliverAt;
}

/**
 * Accepts the entries that are due, in queue order, up to the first that is not; remembers
 * when that one is due. One filter per read.
 */
export class DueFilter implements MessageFilter {
  notDueAt: number | undefined;

  constructor(
    private readonly now: number,
    private readonly delayMs: number,
  ) {}

  matchesTagsCode(deliverAt: number): boolean {
    if (this.notDueAt !== undefined) return false;
    const at = correctDeliverTime(deliverAt, this.now, this.delayMs);
    if (at <= this.now) return true;
    this.notDueAt = at;
    return false;
  }
}

export interface LevelDelivererOptions {
  level: number;
  delayMs: number;
  /** Next queue offset to deliver. */
  offset: number;
  store: Pick<MessageStoreApi, 'get' | 'put'>;
  /** Called whenever the offset moves. */
  onOffset: (level: number, offset: number) => void;
  now: () => number;
  logger: Logger;
}

type PutOutcome = 'delivered' | 'skipped' | 'retry';

export class LevelDeliverer {
  readonly level: number;
  private offsetValue: number;
  private readonly queueId: number;
  private readonly o: LevelDelivererOptions;
  private nextRunAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(options: LevelDelivererOptions) {
    this.o = options;
    this.level = options.level;
    this.queueId = DelayLevels.queueIdOf(options.level);
    this.offsetValue = options.offset;
  }

  get offset(): number {
    return this.offsetValue;
  }

  /** Run at `at` (ms since the epoch) or earlier if already asked for earlier. */
  requestRun(at: number): void {
    if (this.stopped) return;
    if (this.nextRunAt !== undefined && this.nextRunAt <= at) return;
    this.nextRunAt = at;
    if (this.running === undefined) this.arm();
  }

  /** A new parked entry of this level, due at `deliverAt`. */
  onArrival(deliverAt: number): void {
    const now = this.o.now();
    this.requestRun(correctDeliverTime(deliverAt, now, this.o.delayMs));
  }

  /** Stops the timer and waits for the round in progress (its puts settle, its offset is kept). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private arm(): void {
    clearTimeout(this.timer);
    const at = this.nextRunAt;
    if (at === undefined || this.stopped) return;
    const waitMs = Math.min(Math.max(0, at - this.o.now()), timerDelayMsMax);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.nextRunAt === undefined) return;
      if (this.o.now() < this.nextRunAt) {
        this.arm();
        return;
      }
      this.nextRunAt = undefined;
      this.running = this.deliverDue()
        .catch((err: unknown) => {
          this.o.logger.error({ err, level: this.level }, 'delayed message delivery failed; retrying later');
          this.requestRun(this.o.now() + retryDelayMs);
        })
        .finally(() => {
          this.running = undefined;
          this.arm();
        });
    }, waitMs);
    this.timer.unref();
  }

  private moveTo(offset: number): void {
    if (offset === this.offsetValue) return;
    this.offsetValue = offset;
    this.o.onOffset(this.level, offset);
  }

  /** Delivers every due entry; leaves a run requested for the first entry not yet due. */
  private async deliverDue(): Promise<void> {
    const { store, delayMs, logger } = this.o;
    while (!this.stopped) {
      const now = this.o.now();
      const filter = new DueFilter(now, delayMs);
      const got = store.get(scheduleReaderGroup, SystemTopic.schedule, this.queueId, this.offsetValue, deliverBatchCountMax, deliverBatchBytesMax, filter);
      switch (got.status) {
        case 'FOUND': {
          const outcomes = await Promise.all(got.messages.map((record) => this.deliver(record)));
          const retryAt = outcomes.indexOf('retry');
          if (retryAt >= 0) {
            this.moveTo(got.queueOffsets[retryAt]!);
            this.requestRun(this.o.now() + retryDelayMs);
            return;
          }
          if (filter.notDueAt !== undefined) {
            this.moveTo(got.queueOffsets[got.queueOffsets.length - 1]! + 1);
            this.requestRun(filter.notDueAt);
            return;
          }
          this.moveTo(got.nextBeginOffset);
          break;
        }
        case 'NO_MATCHED_MESSAGE':
        case 'MESSAGE_WAS_REMOVING':
          // Nothing delivered: either the first entry read is not due, or only vanished records were read.
          if (filter.notDueAt !== undefined) {
            this.requestRun(filter.notDueAt);
            return;
          }
          this.moveTo(got.nextBeginOffset);
          break;
        case 'OFFSET_TOO_SMALL':
        case 'OFFSET_FOUND_NULL':
          this.moveTo(got.nextBeginOffset);
          break;
        case 'OFFSET_OVERFLOW_BADLY':
          logger.warn({ level: this.level, offset: this.offsetValue, maxOffset: got.maxOffset }, 'delay offset past the end of its queue; moved back to the end');
          this.moveTo(got.nextBeginOffset);
          return;
        case 'OFFSET_OVERFLOW_ONE':
        case 'NO_MESSAGE_IN_QUEUE':
        case 'NO_MATCHED_LOGIC_QUEUE':
          return;
      }
    }
  }

  private async deliver(record: Buffer): Promise<PutOutcome> {
    const { logger } = this.o;
    let parked;
    try {
      parked = decodeStoredMessage(record);
    } catch (err) {
      logger.error({ err, level: this.level }, 'parked delayed message unreadable; skipped');
      return 'skipped';
    }
    const delivery = deliveryMessageOf(parked);
    if (!delivery.ok) {
      logger.error({ level: this.level, physicalOffset: parked.physicalOffset, problem: delivery.problem }, 'parked delayed message cannot be delivered; skipped');
      return 'skipped';
    }
    const result = await this.o.store.put(delivery.message, { waitStoreMsgOk: false });
    switch (result.status) {
      case 'PUT_OK':
      case 'FLUSH_DISK_TIMEOUT':
        return 'delivered';
      case 'MESSAGE_ILLEGAL':
      case 'PROPERTIES_SIZE_EXCEEDED':
        logger.error({ level: this.level, topic: delivery.message.topic, reason: result.reason }, 'delayed message refused by the store; skipped');
        return 'skipped';
      case 'SERVICE_NOT_AVAILABLE':
      case 'UNKNOWN_ERROR':
        logger.warn({ level: this.level, topic: delivery.message.topic, status: result.status, reason: result.reason }, 'delayed message not delivered yet');
        return 'retry';
    }
  }
}
