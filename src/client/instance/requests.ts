// Requests as the client sends them: ROCKETMQ binary headers (DESIGN.md: our own client uses the
// binary header codec; servers answer in the request's serialization).
import { createRequest, SerializeType, type ExtFields, type RemotingCommand } from '../../remoting/protocol/command.js';

export interface ClientRequestOptions {
  extFields?: ExtFields;
  body?: Buffer;
  oneway?: boolean;
}

export function clientRequest(code: number, options: ClientRequestOptions = {}): RemotingCommand {
  return createRequest(code, { ...options, serializeType: SerializeType.ROCKETMQ });
}
