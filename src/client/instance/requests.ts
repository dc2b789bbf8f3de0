// Requests as the client sends them: ROCKETMQ binary headers (DESIGN.md: our own client uses the
// binary header codec; servers answer in the request's serialization).
import { createRequest, CURRENT_VERSION, FLAG_ONEWAY, newOpaque, SerializeType, type ExtFields, type RemotingCommand } from '../../remoting/protocol/command.js';

export interface ClientRequestOptions {
  extFields?: ExtFields;
  body?: Buffer;
  oneway?: boolean;
}

/**
 * clientRequest without its options objects, for the producer's per-message requests: the same
 * fields in the same order as createRequest sets them (so the same object shape).
 */
export function clientRequestWith(code: number, extFields: ExtFields, body: Buffer, oneway: boolean): RemotingCommand {
  return {
    code,
    language: 'JAVA',
    version: CURRENT_VERSION,
    opaque: newOpaque(),
    flag: oneway ? FLAG_ONEWAY : 0,
    serializeType: SerializeType.ROCKETMQ,
    extFields,
    body,
  };
}

export function clientRequest(code: number, options: ClientRequestOptions = {}): RemotingCommand {
  const request = createRequest(code, { oneway: options.oneway, serializeType: SerializeType.ROCKETMQ });
  if (options.extFields !== undefined) request.extFields = options.extFields;
  if (options.body !== undefined) request.body = options.body;
  return request;
}
