// Client registration (ClientManageProcessor): HEART_BEAT, UNREGISTER_CLIENT,
// GET_CONSUMER_LIST_BY_GROUP and CHECK_CLIENT_CONFIG. A heartbeat registers the client's producer
// and consumer groups on the connection it came on; a consumer group seen for the first time gets
// its subscription group config and its %RETRY% topic (which the topic manager then registers
// with the NameServers). CHECK_CLIENT_CONFIG is a Java consumer asking, before it starts, whether
// its subscription can be filtered here: TAG ones can; others are refused as RocketMQ refuses
// them with enablePropertyFilter off, so the consumer fails to start instead of pulling nothing.
import { ResponseCode } from '../../common/response-code.js';
import type { Connection, ProcessorRegistry } from '../../remoting/net/index.js';
import { decodeCheckClientRequestBody } from '../../remoting/protocol/bodies/check-client-request-body.js';
import { encodeConsumerIdList } from '../../remoting/protocol/bodies/consumer-id-list.js';
import { decodeHeartbeatData } from '../../remoting/protocol/bodies/heartbeat-data.js';
import { Perm } from '../../remoting/protocol/bodies/topic-config.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { GetConsumerListByGroupRequestHeader, UnregisterClientRequestHeader } from '../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { isTagType, unsupportedExpressionRemark } from '../filter/tag-expression.js';
import type { ClientChannelInfo } from '../managers/client-channel.js';
import type { ConsumerManager } from '../managers/consumer-manager.js';
import type { ProducerManager } from '../managers/producer-manager.js';
import type { SubscriptionGroupManager } from '../managers/subscription-group-manager.js';
import type { TopicConfigManager } from '../managers/topic-config-manager.js';
import { retryTopic } from '../managers/topic-names.js';
import { failure, success } from './shared/responses.js';

/** TopicSysFlag of a unit-mode consumer's retry topic (buildSysFlag(false, true): FLAG_UNIT_SUB). */
const topicSysFlagUnitSub = 0x2;

export interface ClientContext {
  topics: Pick<TopicConfigManager, 'createTopicInSendMessageBackMethod'>;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'findSubscriptionGroupConfig'>;
  consumers: ConsumerManager<Connection>;
  producers: ProducerManager<Connection>;
}

export function registerClientProcessors(server: ProcessorRegistry, ctx: ClientContext): void {
  server.registerProcessor(RequestCode.HEART_BEAT, (request, { connection }) => heartbeat(ctx, request, connection));
  server.registerProcessor(RequestCode.UNREGISTER_CLIENT, (request, { connection }) => unregisterClient(ctx, request, connection));
  server.registerProcessor(RequestCode.GET_CONSUMER_LIST_BY_GROUP, (request) => consumerListByGroup(ctx, request));
  server.registerProcessor(RequestCode.CHECK_CLIENT_CONFIG, (request) => checkClientConfig(request));
}

function channelInfo(request: RemotingCommand, connection: Connection, clientId: string): ClientChannelInfo<Connection> {
  return { channel: connection, clientId, language: request.language, version: request.version, lastUpdateTimestamp: 0 };
}

function checkClientConfig(request: RemotingCommand): RemotingCommand {
  const subscription = request.body === undefined || request.body.length === 0 ? undefined : decodeCheckClientRequestBody(request.body).subscriptionData;
  if (subscription === undefined || isTagType(subscription.expressionType)) return success(request);
  return failure(request, ResponseCode.SYSTEM_ERROR, unsupportedExpressionRemark(subscription.expressionType!));
}

function heartbeat(ctx: ClientContext, request: RemotingCommand, connection: Connection): RemotingCommand {
  const data = decodeHeartbeatData(request.body ?? Buffer.alloc(0));
  for (const consumer of data.consumerDataSet) {
    const group = consumer.groupName;
    const groupConfig = ctx.subscriptionGroups.findSubscriptionGroupConfig(group);
    let notify = true;
    if (groupConfig !== undefined) {
      notify = groupConfig.notifyConsumerIdsChangedEnable;
      const topicSysFlag = consumer.unitMode ? topicSysFlagUnitSub : 0;
      ctx.topics.createTopicInSendMessageBackMethod(retryTopic(group), groupConfig.retryQueueNums, Perm.read | Perm.write, topicSysFlag);
    }
    const mode = { consumeType: consumer.consumeType, messageModel: consumer.messageModel, consumeFromWhere: consumer.consumeFromWhere };
    ctx.consumers.registerConsumer(group, channelInfo(request, connection, data.clientID), mode, consumer.subscriptionDataSet, notify);
  }
  for (const producer of data.producerDataSet) {
    ctx.producers.registerProducer(producer.groupName, channelInfo(request, connection, data.clientID));
  }
  return success(request);
}

function unregisterClient(ctx: ClientContext, request: RemotingCommand, connection: Connection): RemotingCommand {
  const header = UnregisterClientRequestHeader.decode(request.extFields);
  if (header.producerGroup !== undefined) ctx.producers.unregisterProducer(header.producerGroup, connection);
  if (header.consumerGroup !== undefined) {
    const groupConfig = ctx.subscriptionGroups.findSubscriptionGroupConfig(header.consumerGroup);
    ctx.consumers.unregisterConsumer(header.consumerGroup, connection, groupConfig?.notifyConsumerIdsChangedEnable ?? true);
  }
  return success(request);
}

function consumerListByGroup(ctx: ClientContext, request: RemotingCommand): RemotingCommand {
  const { consumerGroup } = GetConsumerListByGroupRequestHeader.decode(request.extFields);
  const clientIds = ctx.consumers.getConsumerGroupInfo(consumerGroup)?.allClientIds() ?? [];
  if (clientIds.length === 0) return failure(request, ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${consumerGroup}`);
  return success(request, { body: encodeConsumerIdList({ consumerIdList: clientIds }) });
}
