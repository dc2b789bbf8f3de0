// GET_ROUTEINFO_BY_TOPIC: what every producer and consumer asks first, then every 30 s.
import { ResponseCode } from '../../common/response-code.js';
import {
  GetRouteInfoRequestHeader,
  RequestCode,
  createResponse,
  encodeTopicRouteData,
  type TopicRouteData,
} from '../../remoting/protocol/index.js';
import { orderTopicConfigNamespace, type KvConfigTable } from '../kv-config.js';
import type { NamesrvConfig } from '../namesrv-config.js';
import type { RouteRegistry } from '../route-registry.js';
import { success, type ProcessorEntry } from './shared.js';

/** FAQUrl.suggestTodo(APPLY_TOPIC_URL), appended to RocketMQ's TOPIC_NOT_EXIST remark. */
const applyTopicSuggestion = '\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.';

export function topicRouteProcessors(ctx: {
  registry: RouteRegistry<object>;
  kvConfig: KvConfigTable;
  /** Read at each request: UPDATE_NAMESRV_CONFIG may change it. */
  config: Pick<NamesrvConfig, 'orderMessageEnable'>;
}): ProcessorEntry[] {
  return [
    [
      RequestCode.GET_ROUTEINFO_BY_TOPIC,
      (request) => {
        const { topic } = GetRouteInfoRequestHeader.decode(request.extFields);
        const route = ctx.registry.topicRoute(topic);
        if (route === undefined) {
          return createResponse(request, ResponseCode.TOPIC_NOT_EXIST, {
            remark: `No topic route info in name server for the topic: ${topic}${applyTopicSuggestion}`,
          });
        }
        const data: TopicRouteData = route;
        const orderTopicConf = ctx.config.orderMessageEnable ? ctx.kvConfig.get(orderTopicConfigNamespace, topic) : undefined;
        if (orderTopicConf !== undefined) data.orderTopicConf = orderTopicConf;
        // Always standard JSON (quoted brokerAddrs keys): fastjson, ali-ons' JSON2 and JSON.parse read it.
        return success(request, { body: encodeTopicRouteData(data) });
      },
    ],
  ];
}
