// Requests as RocketMQ clients send them (codes.md §2, §3), built by hand from the protocol's
// header codecs, for the send, pull, long-poll, query and bad-request tests.
import { randomUUID } from 'node:crypto';
import { javaStringHash } from '../../../src/common/java-string-hash.js';
import { encodeProperties } from '../../../src/common/message/properties-codec.js';
import { UniqueIdGenerator } from '../../../src/common/message/message-id.js';
import { createRequest, type ExtFields, type RemotingCommand } from '../../../src/remoting/protocol/command.js';
import { encodeHeartbeatData } from '../../../src/remoting/protocol/bodies/heartbeat-data.js';
import { PullMessageRequestHeader, PullSysFlag } from '../../../src/remoting/protocol/headers/pull.js';
import { SendMessageRequestHeader, SendMessageRequestHeaderV2 } from '../../../src/remoting/protocol/headers/send.js';
import { RequestCode } from '../../../src/remoting/protocol/request-code.js';

export const callTimeoutMs = 5000;
const ids = new UniqueIdGenerator('127.0.0.1');

export function freshName(prefix: string): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

export interface TestMessage {
  topic: string;
  body: Buffer | string;
  tags?: string;
  keys?: string[];
  queueId?: number;
  /** Extra properties (DELAY, WAIT, ...). */
  properties?: Record<string, string>;
  flag?: number;
  sysFlag?: number;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
  defaultTopic?: string;
}

/** The properties a Java producer sends: TAGS, KEYS, UNIQ_KEY, WAIT=true, plus `extra`. Returns them with the UNIQ_KEY. */
export function producerProperties(m: TestMessage): { text: string; uniqKey: string } {
  const uniqKey = ids.next();
  const props = new Map<string, string>();
  if (m.tags !== undefined) props.set('TAGS', m.tags);
  if (m.keys !== undefined) props.set('KEYS', m.keys.join(' '));
  props.set('UNIQ_KEY', uniqKey);
  props.set('WAIT', 'true');
  for (const [k, v] of Object.entries(m.properties ?? {})) props.set(k, v);
  return { text: encodeProperties(props), uniqKey };
}

function bodyOf(m: TestMessage): Buffer {
  return typeof m.body === 'string' ? Buffer.from(m.body) : m.body;
}

export function sendV2Request(m: TestMessage, propertiesText = producerProperties(m).text): RemotingCommand {
  const header = SendMessageRequestHeaderV2.encode({
    a: 'PG_TEST',
    b: m.topic,
    c: m.defaultTopic ?? 'TBW102',
    d: 4,
    e: m.queueId ?? 0,
    f: m.sysFlag ?? 0,
    g: Date.now(),
    h: m.flag ?? 0,
    i: propertiesText,
    j: m.reconsumeTimes ?? 0,
    k: false,
    l: m.maxReconsumeTimes,
    m: false,
  });
  return createRequest(RequestCode.SEND_MESSAGE_V2, { extFields: header, body: bodyOf(m) });
}

export function sendV1Request(m: TestMessage, propertiesText = producerProperties(m).text): RemotingCommand {
  const header = SendMessageRequestHeader.encode({
    producerGroup: 'PG_TEST',
    topic: m.topic,
    defaultTopic: m.defaultTopic ?? 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: m.queueId ?? 0,
    sysFlag: m.sysFlag ?? 0,
    bornTimestamp: Date.now(),
    flag: m.flag ?? 0,
    properties: propertiesText,
    reconsumeTimes: m.reconsumeTimes ?? 0,
    unitMode: false,
    batch: false,
  });
  return createRequest(RequestCode.SEND_MESSAGE, { extFields: header, body: bodyOf(m) });
}

/** One SEND_BATCH_MESSAGE body entry (message-format.md §6). */
export function batchEntry(body: Buffer, propertiesText: string, flag = 0): Buffer {
  const props = Buffer.from(propertiesText, 'utf8');
  const out = Buffer.alloc(22 + body.length + props.length);
  let at = out.writeInt32BE(out.length, 0);
  at = out.writeInt32BE(0, at);
  at = out.writeInt32BE(0, at);
  at = out.writeInt32BE(flag, at);
  at = out.writeInt32BE(body.length, at);
  at += body.copy(out, at);
  at = out.writeInt16BE(props.length, at);
  props.copy(out, at);
  return out;
}

export function sendBatchRequest(topic: string, queueId: number, body: Buffer, envelope: ExtFields = { WAIT: 'true' }): RemotingCommand {
  const header = SendMessageRequestHeaderV2.encode({
    a: 'PG_TEST',
    b: topic,
    c: 'TBW102',
    d: 4,
    e: queueId,
    f: 0,
    g: Date.now(),
    h: 0,
    i: encodeProperties(new Map(Object.entries(envelope))),
    k: false,
    m: true,
  });
  return createRequest(RequestCode.SEND_BATCH_MESSAGE, { extFields: header, body });
}

export interface PullOptions {
  maxMsgNums?: number;
  /** A TAG expression sent with the subscription flag; undefined: no subscription flag. */
  subscription?: string;
  expressionType?: string;
  suspendTimeoutMillis?: number;
  commitOffset?: number;
  subVersion?: number;
}

export function pullRequest(group: string, topic: string, queueId: number, queueOffset: number, o: PullOptions = {}): RemotingCommand {
  let sysFlag = 0;
  if (o.subscription !== undefined) sysFlag |= PullSysFlag.subscription;
  if (o.suspendTimeoutMillis !== undefined) sysFlag |= PullSysFlag.suspend;
  if (o.commitOffset !== undefined) sysFlag |= PullSysFlag.commitOffset;
  const header = PullMessageRequestHeader.encode({
    consumerGroup: group,
    topic,
    queueId,
    queueOffset,
    maxMsgNums: o.maxMsgNums ?? 32,
    sysFlag,
    commitOffset: o.commitOffset ?? 0,
    suspendTimeoutMillis: o.suspendTimeoutMillis ?? 0,
    subscription: o.subscription,
    subVersion: o.subVersion ?? 0,
    expressionType: o.expressionType,
  });
  return createRequest(RequestCode.PULL_MESSAGE, { extFields: header });
}

/** HEART_BEAT of one consumer client subscribed to `topic` with a TAG expression. */
export function consumerHeartbeat(clientID: string, group: string, topic: string, subString: string, subVersion: number): RemotingCommand {
  const tagsSet = subString === '*' ? [] : subString.split('||').map((t) => t.trim());
  const body = encodeHeartbeatData({
    clientID,
    producerDataSet: [],
    consumerDataSet: [
      {
        groupName: group,
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptionDataSet: [{ classFilterMode: false, topic, subString, tagsSet, codeSet: tagsSet.map(javaStringHash), subVersion, expressionType: 'TAG' }],
        unitMode: false,
      },
    ],
  });
  return createRequest(RequestCode.HEART_BEAT, { body });
}
