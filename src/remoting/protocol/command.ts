// RemotingCommand: one request or response of RocketMQ's remoting protocol (remoting.md §2).
// The same shape is used whatever the header serialization; `serializeType` records which
// one a frame arrived in, so that a response can be sent back in its request's type.

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeType = (typeof SerializeType)[keyof typeof SerializeType];

/** LanguageCode.java: enum name -> byte used by the ROCKETMQ binary header. */
export const LanguageCode: Readonly<Record<string, number>> = {
  JAVA: 0,
  CPP: 1,
  DOTNET: 2,
  PYTHON: 3,
  DELPHI: 4,
  ERLANG: 5,
  RUBY: 6,
  OTHER: 7,
  HTTP: 8,
  GO: 9,
  PHP: 10,
  OMS: 11,
  RUST: 12,
  NODE_JS: 13,
};

export const FLAG_RESPONSE = 0x1;
export const FLAG_ONEWAY = 0x2;

/** Version ordinal we send: V4_9_8, so Java clients accept SQL92 and standard-JSON routes. */
export const CURRENT_VERSION = 409;
/** CURRENT_VERSION's MQVersion.Version name, where Java writes a version as text. */
export const CURRENT_VERSION_NAME = 'V4_9_8';

export type ExtFields = Record<string, string>;

export interface RemotingCommand {
  code: number;
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark?: string;
  extFields?: ExtFields;
  body?: Buffer;
  serializeType: SerializeType;
}

/**
 * A command with no remark, extFields or body yet. Every command is made here, with all of its
 * fields in this order (the absent ones undefined), so that all commands share one V8 object
 * shape: the code that encodes, decodes and routes them then sees one shape, not one per
 * combination of optional fields, and is not deoptimized when a new combination shows up.
 */
export function newCommand(code: number, language: string, version: number, opaque: number, flag: number, serializeType: SerializeType): RemotingCommand {
  return { code, language, version, opaque, flag, remark: undefined, extFields: undefined, body: undefined, serializeType };
}

export const isResponse = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_RESPONSE) !== 0;
export const isOneway = (cmd: RemotingCommand): boolean => (cmd.flag & FLAG_ONEWAY) !== 0;

let nextOpaque = 0;

/** Opaque ids are per process, as in the Java client; they wrap at 32 bits. */
export function newOpaque(): number {
  nextOpaque = (nextOpaque + 1) | 0;
  return nextOpaque;
}

export interface RequestOptions {
  extFields?: ExtFields;
  body?: Buffer;
  remark?: string;
  serializeType?: SerializeType;
  oneway?: boolean;
}

export function createRequest(code: number, options: RequestOptions = {}): RemotingCommand {
  const cmd = newCommand(code, 'JAVA', CURRENT_VERSION, newOpaque(), options.oneway ? FLAG_ONEWAY : 0, options.serializeType ?? SerializeType.JSON);
  if (options.extFields) cmd.extFields = options.extFields;
  if (options.body) cmd.body = options.body;
  if (options.remark !== undefined) cmd.remark = options.remark;
  return cmd;
}

export interface ResponseOptions {
  remark?: string;
  extFields?: ExtFields;
  body?: Buffer;
}

/** A response to `request`: same opaque, same serialize type, response flag set. */
export function createResponse(request: RemotingCommand, code: number, options: ResponseOptions = {}): RemotingCommand {
  const cmd = newCommand(code, 'JAVA', CURRENT_VERSION, request.opaque, FLAG_RESPONSE, request.serializeType);
  if (options.remark !== undefined) cmd.remark = options.remark;
  if (options.extFields) cmd.extFields = options.extFields;
  if (options.body) cmd.body = options.body;
  return cmd;
}
