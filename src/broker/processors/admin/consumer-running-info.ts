// Admin: GET_CONSUMER_RUNNING_INFO (mqadmin consumerStatus, the dashboard's client view). The
// broker forwards the request to the named client over that client's own connection and hands
// back the client's answer as it is (AdminBrokerProcessor.callConsumer), with RocketMQ's
// remarks when the client is not connected, does not answer in time or the call fails.
import { ResponseCode } from '../../../common/response-code.js';
import { RemotingTimeoutError, type Connection, type ProcessorRegistry } from '../../../remoting/net/index.js';
import { createRequest, createResponse, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { GetConsumerRunningInfoRequestHeader } from '../../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import { failure } from '../shared/responses.js';

/** How long the client has to answer (Broker2Client.callClient). */
export const callConsumerTimeoutMs = 10_000;

export interface AdminConsumerRunningInfoContext {
  consumers: { getConsumerGroupInfo(group: string): Pick<ConsumerGroupInfo<Connection>, 'findChannel'> | undefined };
}

export function registerAdminConsumerRunningInfoProcessors(server: ProcessorRegistry, ctx: AdminConsumerRunningInfoContext): void {
  server.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (request) => getConsumerRunningInfo(ctx, request));
}

async function getConsumerRunningInfo(ctx: AdminConsumerRunningInfoContext, request: RemotingCommand): Promise<RemotingCommand> {
  const { consumerGroup, clientId } = GetConsumerRunningInfoRequestHeader.decode(request.extFields);
  const client = ctx.consumers.getConsumerGroupInfo(consumerGroup)?.findChannel(clientId);
  if (client === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `The Consumer <${consumerGroup}> <${clientId}> not online`);
  const forwarded = createRequest(RequestCode.GET_CONSUMER_RUNNING_INFO, { extFields: request.extFields, body: request.body });
  try {
    const answer = await client.channel.invoke(forwarded, callConsumerTimeoutMs);
    return createResponse(request, answer.code, { remark: answer.remark, extFields: answer.extFields, body: answer.body });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (error instanceof RemotingTimeoutError) return failure(request, ResponseCode.CONSUME_MSG_TIMEOUT, `consumer <${consumerGroup}> <${clientId}> Timeout: ${text}`);
    return failure(request, ResponseCode.SYSTEM_ERROR, `invoke consumer <${consumerGroup}> <${clientId}> Exception: ${text}`);
  }
}
