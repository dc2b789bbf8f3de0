// HeartbeatData (HEART_BEAT body; codes.md §6) with ProducerData, ConsumerData and
// SubscriptionData. Note the capital ID of "clientID". filterClassSource is never written.
//   {"clientID":"10.0.0.9@4242#8123456789","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",
//    "consumeType":"CONSUME_PASSIVELY","groupName":"G1","messageModel":"CLUSTERING",
//    "subscriptionDataSet":[{"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*",
//    "subVersion":1700000000000,"tagsSet":[],"topic":"T"}],"unitMode":false}],
//    "producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}]}
// heartbeatFingerprint and withoutSub are 5.x (HeartbeatV2, opt-in).
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import {
  arrayField,
  asInt,
  asObject,
  asString,
  booleanField,
  longField,
  optionalBoolean,
  optionalString,
  parseBodyObject,
  stringField,
} from './json-fields.js';

export interface SubscriptionData {
  classFilterMode: boolean;
  topic: string;
  /** "*", "tagA || tagB" or an SQL92 expression. */
  subString: string;
  tagsSet: string[];
  /** Java String.hashCode of each tag. */
  codeSet: number[];
  /** ms timestamp of the subscription. */
  subVersion: number;
  /** "TAG" or "SQL92"; absent from old clients (means TAG). */
  expressionType?: string;
}

export interface ConsumerData {
  groupName: string;
  /** "CONSUME_ACTIVELY" (pull) or "CONSUME_PASSIVELY" (push). */
  consumeType?: string;
  /** "CLUSTERING" or "BROADCASTING". */
  messageModel?: string;
  consumeFromWhere?: string;
  subscriptionDataSet: SubscriptionData[];
  unitMode: boolean;
}

export interface ProducerData {
  groupName: string;
}

export interface HeartbeatData {
  clientID: string;
  producerDataSet: ProducerData[];
  consumerDataSet: ConsumerData[];
  /** 5.x */
  heartbeatFingerprint?: number;
  /** 5.x */
  withoutSub?: boolean;
}

export function subscriptionDataFromJson(v: JsonValue, what = 'SubscriptionData'): SubscriptionData {
  const o = asObject(v, what);
  const out: SubscriptionData = {
    classFilterMode: booleanField(o, 'classFilterMode', what),
    topic: stringField(o, 'topic', what),
    subString: optionalString(o, 'subString', what) ?? '*',
    tagsSet: arrayField(o, 'tagsSet', what, asString),
    codeSet: arrayField(o, 'codeSet', what, asInt),
    subVersion: longField(o, 'subVersion', what),
  };
  const expressionType = optionalString(o, 'expressionType', what);
  if (expressionType !== undefined) out.expressionType = expressionType;
  return out;
}

export function subscriptionDataToJson(s: SubscriptionData): object {
  return {
    classFilterMode: s.classFilterMode,
    topic: s.topic,
    subString: s.subString,
    tagsSet: s.tagsSet,
    codeSet: s.codeSet,
    subVersion: s.subVersion,
    expressionType: s.expressionType,
  };
}

function consumerDataFromJson(v: JsonValue, what: string): ConsumerData {
  const o = asObject(v, what);
  const out: ConsumerData = {
    groupName: stringField(o, 'groupName', what),
    subscriptionDataSet: arrayField(o, 'subscriptionDataSet', what, subscriptionDataFromJson),
    unitMode: booleanField(o, 'unitMode', what),
  };
  const consumeType = optionalString(o, 'consumeType', what);
  if (consumeType !== undefined) out.consumeType = consumeType;
  const messageModel = optionalString(o, 'messageModel', what);
  if (messageModel !== undefined) out.messageModel = messageModel;
  const consumeFromWhere = optionalString(o, 'consumeFromWhere', what);
  if (consumeFromWhere !== undefined) out.consumeFromWhere = consumeFromWhere;
  return out;
}

export function encodeHeartbeatData(h: HeartbeatData): Buffer {
  const json = {
    clientID: h.clientID,
    producerDataSet: h.producerDataSet.map((p) => ({ groupName: p.groupName })),
    consumerDataSet: h.consumerDataSet.map((c) => ({
      groupName: c.groupName,
      consumeType: c.consumeType,
      messageModel: c.messageModel,
      consumeFromWhere: c.consumeFromWhere,
      subscriptionDataSet: c.subscriptionDataSet.map(subscriptionDataToJson),
      unitMode: c.unitMode,
    })),
    heartbeatFingerprint: h.heartbeatFingerprint,
    withoutSub: h.withoutSub,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeHeartbeatData(body: Buffer | string): HeartbeatData {
  const what = 'HeartbeatData';
  const o = parseBodyObject(body, what);
  const out: HeartbeatData = {
    clientID: stringField(o, 'clientID', what),
    producerDataSet: arrayField(o, 'producerDataSet', what, (v, w) => ({ groupName: stringField(asObject(v, w), 'groupName', w) })),
    consumerDataSet: arrayField(o, 'consumerDataSet', what, consumerDataFromJson),
  };
  if (o.heartbeatFingerprint != null) out.heartbeatFingerprint = asInt(o.heartbeatFingerprint, `${what}.heartbeatFingerprint`);
  const withoutSub = optionalBoolean(o, 'withoutSub', what);
  if (withoutSub !== undefined) out.withoutSub = withoutSub;
  return out;
}
