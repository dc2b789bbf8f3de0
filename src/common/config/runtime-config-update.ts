// The checks of UPDATE_BROKER_CONFIG and UPDATE_NAMESRV_CONFIG: a body of properties text whose
// entries are all applied or all refused. A server changes its config object in place, so only
// keys it reads from that object at each use can change while it runs; any other known key is
// refused with NO_PERMISSION and a remark saying it needs a restart, an unknown key or a bad
// value with SYSTEM_ERROR. As in RocketMQ a change lasts until the server stops.
import { ConfigError } from '../errors.js';
import { ResponseCode } from '../response-code.js';
import { parseOptionValue, type ConfigSchema } from './config-schema.js';
import { parseProperties } from './properties-parser.js';

export type RuntimeConfigUpdate = { ok: true; values: Map<string, unknown> } | { ok: false; code: number; remark: string };

export interface RuntimeConfigTarget {
  schema: ConfigSchema;
  /** Keys read from the config object at each use. */
  updatable: ReadonlySet<string>;
  /** "broker" or "NameServer", for remarks. */
  server: string;
  /** The file the other keys are set in, for remarks. */
  file: string;
  /** The request code's name, for parse errors. */
  request: string;
  /** Checks relations between keys with the new values applied (each value is checked alone anyway); throws ConfigError. */
  validate?(values: ReadonlyMap<string, unknown>): void;
}

/** The checked values of an update body, or why it is refused (as a whole). */
export function runtimeConfigUpdate(target: RuntimeConfigTarget, text: string): RuntimeConfigUpdate {
  const values = new Map<string, unknown>();
  try {
    for (const { key, value } of parseProperties(text, target.request)) {
      const spec = target.schema[key];
      if (spec === undefined) return { ok: false, code: ResponseCode.SYSTEM_ERROR, remark: `unknown ${target.server} config key "${key}"` };
      if (!target.updatable.has(key)) {
        return {
          ok: false,
          code: ResponseCode.NO_PERMISSION,
          remark: `Can not update config "${key}" at run time: set it in ${target.file} and restart the ${target.server} (updatable now: ${[...target.updatable].join(', ')})`,
        };
      }
      values.set(key, parseOptionValue(key, spec, value));
    }
    target.validate?.(values);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, code: ResponseCode.SYSTEM_ERROR, remark: error.message };
    throw error;
  }
  return { ok: true, values };
}

/** Writes accepted values into the config object. */
export function applyConfigUpdate(config: object, values: ReadonlyMap<string, unknown>): void {
  const target = config as Record<string, unknown>;
  for (const [key, value] of values) target[key] = value;
}
