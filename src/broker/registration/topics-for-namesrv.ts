// What the broker tells the NameServers about its topics. A broker whose brokerPermission lacks
// read or write (wiped for maintenance, or a read-only broker) registers every topic with the
// broker's permission instead of the topic's, so clients route around it; such copies carry
// only the name, queue counts and perm, as RocketMQ's do.
import { Perm, topicConfigDefaults, type TopicConfigSerializeWrapper } from '../../remoting/protocol/bodies/topic-config.js';

export function topicsForNamesrv(wrapper: TopicConfigSerializeWrapper, brokerPermission: number): TopicConfigSerializeWrapper {
  const readable = (brokerPermission & Perm.read) !== 0;
  const writable = (brokerPermission & Perm.write) !== 0;
  if (readable && writable) return wrapper;
  const table = new Map(
    [...wrapper.topicConfigTable].map(([name, topic]) => [
      name,
      {
        topicName: topic.topicName,
        readQueueNums: topic.readQueueNums,
        writeQueueNums: topic.writeQueueNums,
        perm: brokerPermission,
        topicFilterType: topicConfigDefaults.topicFilterType,
        topicSysFlag: 0,
        order: false,
      },
    ]),
  );
  return { topicConfigTable: table, dataVersion: wrapper.dataVersion };
}
