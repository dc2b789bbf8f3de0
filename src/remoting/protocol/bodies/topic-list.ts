// TopicList: {"topicList":["T1",...],"brokerAddr":"..."} (brokerAddr only in system-topic
// lists) and GroupList: {"groupList":["G1",...]} (QUERY_TOPIC_CONSUME_BY_WHO).
import { writeFastjson } from './fastjson-write.js';
import { arrayField, asString, optionalString, parseBodyObject } from './json-fields.js';

export interface TopicList {
  topicList: string[];
  brokerAddr?: string;
}

export function encodeTopicList(list: TopicList): Buffer {
  return Buffer.from(writeFastjson({ topicList: list.topicList, brokerAddr: list.brokerAddr }), 'utf8');
}

export function decodeTopicList(body: Buffer | string): TopicList {
  const o = parseBodyObject(body, 'TopicList');
  const out: TopicList = { topicList: arrayField(o, 'topicList', 'TopicList', asString) };
  const brokerAddr = optionalString(o, 'brokerAddr', 'TopicList');
  if (brokerAddr !== undefined) out.brokerAddr = brokerAddr;
  return out;
}

export interface GroupList {
  groupList: string[];
}

export function encodeGroupList(list: GroupList): Buffer {
  return Buffer.from(writeFastjson({ groupList: list.groupList }), 'utf8');
}

export function decodeGroupList(body: Buffer | string): GroupList {
  const o = parseBodyObject(body, 'GroupList');
  return { groupList: arrayField(o, 'groupList', 'GroupList', asString) };
}
