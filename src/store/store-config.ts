// The store's configuration, under RocketMQ's MessageStoreConfig key names so a broker.conf
// written for RocketMQ means the same here. The broker merges `storeConfigSchema` into its own
// schema (loaded from files and flags by common/config); embedders and tests pass typed values
// to `resolveStoreConfig`. Values are checked once, at load: a bad value is a ConfigError naming
// its key, never a surprise at run time.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { resolveConfig } from '../common/config/config-loader.js';
import { option, type ConfigValues } from '../common/config/config-schema.js';

export const consumeQueueEntrySizeBytes = 20;
export const defaultMessageDelayLevel = '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h';
const int32Max = 0x7fff_ffff;
const percent = { min: 1, max: 100, unit: '%' } as const;

export const storeConfigSchema = {
  storePathRootDir: option.string({ default: join(homedir(), 'store'), description: 'root folder of commitlog/, consumequeue/, index/, checkpoint and abort' }),
  mappedFileSizeCommitLog: option.int({ default: 1024 * 1024 * 1024, min: 4096, max: int32Max, unit: 'bytes', description: 'size of one commit log segment' }),
  mappedFileSizeConsumeQueue: option.int({
    default: 300_000 * consumeQueueEntrySizeBytes,
    min: consumeQueueEntrySizeBytes,
    max: int32Max,
    unit: 'bytes',
    description: 'size of one consume queue segment (a multiple of the 20-byte entry)',
  }),
  flushDiskType: option.enum({ default: 'ASYNC_FLUSH', values: ['ASYNC_FLUSH', 'SYNC_FLUSH'] as const, description: 'acknowledge a put before (ASYNC) or after (SYNC) its fdatasync' }),
  flushIntervalCommitLog: option.int({ default: 500, min: 1, max: int32Max, unit: 'ms', description: 'ASYNC_FLUSH: time between commit log flushes' }),
  flushIntervalConsumeQueue: option.int({ default: 1000, min: 1, max: int32Max, unit: 'ms', description: 'time between consume queue and index flushes' }),
  syncFlushTimeout: option.int({ default: 5000, min: 1, max: int32Max, unit: 'ms', description: 'SYNC_FLUSH: wait before a put answers FLUSH_DISK_TIMEOUT' }),
  maxMessageSize: option.int({ default: 4 * 1024 * 1024, min: 1, max: 1024 * 1024 * 1024, unit: 'bytes', description: 'largest message body' }),
  messageDelayLevel: option.string({ default: defaultMessageDelayLevel, description: 'delay of each level, units s, m, h, d' }),
  fileReservedTime: option.int({ default: 72, min: 0, max: 100_000, unit: 'hours', description: 'how long a commit log segment is kept after its last write' }),
  deleteWhen: option.string({ default: '04', description: 'hours of the day (";"-separated) when expired segments are deleted' }),
  diskMaxUsedSpaceRatio: option.int({ default: 75, ...percent, description: 'disk use above which expired segments are deleted at any hour' }),
  diskSpaceCleanForciblyRatio: option.int({ default: 85, ...percent, description: 'disk use above which even unexpired segments are deleted' }),
  diskSpaceWarningLevelRatio: option.int({ default: 90, ...percent, description: 'disk use at which puts are refused until it drops' }),
  cleanFileForciblyEnable: option.boolean({ default: true, description: 'allow deleting unexpired segments when the disk is nearly full' }),
  cleanResourceInterval: option.int({ default: 10_000, min: 1, max: int32Max, unit: 'ms', description: 'time between retention passes' }),
  deleteFilesBatchMax: option.int({ default: 10, min: 1, max: 10_000, description: 'most commit log segments deleted in one retention pass' }),
  messageIndexEnable: option.boolean({ default: true, description: 'index messages by KEYS and UNIQ_KEY' }),
  maxHashSlotNum: option.int({ default: 5_000_000, min: 1, max: 100_000_000, description: 'hash slots per index file' }),
  maxIndexNum: option.int({ default: 20_000_000, min: 2, max: 100_000_000, description: 'entries per index file' }),
  defaultQueryMaxNum: option.int({ default: 32, min: 1, max: 100_000, description: 'most results of a key query' }),
  checkCRCOnRecover: option.boolean({ default: true, description: 'recovery verifies each record body CRC' }),
  maxTransferBytesOnMessageInMemory: option.int({ default: 256 * 1024, min: 1, max: int32Max, unit: 'bytes', description: 'most bytes one get() returns' }),
  maxTransferCountOnMessageInMemory: option.int({ default: 32, min: 1, max: 100_000, description: 'most messages one get() returns' }),
};

export type StoreConfig = ConfigValues<typeof storeConfigSchema>;
export type FlushDiskType = StoreConfig['flushDiskType'];

/** Defaults overridden by `given`; every value and the relations between them checked. */
export function resolveStoreConfig(given: Partial<StoreConfig> = {}): StoreConfig {
  const config = resolveConfig(storeConfigSchema, given);
  validateStoreConfig(config);
  return config;
}

/** Checks what single-key validation cannot (the broker calls it after loading its file). */
export function validateStoreConfig(config: StoreConfig): void {
  if (config.storePathRootDir === '') throw new ConfigError('storePathRootDir must not be empty', 'storePathRootDir');
  if (config.mappedFileSizeConsumeQueue % consumeQueueEntrySizeBytes !== 0) {
    throw new ConfigError(`mappedFileSizeConsumeQueue must be a multiple of ${consumeQueueEntrySizeBytes}`, 'mappedFileSizeConsumeQueue');
  }
  parseDeleteWhen(config.deleteWhen);
  parseDelayLevels(config.messageDelayLevel);
}

const delayUnitMs: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Delay of each level in ms; index 0 is level 1. */
export function parseDelayLevels(text: string): number[] {
  const levels = text.trim().split(/\s+/).filter((t) => t !== '');
  if (levels.length === 0) throw new ConfigError('messageDelayLevel must list at least one delay', 'messageDelayLevel');
  return levels.map((token) => {
    const m = /^(\d+)([smhd])$/.exec(token);
    if (!m) throw new ConfigError(`messageDelayLevel has "${token}": use a number and a unit s, m, h or d`, 'messageDelayLevel');
    return Number(m[1]) * delayUnitMs[m[2]!]!;
  });
}

/** Hours of the day listed in deleteWhen. */
export function parseDeleteWhen(text: string): ReadonlySet<number> {
  const hours = new Set<number>();
  for (const token of text.split(';').map((t) => t.trim())) {
    if (token === '') continue;
    if (!/^\d{1,2}$/.test(token) || Number(token) > 23) {
      throw new ConfigError(`deleteWhen has "${token}": use hours 00..23 separated by ";"`, 'deleteWhen');
    }
    hours.add(Number(token));
  }
  return hours;
}
