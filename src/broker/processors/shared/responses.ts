// Response builders shared by the broker's processor families.
import { ResponseCode } from '../../../common/response-code.js';
import { createResponse, type RemotingCommand, type ResponseOptions } from '../../../remoting/protocol/command.js';

export function success(request: RemotingCommand, options: ResponseOptions = {}): RemotingCommand {
  return createResponse(request, ResponseCode.SUCCESS, options);
}

/** A failure answer: a RocketMQ response code and the remark clients show. */
export function failure(request: RemotingCommand, code: number, remark: string): RemotingCommand {
  return createResponse(request, code, { remark });
}
