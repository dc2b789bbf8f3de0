// Admin: subscription groups (mqadmin updateSubGroup, deleteSubGroup, and the broker's
// GET_ALL_SUBSCRIPTIONGROUP_CONFIG).
import { InvalidArgumentError } from '../../common/errors.js';
import {
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupConfig,
  subscriptionGroupDefaults,
  type SubscriptionGroupConfig,
  type SubscriptionGroupWrapper,
} from '../../remoting/protocol/bodies/subscription-group.js';
import { DeleteSubscriptionGroupRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { BrokerTarget, DeleteSubscriptionGroupOptions } from '../api.js';
import { clientRequest } from '../instance/requests.js';
import { checkGroupName, retryTopicPrefix } from '../producer/message-validation.js';
import { onEachBroker, targetAddresses, type AdminContext } from './admin-context.js';
import { deleteTopic } from './topics.js';

/** Dead-letter topics start with this (MixAll.DLQ_GROUP_TOPIC_PREFIX). */
export const dlqTopicPrefix = '%DLQ%';

export async function createOrUpdateSubscriptionGroup(
  ctx: AdminContext,
  config: Partial<SubscriptionGroupConfig> & { groupName: string },
  target: BrokerTarget,
): Promise<string[]> {
  checkGroupName(config.groupName);
  const body = encodeSubscriptionGroupConfig({ ...subscriptionGroupDefaults, ...config });
  const addrs = await targetAddresses(ctx, target);
  await onEachBroker(addrs, (addr) => ctx.instance.invokeBroker(addr, clientRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, { body })));
  return addrs;
}

export async function deleteSubscriptionGroup(ctx: AdminContext, group: string, target: BrokerTarget, options: DeleteSubscriptionGroupOptions = {}): Promise<void> {
  if (options.removeRetryAndDlqTopics && target.clusterName === undefined) {
    throw new InvalidArgumentError('removeRetryAndDlqTopics needs a clusterName target (the topics are deleted cluster-wide)');
  }
  const extFields = DeleteSubscriptionGroupRequestHeader.encode({ groupName: group, removeOffset: options.removeOffset ?? false });
  await onEachBroker(await targetAddresses(ctx, target), (addr) => ctx.instance.invokeBroker(addr, clientRequest(RequestCode.DELETE_SUBSCRIPTIONGROUP, { extFields })));
  if (options.removeRetryAndDlqTopics && target.clusterName !== undefined) {
    await deleteTopic(ctx, retryTopicPrefix + group, target.clusterName);
    await deleteTopic(ctx, dlqTopicPrefix + group, target.clusterName);
  }
}

export async function subscriptionGroups(ctx: AdminContext, brokerAddr: string): Promise<SubscriptionGroupWrapper> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
  return decodeSubscriptionGroupWrapper(response.body ?? '{}');
}
