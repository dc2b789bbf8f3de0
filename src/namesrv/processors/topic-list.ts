// Topic names for admin tools: GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER,
// GET_SYSTEM_TOPIC_LIST_FROM_NS (cluster and broker names, with one broker's address), and the
// unit-topic lists by topicSysFlag (TopicSysFlag: unit 0x1, has unit subscriptions 0x2).
import { GetTopicsByClusterRequestHeader, RequestCode, encodeTopicList } from '../../remoting/protocol/index.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

const unitFlag = 0x1;
const unitSubFlag = 0x2;

export function topicListProcessors(ctx: { registry: RouteRegistry<object> }): ProcessorEntry[] {
  return [
    [
      RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
      (request) => success(request, { body: encodeTopicList({ topicList: ctx.registry.allTopics() }) }),
    ],
    [RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, (request) => success(request, { body: encodeTopicList(ctx.registry.systemTopics()) })],
    [RequestCode.GET_UNIT_TOPIC_LIST, (request) => success(request, { body: encodeTopicList({ topicList: ctx.registry.topicsWithSysFlag(unitFlag) }) })],
    [
      RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
      (request) => success(request, { body: encodeTopicList({ topicList: ctx.registry.topicsWithSysFlag(unitSubFlag) }) }),
    ],
    [
      RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
      (request) => success(request, { body: encodeTopicList({ topicList: ctx.registry.topicsWithSysFlag(unitSubFlag, unitFlag) }) }),
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
