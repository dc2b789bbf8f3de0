// Admin requests the broker forwards to one client of a group over that client's own connection,
// handing back the client's answer as it is (AdminBrokerProcessor.callConsumer), with RocketMQ's
// remarks when the client is not connected, does not answer in time or the call fails:
//   GET_CONSUMER_RUNNING_INFO   mqadmin consumerStatus, the dashboard's client view
//   CONSUME_MESSAGE_DIRECTLY    the dashboard's "resend to consumer": the broker first puts the
//                               stored message the offsetMsgId names into the body, and its own
//                               name into brokerName
import { decodeOffsetMsgId } from '../../../common/message/message-id.js';
import { ResponseCode } from '../../../common/response-code.js';
import { RemotingTimeoutError, type Connection, type ProcessorRegistry } from '../../../remoting/net/index.js';
import { createRequest, createResponse, type ExtFields, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { ConsumeMessageDirectlyResultRequestHeader, GetConsumerRunningInfoRequestHeader } from '../../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import { failure } from '../shared/responses.js';

/** How long the client has to answer (Broker2Client.callClient). */
export const callConsumerTimeoutMs = 10_000;

export interface AdminConsumerCallsContext {
  config: Pick<BrokerConfig, 'brokerName'>;
  consumers: { getConsumerGroupInfo(group: string): Pick<ConsumerGroupInfo<Connection>, 'findChannel'> | undefined };
  store: Pick<MessageStoreApi, 'readMessage'>;
}

export function registerAdminConsumerCallsProcessors(server: ProcessorRegistry, ctx: AdminConsumerCallsContext): void {
  server.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, (request) => {
    const { consumerGroup, clientId } = GetConsumerRunningInfoRequestHeader.decode(request.extFields);
    return callConsumer(ctx, request, consumerGroup, clientId, request.extFields, request.body);
  });
  server.registerProcessor(RequestCode.CONSUME_MESSAGE_DIRECTLY, (request) => {
    const { consumerGroup, clientId, msgId } = ConsumeMessageDirectlyResultRequestHeader.decode(request.extFields);
    const message = msgId === undefined ? undefined : readByOffsetMsgId(ctx.store, msgId);
    if (message === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `can not find message by the msgId, ${msgId ?? ''}`);
    const extFields = { ...request.extFields, brokerName: ctx.config.brokerName };
    return callConsumer(ctx, request, consumerGroup, clientId ?? '', extFields, message);
  });
}

/** The stored record an offsetMsgId names; undefined for a malformed id or no record there. */
function readByOffsetMsgId(store: AdminConsumerCallsContext['store'], msgId: string): Buffer | undefined {
  let offset: bigint;
  try {
    offset = decodeOffsetMsgId(msgId).commitLogOffset;
  } catch {
    return undefined;
  }
  return offset > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : store.readMessage(Number(offset));
}

async function callConsumer(
  ctx: AdminConsumerCallsContext,
  request: RemotingCommand,
  consumerGroup: string,
  clientId: string,
  extFields: ExtFields | undefined,
  body: Buffer | undefined,
): Promise<RemotingCommand> {
  const client = ctx.consumers.getConsumerGroupInfo(consumerGroup)?.findChannel(clientId);
  if (client === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `The Consumer <${consumerGroup}> <${clientId}> not online`);
  const forwarded = createRequest(request.code, { extFields, body });
  try {
    const answer = await client.channel.invoke(forwarded, callConsumerTimeoutMs);
    return createResponse(request, answer.code, { remark: answer.remark, extFields: answer.extFields, body: answer.body });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (error instanceof RemotingTimeoutError) return failure(request, ResponseCode.CONSUME_MSG_TIMEOUT, `consumer <${consumerGroup}> <${clientId}> Timeout: ${text}`);
    return failure(request, ResponseCode.SYSTEM_ERROR, `invoke consumer <${consumerGroup}> <${clientId}> Exception: ${text}`);
  }
}
