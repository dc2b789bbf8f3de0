// Operations on TopicRouteData the client instance needs: change detection and the route used
// for a topic that does not exist yet (auto-creation, behaviours.md §1 steps 1-2).
import { compareJavaStrings } from '../../common/message/message-queue.js';
import { encodeTopicRouteData, type TopicRouteData } from '../../remoting/protocol/bodies/topic-route-data.js';

/** Whether two routes hold the same queues and brokers, whatever their list order. */
export function topicRoutesEqual(a: TopicRouteData, b: TopicRouteData): boolean {
  return canonical(a).equals(canonical(b));
}

function canonical(route: TopicRouteData): Buffer {
  return encodeTopicRouteData({
    ...route,
    queueDatas: [...route.queueDatas].sort((x, y) => compareJavaStrings(x.brokerName, y.brokerName)),
    brokerDatas: [...route.brokerDatas].sort((x, y) => compareJavaStrings(x.brokerName, y.brokerName)),
  });
}

/**
 * The route a producer uses for a topic the NameServer does not know: the template topic's
 * (TBW102) route with every QueueData's read and write queue counts set to
 * min(defaultTopicQueueNums, readQueueNums), as RocketMQ's producer does. The broker then
 * creates the topic on the first send (SEND_MESSAGE_V2 header c = template, d = queue count).
 */
export function routeForAutoCreation(templateRoute: TopicRouteData, defaultTopicQueueNums: number): TopicRouteData {
  return {
    ...templateRoute,
    queueDatas: templateRoute.queueDatas.map((qd) => {
      const queueNums = Math.min(defaultTopicQueueNums, qd.readQueueNums);
      return { ...qd, readQueueNums: queueNums, writeQueueNums: queueNums };
    }),
  };
}
