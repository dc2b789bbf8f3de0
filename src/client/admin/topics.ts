// Admin: topics (mqadmin updateTopic, deleteTopic, topicList, topicRoute, topicStatus,
// queryTopicConsumeByWho).
import { decodeTopicStatsTable } from '../../remoting/protocol/bodies/consume-stats.js';
import { decodeGroupList, decodeTopicList, type TopicList } from '../../remoting/protocol/bodies/topic-list.js';
import { topicConfigDefaults } from '../../remoting/protocol/bodies/topic-config.js';
import type { TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { CreateTopicRequestHeader, DeleteTopicRequestHeader, GetTopicStatsInfoRequestHeader, QueryTopicConsumeByWhoRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import { DeleteTopicFromNamesrvRequestHeader, GetTopicsByClusterRequestHeader } from '../../remoting/protocol/headers/namesrv.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { BrokerTarget, CreateTopicOptions, TopicStats } from '../api.js';
import { clientRequest } from '../instance/requests.js';
import { createTopicKeyDefault } from '../producer/producer-options.js';
import { checkTopicName } from '../producer/message-validation.js';
import { clusterMasters, fetchClusterInfo, onEachBroker, targetAddresses, topicMasters, type AdminContext } from './admin-context.js';
import { putKvConfig } from './kv-config.js';

/** mqadmin updateTopic's queue count default. */
export const createTopicQueueNumsDefault = 8;
/** NameServer KV namespace of ordered topics' "brokerName:queueNum;..." (NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG). */
export const orderTopicConfigNamespace = 'ORDER_TOPIC_CONFIG';

export async function createTopic(ctx: AdminContext, topic: string, target: BrokerTarget, options: CreateTopicOptions = {}): Promise<string[]> {
  checkTopicName(topic);
  const writeQueueNums = options.writeQueueNums ?? createTopicQueueNumsDefault;
  const extFields = CreateTopicRequestHeader.encode({
    topic,
    defaultTopic: createTopicKeyDefault,
    readQueueNums: options.readQueueNums ?? createTopicQueueNumsDefault,
    writeQueueNums,
    perm: options.perm ?? topicConfigDefaults.perm,
    topicFilterType: options.topicFilterType ?? topicConfigDefaults.topicFilterType,
    topicSysFlag: options.topicSysFlag ?? 0,
    order: options.order ?? false,
  });
  const addrs = await targetAddresses(ctx, target);
  await onEachBroker(addrs, (addr) => ctx.instance.invokeBroker(addr, clientRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, { extFields })));
  if (options.order) {
    const info = await fetchClusterInfo(ctx);
    const names = [...info.brokerAddrTable.values()].filter((b) => [...b.brokerAddrs.values()].some((a) => addrs.includes(a))).map((b) => b.brokerName);
    await putKvConfig(ctx, orderTopicConfigNamespace, topic, names.map((name) => `${name}:${writeQueueNums}`).join(';'));
  }
  return addrs;
}

export async function deleteTopic(ctx: AdminContext, topic: string, clusterName: string): Promise<void> {
  const masters = await clusterMasters(ctx, clusterName);
  const inBroker = DeleteTopicRequestHeader.encode({ topic });
  await onEachBroker(
    masters.map((m) => m.addr),
    (addr) => ctx.instance.invokeBroker(addr, clientRequest(RequestCode.DELETE_TOPIC_IN_BROKER, { extFields: inBroker })),
  );
  const inNamesrv = DeleteTopicFromNamesrvRequestHeader.encode({ topic, clusterName });
  await ctx.instance.invokeEachNameServer(() => clientRequest(RequestCode.DELETE_TOPIC_IN_NAMESRV, { extFields: inNamesrv }));
}

export async function listTopics(ctx: AdminContext): Promise<string[]> {
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
  return decodeTopicList(response.body ?? '{}').topicList;
}

export async function listTopicsByCluster(ctx: AdminContext, clusterName: string): Promise<string[]> {
  const extFields = GetTopicsByClusterRequestHeader.encode({ cluster: clusterName });
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_TOPICS_BY_CLUSTER, { extFields }));
  return decodeTopicList(response.body ?? '{}').topicList;
}

export async function listSystemTopics(ctx: AdminContext): Promise<TopicList> {
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS));
  return decodeTopicList(response.body ?? '{}');
}

export function topicRoute(ctx: AdminContext, topic: string): Promise<TopicRouteData> {
  return ctx.instance.fetchTopicRoute(topic);
}

export async function topicStats(ctx: AdminContext, topic: string): Promise<TopicStats> {
  const extFields = GetTopicStatsInfoRequestHeader.encode({ topic });
  const masters = await topicMasters(ctx, topic);
  const tables = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeTopicStatsTable((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.GET_TOPIC_STATS_INFO, { extFields }))).body ?? '{}'),
  );
  return { offsetTable: tables.flatMap((t) => t.offsetTable) };
}

export async function topicConsumerGroups(ctx: AdminContext, topic: string): Promise<string[]> {
  const extFields = QueryTopicConsumeByWhoRequestHeader.encode({ topic });
  const masters = await topicMasters(ctx, topic);
  const lists = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeGroupList((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, { extFields }))).body ?? '{}').groupList,
  );
  return [...new Set(lists.flat())].sort();
}
