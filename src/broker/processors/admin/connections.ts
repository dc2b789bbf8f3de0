// Admin: who is connected. GET_CONSUMER_CONNECTION_LIST (mqadmin consumerConnection and
// consumerProgress: the group's live members, subscriptions and consume mode),
// GET_PRODUCER_CONNECTION_LIST (producerConnection) and GET_ALL_PRODUCER_INFO (producer: every
// producer group with its clients).
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import {
  encodeConsumerConnection,
  encodeProducerConnection,
  type Connection,
  type ConsumerConnection,
} from '../../../remoting/protocol/bodies/connection.js';
import {
  GetConsumerConnectionListRequestHeader,
  GetProducerConnectionListRequestHeader,
} from '../../../remoting/protocol/headers/broker-admin.js';
import { encodeProducerTableInfo, type ProducerInfo } from '../../../remoting/protocol/bodies/producer-table-info.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { ClientChannel, ClientChannelInfo } from '../../managers/client-channel.js';
import type { ConsumerGroupInfo } from '../../managers/consumer-group-info.js';
import type { ConsumerManager } from '../../managers/consumer-manager.js';
import type { ProducerManager } from '../../managers/producer-manager.js';
import { failure, success } from '../shared/responses.js';

export interface AdminConnectionsContext {
  consumers: Pick<ConsumerManager<ClientChannel>, 'getConsumerGroupInfo'>;
  producers: Pick<ProducerManager<ClientChannel>, 'groups'>;
}

export function registerAdminConnectionsProcessors(server: ProcessorRegistry, ctx: AdminConnectionsContext): void {
  server.registerProcessor(RequestCode.GET_CONSUMER_CONNECTION_LIST, (request) => getConsumerConnectionList(ctx, request));
  server.registerProcessor(RequestCode.GET_PRODUCER_CONNECTION_LIST, (request) => getProducerConnectionList(ctx, request));
  server.registerProcessor(RequestCode.GET_ALL_PRODUCER_INFO, (request) => {
    const data = new Map<string, ProducerInfo[]>();
    for (const [group, members] of ctx.producers.groups) data.set(group, [...members.values()].map(producerInfoOf));
    return success(request, { body: encodeProducerTableInfo({ data }) });
  });
}

function producerInfoOf(info: ClientChannelInfo<ClientChannel>): ProducerInfo {
  return {
    clientId: info.clientId,
    remoteIP: `/${info.channel.remoteAddress}`,
    language: info.language,
    version: info.version,
    lastUpdateTimestamp: info.lastUpdateTimestamp,
  };
}

function connectionOf(info: ClientChannelInfo<ClientChannel>): Connection {
  return { clientId: info.clientId, clientAddr: info.channel.remoteAddress, language: info.language, version: info.version };
}

export function consumerConnectionOf(group: ConsumerGroupInfo<ClientChannel>): ConsumerConnection {
  const out: ConsumerConnection = {
    connectionSet: [...group.channels.values()].map(connectionOf),
    subscriptionTable: new Map(group.subscriptions),
  };
  if (group.mode.consumeType !== undefined) out.consumeType = group.mode.consumeType;
  if (group.mode.messageModel !== undefined) out.messageModel = group.mode.messageModel;
  if (group.mode.consumeFromWhere !== undefined) out.consumeFromWhere = group.mode.consumeFromWhere;
  return out;
}

function getConsumerConnectionList(ctx: AdminConnectionsContext, request: RemotingCommand): RemotingCommand {
  const { consumerGroup } = GetConsumerConnectionListRequestHeader.decode(request.extFields);
  const group = ctx.consumers.getConsumerGroupInfo(consumerGroup);
  if (group === undefined) return failure(request, ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${consumerGroup}] not online`);
  return success(request, { body: encodeConsumerConnection(consumerConnectionOf(group)) });
}

function getProducerConnectionList(ctx: AdminConnectionsContext, request: RemotingCommand): RemotingCommand {
  const { producerGroup } = GetProducerConnectionListRequestHeader.decode(request.extFields);
  const members = ctx.producers.groups.get(producerGroup);
  if (members === undefined) return failure(request, ResponseCode.SYSTEM_ERROR, `the producer group[${producerGroup}] not exist`);
  return success(request, { body: encodeProducerConnection({ connectionSet: [...members.values()].map(connectionOf) }) });
}
