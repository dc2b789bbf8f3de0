// GET_BROKER_CLUSTER_INFO: every broker group by name and the broker names of every cluster.
import { RequestCode, encodeClusterInfo } from '../../remoting/protocol/index.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

export function clusterInfoProcessors(ctx: { registry: RouteRegistry<object> }): ProcessorEntry[] {
  return [[RequestCode.GET_BROKER_CLUSTER_INFO, (request) => success(request, { body: encodeClusterInfo(ctx.registry.clusterInfo()) })]];
}
