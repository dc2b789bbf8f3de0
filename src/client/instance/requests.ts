// Requests as the client sends them: ROCKETMQ binary headers (DESIGN.md: our own client uses the
// binary header codec; servers answer in the request's serialization).
import { createRequest, SerializeType, type ExtFields, type RemotingCommand } from '../../remoting/protocol/command.js';

export interface ClientRequestOptions {
  extFields?: ExtFields;
  body?: Buffer;
  oneway?: boolean;
}

export function clientRequest(code: number, options: ClientRequestOptions = {}): RemotingCommand {
  const request = createRequest(code, { oneway: options.oneway, serializeType: SerializeType.ROCKETMQ });
  if (options.extFields !== undefined) request.extFields = options.extFields;
  if (options.body !== undefined) request.body = options.body;
  return request;
}
