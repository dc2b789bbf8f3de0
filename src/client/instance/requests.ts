// Requests as the client sends them: ROCKETMQ binary headers (DESIGN.md: our own client uses the
// binary header codec; servers answer in the request's serialization).
import { createRequest, CURRENT_VERSION, FLAG_ONEWAY, newCommand, newOpaque, SerializeType, type ExtFields, type RemotingCommand } from '../../remoting/protocol/command.js';

export interface ClientRequestOptions {
  extFields?: ExtFields;
  body?: Buffer;
  oneway?: boolean;
}

/** clientRequest without its options objects, for the producer's per-message requests. */
export function clientRequestWith(code: number, extFields: ExtFields, body: Buffer, oneway: boolean): RemotingCommand {
  const request = newCommand(code, 'JAVA', CURRENT_VERSION, newOpaque(), oneway ? FLAG_ONEWAY : 0, SerializeType.ROCKETMQ);
  request.extFields = extFields;
  request.body = body;
  return request;
}

export function clientRequest(code: number, options: ClientRequestOptions = {}): RemotingCommand {
  const request = createRequest(code, { oneway: options.oneway, serializeType: SerializeType.ROCKETMQ });
  if (options.extFields !== undefined) request.extFields = options.extFields;
  if (options.body !== undefined) request.body = options.body;
  return request;
}
