// Builds a process's configuration from its schema. Precedence, lowest first:
//   schema default < environment variable (option.env, e.g. NAMESRV_ADDR) < properties file < flag
// as RocketMQ's startup does (the env var is only the field's default there too).
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import {
  checkOptionValue,
  parseOptionValue,
  type ConfigSchema,
  type ConfigValues,
  type OptionSpec,
} from './config-schema.js';
import { parseProperties } from './properties-parser.js';

export type UnknownKeyPolicy = 'refuse' | 'warn';

export interface LoadConfigOptions {
  /** Path of a Java-properties file (`-c FILE`). */
  file?: string;
  /** Values from command-line flags, in text form; undefined entries are skipped. */
  flags?: Readonly<Record<string, string | undefined>>;
  /** Defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A file key the schema does not declare: refused (ConfigError) or reported in `warnings`. */
  unknownKeys: UnknownKeyPolicy;
  /** RocketMQ keys that mean nothing here (thread pools, Netty tuning): accepted with a warning. */
  ignoredKeys?: readonly string[];
}

export interface LoadedConfig<S extends ConfigSchema> {
  values: ConfigValues<S>;
  warnings: string[];
}

export function loadConfig<S extends ConfigSchema>(schema: S, options: LoadConfigOptions): LoadedConfig<S> {
  const values = new Map<string, OptionSpec['default']>();
  const warnings: string[] = [];
  const env = options.env ?? process.env;
  const ignored = new Set(options.ignoredKeys ?? []);

  for (const [key, spec] of Object.entries(schema)) {
    const fromEnv = spec.env === undefined ? undefined : env[spec.env];
    const value = fromEnv === undefined || fromEnv === '' ? spec.default : parseOptionValue(key, spec, fromEnv, `$${spec.env}`);
    values.set(key, value);
  }

  if (options.file !== undefined) {
    for (const entry of parseProperties(readConfigFile(options.file), options.file)) {
      const where = `${options.file}:${entry.line}`;
      const spec = schema[entry.key];
      if (spec !== undefined) {
        values.set(entry.key, parseOptionValue(entry.key, spec, entry.value, where));
      } else if (ignored.has(entry.key)) {
        warnings.push(`config key "${entry.key}" at ${where} has no effect in rocketmq-ts; ignored`);
      } else if (options.unknownKeys === 'refuse') {
        throw new ConfigError(`unknown config key "${entry.key}" at ${where}`, entry.key);
      } else {
        warnings.push(`unknown config key "${entry.key}" at ${where}; ignored`);
      }
    }
  }

  for (const [key, text] of Object.entries(options.flags ?? {})) {
    if (text === undefined) continue;
    const spec = schema[key];
    if (spec === undefined) throw new ConfigError(`unknown config key "${key}"`, key);
    values.set(key, parseOptionValue(key, spec, text, 'the command line'));
  }

  return { values: Object.fromEntries(values) as ConfigValues<S>, warnings };
}

/** Defaults overridden by typed values given in code (embedding API); every value is checked. */
export function resolveConfig<S extends ConfigSchema>(schema: S, given: Partial<ConfigValues<S>> = {}): ConfigValues<S> {
  const values: Record<string, OptionSpec['default']> = {};
  for (const [key, spec] of Object.entries(schema)) values[key] = spec.default;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const spec = schema[key];
    if (spec === undefined) throw new ConfigError(`unknown config key "${key}"`, key);
    values[key] = checkOptionValue(key, spec, value);
  }
  return values as ConfigValues<S>;
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`cannot read config file ${path}: ${reason}`);
  }
}
