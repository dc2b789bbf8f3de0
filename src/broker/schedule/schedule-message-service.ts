// ScheduleMessageService: delivers the messages parked in SCHEDULE_TOPIC_XXXX when their delay
// has passed, one LevelDeliverer per delay level (queue level − 1), and keeps each level's
// next offset in config/delayOffset.json in fastjson's shape with unquoted level keys:
//   {"offsetTable":{1:33,2:0,3:5}}
// The offsets are written every flushDelayOffsetInterval (when they moved) and at stop, through
// the atomic ConfigFile, so a restart resumes where delivery stood. Only a master delivers:
// the broker calls start(store) on a master and load() on every broker (GET_ALL_DELAY_OFFSET).
import type { Logger } from '../../common/logger.js';
import {
  decodeDelayOffsetSerializeWrapper,
  encodeDelayOffsetSerializeWrapper,
} from '../../remoting/protocol/bodies/consumer-offset-wrapper.js';
import type { MessageStoreApi } from '../../store/api.js';
import type { ConfigFile } from '../managers/config-file.js';
import { SystemTopic } from '../managers/topic-names.js';
import { DelayLevels } from './delay-levels.js';
import { LevelDeliverer } from './level-deliverer.js';

export type ScheduleStore = Pick<MessageStoreApi, 'get' | 'put' | 'onMessageArrived'>;

export interface ScheduleMessageServiceOptions {
  delayLevels: DelayLevels;
  /** config/delayOffset.json; without one the offsets live in memory only. */
  file?: ConfigFile;
  /** flushDelayOffsetInterval. */
  flushDelayOffsetIntervalMs: number;
  logger: Logger;
  now?: () => number;
}

export class ScheduleMessageService {
  private readonly o: ScheduleMessageServiceOptions;
  private readonly now: () => number;
  /** level -> next queue offset to deliver. */
  private readonly offsets = new Map<number, number>();
  private readonly deliverers = new Map<number, LevelDeliverer>();
  private stopArrivals: (() => void) | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private started = false;

  constructor(options: ScheduleMessageServiceOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
  }

  /** Reads config/delayOffset.json (offsets of levels the current messageDelayLevel lacks are kept, unused). */
  load(): void {
    const loaded = this.o.file?.load(decodeDelayOffsetSerializeWrapper);
    if (loaded === undefined) return;
    if (loaded.fromBackup) this.o.logger.warn({ path: this.o.file?.path }, 'delay offset file unreadable, loaded its backup');
    for (const [level, offset] of loaded.value.offsetTable) this.offsets.set(level, offset);
  }

  /** Starts delivering from `store` (a master only); every level first looks at its queue at once. */
  start(store: ScheduleStore): void {
    if (this.started) return;
    this.started = true;
    const { delayLevels, logger } = this.o;
    for (const level of delayLevels.levels()) {
      const deliverer = new LevelDeliverer({
        level,
        delayMs: delayLevels.delayMs(level),
        offset: this.offsets.get(level) ?? 0,
        store,
        onOffset: (l, offset) => this.onOffset(l, offset),
        now: this.now,
        logger,
      });
      this.deliverers.set(level, deliverer);
    }
    this.stopArrivals = store.onMessageArrived((arrival) => {
      if (arrival.topic !== SystemTopic.schedule) return;
      this.deliverers.get(DelayLevels.levelOf(arrival.queueId))?.onArrival(arrival.tagsCode);
    });
    for (const deliverer of this.deliverers.values()) deliverer.requestRun(this.now());
    this.flushTimer = setInterval(() => {
      if (this.dirty) this.persist().catch((err: unknown) => logger.error({ err, path: this.o.file?.path }, 'delay offsets not persisted'));
    }, this.o.flushDelayOffsetIntervalMs);
    this.flushTimer.unref();
  }

  /** Stops delivering once the puts in progress have settled, then writes the offsets. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.flushTimer);
    this.stopArrivals?.();
    await Promise.all([...this.deliverers.values()].map((d) => d.stop()));
    this.deliverers.clear();
    await this.persist();
  }

  /** Writes config/delayOffset.json (atomically). */
  async persist(): Promise<void> {
    this.dirty = false;
    await this.o.file?.write(this.encode().toString('utf8'));
  }

  /** The delayOffset.json / GET_ALL_DELAY_OFFSET body. */
  encode(): Buffer {
    return encodeDelayOffsetSerializeWrapper({ offsetTable: this.offsets });
  }

  /** Next queue offset of a level to deliver (0 before any). */
  offsetOf(level: number): number {
    return this.offsets.get(level) ?? 0;
  }

  private onOffset(level: number, offset: number): void {
    this.offsets.set(level, offset);
    this.dirty = true;
  }
}
