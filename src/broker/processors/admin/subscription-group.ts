// Admin: consumer group configs. UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (mqadmin updateSubGroup,
// body SubscriptionGroupConfig), DELETE_SUBSCRIPTIONGROUP (deleteSubGroup; with removeOffset the
// group's committed offsets go too) and GET_ALL_SUBSCRIPTIONGROUP_CONFIG (subscriptionGroup.json).
import { ResponseCode } from '../../../common/response-code.js';
import type { ProcessorRegistry } from '../../../remoting/net/index.js';
import type { RemotingCommand } from '../../../remoting/protocol/command.js';
import { decodeSubscriptionGroupConfig, type SubscriptionGroupConfig } from '../../../remoting/protocol/bodies/subscription-group.js';
import { DeleteSubscriptionGroupRequestHeader } from '../../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../../remoting/protocol/request-code.js';
import type { BrokerConfig } from '../../broker-config.js';
import type { ConsumerOffsetManager } from '../../managers/consumer-offset-manager.js';
import type { SubscriptionGroupManager } from '../../managers/subscription-group-manager.js';
import { topicNameLengthMax } from '../../managers/topic-names.js';
import type { BrokerStats } from '../../stats/broker-stats.js';
import { failure, success } from '../shared/responses.js';
import { refusedOnSlave } from './shared.js';

const validGroupName = /^[%|a-zA-Z0-9_-]+$/;

export interface AdminSubscriptionGroupContext {
  config: Pick<BrokerConfig, 'brokerRole'>;
  subscriptionGroups: Pick<SubscriptionGroupManager, 'updateSubscriptionGroupConfig' | 'deleteSubscriptionGroupConfig' | 'encode'>;
  offsets: Pick<ConsumerOffsetManager, 'removeOffset'>;
  stats: Pick<BrokerStats, 'onGroupDeleted'>;
}

export function registerAdminSubscriptionGroupProcessors(server: ProcessorRegistry, ctx: AdminSubscriptionGroupContext): void {
  server.registerProcessor(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, (request) => updateAndCreateSubscriptionGroup(ctx, request));
  server.registerProcessor(RequestCode.DELETE_SUBSCRIPTIONGROUP, (request) => deleteSubscriptionGroup(ctx, request));
  server.registerProcessor(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, (request) => success(request, { body: ctx.subscriptionGroups.encode() }));
}

/** Why a group config cannot be stored, or undefined. */
export function subscriptionGroupProblem(config: SubscriptionGroupConfig): string | undefined {
  const name = config.groupName;
  if (!validGroupName.test(name)) return `The specified group[${name}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  if (name.length > topicNameLengthMax) return `The specified group[${name}] is longer than ${topicNameLengthMax} characters`;
  if (config.retryQueueNums < 0) return `retryQueueNums ${config.retryQueueNums} must not be negative`;
  if (config.retryMaxTimes < 0) return `retryMaxTimes ${config.retryMaxTimes} must not be negative`;
  return undefined;
}

function updateAndCreateSubscriptionGroup(ctx: AdminSubscriptionGroupContext, request: RemotingCommand): RemotingCommand {
  const refused = refusedOnSlave(request, ctx.config);
  if (refused) return refused;
  if (request.body === undefined || request.body.length === 0) {
    return failure(request, ResponseCode.SYSTEM_ERROR, 'the request has no SubscriptionGroupConfig body');
  }
  const config = decodeSubscriptionGroupConfig(request.body);
  const problem = subscriptionGroupProblem(config);
  if (problem !== undefined) return failure(request, ResponseCode.SYSTEM_ERROR, problem);
  ctx.subscriptionGroups.updateSubscriptionGroupConfig(config);
  return success(request);
}

function deleteSubscriptionGroup(ctx: AdminSubscriptionGroupContext, request: RemotingCommand): RemotingCommand {
  const refused = refusedOnSlave(request, ctx.config);
  if (refused) return refused;
  const { groupName, removeOffset } = DeleteSubscriptionGroupRequestHeader.decode(request.extFields);
  ctx.subscriptionGroups.deleteSubscriptionGroupConfig(groupName);
  if (removeOffset === true) ctx.offsets.removeOffset(groupName);
  ctx.stats.onGroupDeleted(groupName);
  return success(request);
}
