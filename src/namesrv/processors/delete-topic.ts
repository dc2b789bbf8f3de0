// DELETE_TOPIC_IN_NAMESRV: an admin removes a topic's routes (from one cluster when named).
import { DeleteTopicFromNamesrvRequestHeader, RequestCode } from '../../remoting/protocol/index.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

export function deleteTopicProcessors(ctx: { registry: RouteRegistry<object> }): ProcessorEntry[] {
  return [
    [
      RequestCode.DELETE_TOPIC_IN_NAMESRV,
      (request) => {
        const { topic, clusterName } = DeleteTopicFromNamesrvRequestHeader.decode(request.extFields);
        ctx.registry.deleteTopic(topic, clusterName);
        return success(request);
      },
    ],
  ];
}
