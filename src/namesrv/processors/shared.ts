// Helpers shared by the NameServer's processors (one file per request family; they never
// import each other).
import { ResponseCode } from '../../common/response-code.js';
import type { RequestHandler } from '../../remoting/net/index.js';
import { createResponse, type RemotingCommand, type ResponseOptions } from '../../remoting/protocol/index.js';

/** A request code and the handler that answers it. */
export type ProcessorEntry = readonly [code: number, handler: RequestHandler];

export function success(request: RemotingCommand, options: ResponseOptions = {}): RemotingCommand {
  return createResponse(request, ResponseCode.SUCCESS, options);
}
