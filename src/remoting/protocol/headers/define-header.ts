// Declarative custom headers (remoting.md §4): each RocketMQ "CommandCustomHeader" class is
// declared once as { javaFieldName: kind }, and gives a typed decode from extFields and an
// encode back to extFields.
//
// Wire rules (Java's RemotingCommand.decodeCommandCustomHeader / makeCustomHeaderToNet):
// - every value is a string in extFields: numbers in decimal, booleans "true"/"false";
// - a missing required (@CFNotNull) field fails with "the custom field <name> is null";
// - booleans follow Boolean.parseBoolean: "true" in any case is true, anything else false.
// One deliberate difference: Java only logs a number that does not parse and leaves the field
// at its default; we refuse it with HeaderFieldError, since a silently zeroed offset or queue id
// does more harm than a SYSTEM_ERROR answer. A `long` must also be a safe integer (±(2^53−1)),
// because it is handed out as a JS number. A `timestamp` is a Java long used as a time bound:
// Java clients send Long.MAX_VALUE for "no end" (queryMessageByUniqKey, mqadmin queryMsgByKey),
// so any int64 is taken and one beyond ±(2^53−1) is held at that bound.
// Absent extFields are treated as empty (Java skips all checks then, and fails later anyway).
import type { ExtFields } from '../command.js';
import { HeaderFieldError } from '../errors.js';

export type FieldKind = 'string' | 'int' | 'long' | 'timestamp' | 'boolean' | 'double';

export interface FieldSpec<K extends FieldKind = FieldKind, R extends boolean = boolean> {
  readonly kind: K;
  readonly required: R;
}

type ValueOfKind<K extends FieldKind> = K extends 'string' ? string : K extends 'boolean' ? boolean : number;

export type HeaderFields = Readonly<Record<string, FieldSpec>>;

type Simplify<T> = { [P in keyof T]: T[P] };

/** The decoded type of a header: required fields present, optional ones may be undefined. */
export type HeaderValue<F extends HeaderFields> = Simplify<
  { -readonly [P in keyof F as F[P]['required'] extends true ? P : never]: ValueOfKind<F[P]['kind']> } & {
    -readonly [P in keyof F as F[P]['required'] extends true ? never : P]?: ValueOfKind<F[P]['kind']>;
  }
>;

export interface HeaderCodec<F extends HeaderFields> {
  /** The Java class this header mirrors. */
  readonly javaClass: string;
  readonly fields: F;
  /** Throws HeaderFieldError for a missing required field or a malformed number. */
  decode(ext: ExtFields | undefined): HeaderValue<F>;
  /** Declared fields only; undefined values omitted. */
  encode(value: HeaderValue<F>): ExtFields;
}

const spec = <K extends FieldKind, R extends boolean>(kind: K, isRequired: R): FieldSpec<K, R> => ({ kind, required: isRequired });

/** @CFNotNull fields. */
export const required = {
  string: spec('string', true),
  int: spec('int', true),
  long: spec('long', true),
  timestamp: spec('timestamp', true),
  boolean: spec('boolean', true),
  double: spec('double', true),
} as const;

/** Nullable fields; absent ones decode as undefined (callers apply Java's primitive defaults). */
export const optional = {
  string: spec('string', false),
  int: spec('int', false),
  long: spec('long', false),
  timestamp: spec('timestamp', false),
  boolean: spec('boolean', false),
  double: spec('double', false),
} as const;

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;
/** Java's Long.MAX_VALUE + 1 as a double (Long.MAX_VALUE itself rounds to it). */
const int64Bound = 2 ** 63;
const integerText = /^[+-]?\d+$/;

function parseField(name: string, kind: FieldKind, text: string): string | number | boolean {
  switch (kind) {
    case 'string':
      return text;
    case 'boolean':
      return text.toLowerCase() === 'true';
    case 'int': {
      const n = integerText.test(text) ? Number(text) : NaN;
      if (!(n >= int32Min && n <= int32Max)) throw malformed(name, text, 'an int32');
      return n;
    }
    case 'long': {
      const n = integerText.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) throw malformed(name, text, 'a safe integer');
      return n;
    }
    case 'timestamp': {
      const n = integerText.test(text) ? Number(text) : NaN;
      if (!(Math.abs(n) <= int64Bound)) throw malformed(name, text, 'a long');
      return Math.min(Math.max(n, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    }
    case 'double': {
      const n = text.trim() === '' ? NaN : Number(text);
      if (Number.isNaN(n)) throw malformed(name, text, 'a number');
      return n;
    }
  }
}

function malformed(name: string, text: string, what: string): HeaderFieldError {
  const shown = text.length > 64 ? `${text.slice(0, 64)}...` : text;
  return new HeaderFieldError(name, `the custom field <${name}> is not ${what}: ${JSON.stringify(shown)}`);
}

export function defineHeader<const F extends HeaderFields>(javaClass: string, fields: F): HeaderCodec<F> {
  const entries = Object.entries(fields) as [string, FieldSpec][];
  return {
    javaClass,
    fields,
    decode(ext) {
      const out: Record<string, string | number | boolean> = {};
      for (const [name, field] of entries) {
        const text = ext !== undefined && Object.hasOwn(ext, name) ? ext[name] : undefined;
        if (text === undefined || text === null) {
          if (field.required) throw HeaderFieldError.missing(name);
          continue;
        }
        out[name] = parseField(name, field.kind, text);
      }
      return out as HeaderValue<F>;
    },
    encode(value) {
      const ext: ExtFields = {};
      const values = value as Record<string, unknown>;
      for (const [name] of entries) {
        const v = values[name];
        if (v !== undefined && v !== null) ext[name] = String(v);
      }
      return ext;
    },
  };
}

/** The decoded type of a codec made by defineHeader. */
export type HeaderOf<C> = C extends HeaderCodec<infer F> ? HeaderValue<F> : never;
