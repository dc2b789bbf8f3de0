// Admin requests the broker forwards to one client of a group over that client's own connection,
// handing back the client's answer as it is (AdminBrokerProcessor.callConsumer), with RocketMQ's
// remarks when the client is not connected, does not answer in time or the call fails:
//   GET_CONSUMER_RUNNING_INFO   mqadmin consumerStatus, the dashboard's client view
//   CONSUME_MESSAGE_DIRECTLY    the dashboard's "resend to consumer": the broker first puts the
//                               stored message the offsetMsgId names into the body, and its own
//                               name into brokerName
// and INVOKE_BROKER_TO_GET_CONSUMER_STATUS (mqadmin getConsumerStatus), for which the broker
// asks every member of the group (or the one whose client id is clientAddr) for its offsets of
// the topic (GET_CONSUMER_STATUS_FROM_CLIENT) and answers them by client id; a member that fails
// to answer is logged and left out, as in RocketMQ (Broker2Client.getConsumeStatus).
import type { Logger } from '../../../common/logger.js';
import { decodeOffsetMsgId } from '../../../common/message/message-id.js';
import { ResponseCode } from '../../../common/response-code.js';
import { RemotingTimeoutError, type Connection, type ProcessorRegistry } from '../../../remoting/net/index.js';
import { createRequest, createResponse, type ExtFields, type RemotingCommand } from '../../../remoting/protocol/command.js';
import { decodeGetConsumerStatusBody, encodeGetConsumerStatusBody } from '../../../remoting/protocol/bodies/consumer-status.js';
import type { MessageQueueEntries } from '../../../remoting/protocol/bodies/message-queue.js';
import { GetConsumerStatusRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { ConsumeMessageDirectlyResultRequestHeader, GetConsumerRunningInfoRequestHeader } from '../../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../../store/api.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import { failure, success } from '../shared/responses.js';

/** How long the client has to answer (Broker2Client.callClient). */
export const callConsumerTimeoutMs = 10_000;
/** How long each member has to give its offsets (Broker2Client.getConsumeStatus). */
export const consumerStatusTimeoutMs = 5_000;

export interface AdminConsumerCallsContext {
  config: Pick<BrokerConfig, 'brokerName'>;
  consumers: { getConsumerGroupInfo(group: string): Pick<ConsumerGroupInfo<Connection>, 'findChannel' | 'channels'> | undefined };
  store: Pick<MessageStoreApi, 'readMessage'>;
  logger: Logger;
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
  server.registerProcessor(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, (request) => getConsumerStatus(ctx, request));
}

async function getConsumerStatus(ctx: AdminConsumerCallsContext, request: RemotingCommand): Promise<RemotingCommand> {
  const { topic, group, clientAddr } = GetConsumerStatusRequestHeader.decode(request.extFields);
  const members = ctx.consumers.getConsumerGroupInfo(group)?.channels;
  if (members === undefined || members.size === 0) return failure(request, ResponseCode.SYSTEM_ERROR, `No Any Consumer online in the consumer group: [${group}]`);
  const only = clientAddr === undefined || clientAddr.trim() === '' ? undefined : clientAddr;
  const asked = [...members.values()].filter((info) => only === undefined || info.clientId === only);
  const answers = await Promise.all(
    asked.map(async (info): Promise<[string, MessageQueueEntries<number>] | undefined> => {
      const ask = createRequest(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, { extFields: GetConsumerStatusRequestHeader.encode({ topic, group }) });
      try {
        const answer = await info.channel.invoke(ask, consumerStatusTimeoutMs);
        if (answer.code !== ResponseCode.SUCCESS || answer.body === undefined) return undefined;
        return [info.clientId, decodeGetConsumerStatusBody(answer.body).messageQueueTable];
      } catch (err) {
        ctx.logger.warn({ err, group, topic, clientId: info.clientId }, 'consumer did not give its status');
        return undefined;
      }
    }),
  );
  const consumerTable = new Map(answers.filter((a): a is [string, MessageQueueEntries<number>] => a !== undefined));
  return success(request, { body: encodeGetConsumerStatusBody({ messageQueueTable: [], consumerTable }) });
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
