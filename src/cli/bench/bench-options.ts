// Options of `rmq bench produce|consume` (RocketMQ's example/benchmark Producer and Consumer),
// from commander's strings to checked settings; a bad value is a ConfigError naming the flag.
import { ConfigError } from '../../common/errors.js';

export const namesrvAddrDefault = '127.0.0.1:9876';
export const topicDefault = 'BenchmarkTest';
export const producerGroupDefault = 'benchmark_producer';
export const consumerGroupDefault = 'benchmark_consumer';
export const concurrencyDefault = 64;
export const messageSizeBytesDefault = 128;
export const concurrencyMax = 100_000;
/** RocketMQ's maxMessageSize. */
export const messageSizeBytesMax = 4 * 1024 * 1024;
export const batchSizeMax = 10_000;
/** About a year: a duration beyond this is a typo. */
export const durationSecMax = 365 * 24 * 3600;

/** sync: each worker awaits its send; async: a window of sends refilled from each answer; oneway: no answer. */
export type SendMode = 'sync' | 'async' | 'oneway';
export type StartFrom = 'last' | 'first';

/** What commander hands over (every value a string, flags booleans). */
export interface RawBenchOptions {
  namesrvAddr?: string;
  topic: string;
  concurrency: string;
  size?: string;
  duration?: string;
  batch?: string;
  autoBatch?: boolean;
  sync?: boolean;
  async?: boolean;
  oneway?: boolean;
  group?: string;
  from?: string;
}

interface CommonSettings {
  namesrvAddr: string;
  topic: string;
  group: string;
  /** Produce: sends in flight (workers); consume: handlers running at once. */
  concurrency: number;
  /** Undefined: until SIGINT or SIGTERM. */
  durationMs: number | undefined;
}

export interface ProduceSettings extends CommonSettings {
  messageSizeBytes: number;
  mode: SendMode;
  /** Messages per sendBatch call; 1 sends them one by one. */
  batchSize: number;
  /** The producer's autoBatch: sends of one turn travel as one batch request. */
  autoBatch: boolean;
}

export interface ConsumeSettings extends CommonSettings {
  from: StartFrom;
}

export function produceSettingsOf(raw: RawBenchOptions, env: NodeJS.ProcessEnv = process.env): ProduceSettings {
  const modes = (['sync', 'async', 'oneway'] as const).filter((m) => raw[m] === true);
  if (modes.length > 1) throw new ConfigError(`--${modes.join(' and --')} exclude each other: choose one send mode`, 'mode');
  const mode = modes[0] ?? 'sync';
  const batchSize = raw.batch === undefined ? 1 : integer(raw.batch, '--batch', 1, batchSizeMax);
  if (raw.batch !== undefined && mode === 'oneway') throw new ConfigError('--batch cannot be sent --oneway: a batch is sent --sync or --async', 'batch');
  const autoBatch = raw.autoBatch === true;
  if (autoBatch && (mode === 'oneway' || raw.batch !== undefined)) throw new ConfigError('--auto-batch batches single sends: use it without --batch and --oneway', 'autoBatch');
  return {
    ...commonOf(raw, env, producerGroupDefault),
    messageSizeBytes: raw.size === undefined ? messageSizeBytesDefault : integer(raw.size, '--size', 1, messageSizeBytesMax),
    mode,
    batchSize,
    autoBatch,
  };
}

export function consumeSettingsOf(raw: RawBenchOptions, env: NodeJS.ProcessEnv = process.env): ConsumeSettings {
  const from = raw.from ?? 'last';
  if (from !== 'last' && from !== 'first') throw new ConfigError(`bad value "${from}" for --from: expected last or first`, 'from');
  return { ...commonOf(raw, env, consumerGroupDefault), from };
}

function commonOf(raw: RawBenchOptions, env: NodeJS.ProcessEnv, groupDefault: string): CommonSettings {
  const topic = raw.topic;
  if (!/^[%|a-zA-Z0-9_-]{1,127}$/.test(topic)) throw new ConfigError(`bad value "${topic}" for --topic: letters, digits, %, |, _ and - only, at most 127`, 'topic');
  const group = raw.group ?? groupDefault;
  if (!/^[%|a-zA-Z0-9_-]{1,255}$/.test(group)) throw new ConfigError(`bad value "${group}" for --group: letters, digits, %, |, _ and - only`, 'group');
  return {
    namesrvAddr: raw.namesrvAddr ?? env.NAMESRV_ADDR ?? namesrvAddrDefault,
    topic,
    group,
    concurrency: integer(raw.concurrency, '--concurrency', 1, concurrencyMax),
    durationMs: raw.duration === undefined ? undefined : seconds(raw.duration, '--duration') * 1000,
  };
}

function integer(text: string, flag: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`bad value "${text}" for ${flag}: expected an integer from ${min} to ${max}`, flag.slice(2));
  return n;
}

function seconds(text: string, flag: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0 && n <= durationSecMax)) throw new ConfigError(`bad value "${text}" for ${flag}: expected seconds above 0, at most ${durationSecMax}`, flag.slice(2));
  return n;
}
