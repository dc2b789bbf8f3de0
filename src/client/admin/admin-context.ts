// What every admin family needs: the client instance to call through, and the ways an admin
// operation finds its brokers (one address, the masters of a cluster, the masters of a topic).
import { InvalidArgumentError } from '../../common/errors.js';
import { decodeOffsetMsgId } from '../../common/message/message-id.js';
import { formatAddress } from '../../remoting/net/address.js';
import { decodeClusterInfo, type ClusterInfo } from '../../remoting/protocol/bodies/cluster-info.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { BrokerTarget } from '../api.js';
import type { InvokeOptions } from '../instance/client-instance.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import type { TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';
import { clientRequest } from '../instance/requests.js';
import { masterBrokerId } from '../instance/topic-publish-info.js';

/** The calls admin operations make (ClientInstance implements them). */
export interface AdminTransport {
  invokeNameServer(build: () => RemotingCommand, options?: InvokeOptions): Promise<RemotingCommand>;
  invokeEachNameServer(build: () => RemotingCommand, options?: InvokeOptions): Promise<Map<string, RemotingCommand>>;
  invokeBroker(addr: string, request: RemotingCommand, options?: InvokeOptions): Promise<RemotingCommand>;
  fetchTopicRoute(topic: string): Promise<TopicRouteData>;
}

export interface AdminContext {
  readonly instance: AdminTransport;
}

export interface MasterBroker {
  brokerName: string;
  addr: string;
}

/** GET_BROKER_CLUSTER_INFO */
export async function fetchClusterInfo(ctx: AdminContext): Promise<ClusterInfo> {
  const response = await ctx.instance.invokeNameServer(() => clientRequest(RequestCode.GET_BROKER_CLUSTER_INFO));
  return decodeClusterInfo(response.body ?? Buffer.alloc(0));
}

/** The masters of a cluster, from the NameServer's cluster info. */
export async function clusterMasters(ctx: AdminContext, clusterName: string): Promise<MasterBroker[]> {
  const info = await fetchClusterInfo(ctx);
  const names = info.clusterAddrTable.get(clusterName);
  if (names === undefined) throw new InvalidArgumentError(`no cluster named ${clusterName} in the NameServer`);
  const masters: MasterBroker[] = [];
  for (const brokerName of names) {
    const addr = info.brokerAddrTable.get(brokerName)?.brokerAddrs.get(masterBrokerId);
    if (addr !== undefined) masters.push({ brokerName, addr });
  }
  return masters;
}

/** The masters of the brokers in a topic's route (fetched fresh from a NameServer). */
export async function topicMasters(ctx: AdminContext, topic: string): Promise<MasterBroker[]> {
  const route = await ctx.instance.fetchTopicRoute(topic);
  const masters: MasterBroker[] = [];
  for (const bd of route.brokerDatas) {
    const addr = bd.brokerAddrs.get(masterBrokerId);
    if (addr !== undefined) masters.push({ brokerName: bd.brokerName, addr });
  }
  return masters;
}

/** The broker that stored the message an offsetMsgId names ("ip:port"), and where in its commit log. */
export function brokerOfOffsetMsgId(offsetMsgId: string): { addr: string; commitLogOffset: bigint } {
  const { storeHost, commitLogOffset } = decodeOffsetMsgId(offsetMsgId);
  return { addr: formatAddress(storeHost.host, storeHost.port), commitLogOffset };
}

/** The broker addresses a BrokerTarget names. */
export async function targetAddresses(ctx: AdminContext, target: BrokerTarget): Promise<string[]> {
  if (target.brokerAddr !== undefined) return [target.brokerAddr];
  if (target.clusterName !== undefined) return (await clusterMasters(ctx, target.clusterName)).map((m) => m.addr);
  throw new InvalidArgumentError('a broker target names a brokerAddr or a clusterName');
}

/** Runs `call` on every broker in parallel; resolves with the answers in order. */
export function onEachBroker<T>(addrs: readonly string[], call: (addr: string) => Promise<T>): Promise<T[]> {
  return Promise.all(addrs.map(call));
}
