// Declared configuration keys: each with a type, a default and a one-line description.
// A process (NameServer, broker) declares its schema once; the loader validates files and
// flags against it, embedders' typed values are checked the same way, and the key tables in
// the README are printed from it (`rmq <process> --list-config-keys`).
import { ConfigError } from '../errors.js';

interface OptionBase<T> {
  readonly default: T;
  readonly description: string;
  /** Environment variable giving the value when neither the file nor a flag sets it. */
  readonly env?: string;
}

export interface StringOption extends OptionBase<string> {
  readonly type: 'string';
}

export interface IntOption extends OptionBase<number> {
  readonly type: 'int';
  readonly min: number;
  readonly max: number;
  /** Shown in descriptions, e.g. "ms". */
  readonly unit?: string;
}

export interface BooleanOption extends OptionBase<boolean> {
  readonly type: 'boolean';
}

export interface EnumOption<V extends string = string> extends OptionBase<V> {
  readonly type: 'enum';
  readonly values: readonly V[];
}

export interface ListOption extends OptionBase<readonly string[]> {
  readonly type: 'list';
  /** Item separator in text form: RocketMQ separates address lists with ';'. */
  readonly separator: string;
}

export type OptionSpec = StringOption | IntOption | BooleanOption | EnumOption | ListOption;
export type ConfigSchema = Readonly<Record<string, OptionSpec>>;
export type ConfigValues<S extends ConfigSchema> = { readonly [K in keyof S]: S[K]['default'] };

/** Constructors that keep literal types (enum values) for ConfigValues. */
export const option = {
  string: (o: Omit<StringOption, 'type'>): StringOption => ({ type: 'string', ...o }),
  int: (o: Omit<IntOption, 'type'>): IntOption => ({ type: 'int', ...o }),
  boolean: (o: Omit<BooleanOption, 'type'>): BooleanOption => ({ type: 'boolean', ...o }),
  enum: <V extends string>(o: Omit<EnumOption<V>, 'type'>): EnumOption<V> => ({ type: 'enum', ...o }),
  list: (o: Omit<ListOption, 'type' | 'separator'> & { separator?: string }): ListOption => ({
    type: 'list',
    separator: ';',
    ...o,
  }),
};

/** What a valid value looks like, for error messages and the key table. */
export function expectation(spec: OptionSpec): string {
  switch (spec.type) {
    case 'string':
      return 'a string';
    case 'int':
      return `an integer from ${spec.min} to ${spec.max}${spec.unit ? ` (${spec.unit})` : ''}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'list':
      return `a list separated by "${spec.separator}"`;
  }
}

function badValue(key: string, shown: string, spec: OptionSpec, where?: string): ConfigError {
  const at = where ? ` at ${where}` : '';
  return new ConfigError(`bad value ${shown} for config key "${key}"${at}: expected ${expectation(spec)}`, key);
}

/** Text (from a file, a flag or the environment) -> typed value; ConfigError naming key and value. */
export function parseOptionValue(key: string, spec: OptionSpec, text: string, where?: string): OptionSpec['default'] {
  const shown = JSON.stringify(text);
  switch (spec.type) {
    case 'string':
      return text;
    case 'int': {
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) throw badValue(key, shown, spec, where);
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw badValue(key, shown, spec, where);
      return lower === 'true';
    }
    case 'enum':
      if (!spec.values.includes(text)) throw badValue(key, shown, spec, where);
      return text;
    case 'list':
      return text
        .split(spec.separator)
        .map((item) => item.trim())
        .filter((item) => item !== '');
  }
}

/** A typed value given in code (embedding API) -> checked value; ConfigError naming key and value. */
export function checkOptionValue(key: string, spec: OptionSpec, value: unknown): OptionSpec['default'] {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') throw badValue(key, shown, spec);
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
        throw badValue(key, shown, spec);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw badValue(key, shown, spec);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) throw badValue(key, shown, spec);
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw badValue(key, shown, spec);
      return [...(value as string[])];
  }
}

/** A value back to its text form (the inverse of parseOptionValue). */
export function formatOptionValue(spec: OptionSpec, value: OptionSpec['default']): string {
  return Array.isArray(value) ? value.join(spec.type === 'list' ? spec.separator : ';') : String(value);
}
