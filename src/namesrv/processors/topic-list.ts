// GET_ALL_TOPIC_LIST_FROM_NAMESERVER and GET_TOPICS_BY_CLUSTER: topic names for admin tools.
import { GetTopicsByClusterRequestHeader, RequestCode, encodeTopicList } from '../../remoting/protocol/index.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

export function topicListProcessors(ctx: { registry: RouteRegistry<object> }): ProcessorEntry[] {
  return [
    [
      RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
      (request) => success(request, { body: encodeTopicList({ topicList: ctx.registry.allTopics() }) }),
    ],
    [
      RequestCode.GET_TOPICS_BY_CLUSTER,
      (request) => {
        const { cluster } = GetTopicsByClusterRequestHeader.decode(request.extFields);
        return success(request, { body: encodeTopicList({ topicList: ctx.registry.topicsByCluster(cluster) }) });
      },
    ],
  ];
}
