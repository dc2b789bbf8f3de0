// ConsumerConnection (GET_CONSUMER_CONNECTION_LIST body) and ProducerConnection
// (GET_PRODUCER_CONNECTION_LIST body):
//   {"connectionSet":[{"clientAddr":"10.0.0.9:52314","clientId":"10.0.0.9@4242","language":"JAVA","version":409}],
//    "consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING",
//    "subscriptionTable":{"T":{SubscriptionData}}}
//   {"connectionSet":[...]}
import type { JsonValue } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { subscriptionDataFromJson, subscriptionDataToJson, type SubscriptionData } from './heartbeat-data.js';
import { arrayField, asObject, intField, mapField, optionalString, parseBodyObject, stringKey } from './json-fields.js';

export interface Connection {
  clientId: string;
  /** "ip:port" */
  clientAddr: string;
  /** LanguageCode name. */
  language: string;
  /** The client's remoting version. */
  version: number;
}

export interface ConsumerConnection {
  connectionSet: Connection[];
  subscriptionTable: Map<string, SubscriptionData>;
  consumeType?: string;
  messageModel?: string;
  consumeFromWhere?: string;
}

export interface ProducerConnection {
  connectionSet: Connection[];
}

function connectionFromJson(v: JsonValue, what: string): Connection {
  const o = asObject(v, what);
  return {
    clientId: optionalString(o, 'clientId', what) ?? '',
    clientAddr: optionalString(o, 'clientAddr', what) ?? '',
    language: optionalString(o, 'language', what) ?? 'JAVA',
    version: intField(o, 'version', what),
  };
}

export function encodeConsumerConnection(c: ConsumerConnection): Buffer {
  const subscriptions = new Map<string, object>();
  for (const [topic, s] of c.subscriptionTable) subscriptions.set(topic, subscriptionDataToJson(s));
  const json = {
    connectionSet: c.connectionSet.map((x) => ({ ...x })),
    subscriptionTable: subscriptions,
    consumeType: c.consumeType,
    messageModel: c.messageModel,
    consumeFromWhere: c.consumeFromWhere,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeConsumerConnection(body: Buffer | string): ConsumerConnection {
  const what = 'ConsumerConnection';
  const o = parseBodyObject(body, what);
  const out: ConsumerConnection = {
    connectionSet: arrayField(o, 'connectionSet', what, connectionFromJson),
    subscriptionTable: mapField(o, 'subscriptionTable', what, stringKey, subscriptionDataFromJson),
  };
  const consumeType = optionalString(o, 'consumeType', what);
  if (consumeType !== undefined) out.consumeType = consumeType;
  const messageModel = optionalString(o, 'messageModel', what);
  if (messageModel !== undefined) out.messageModel = messageModel;
  const consumeFromWhere = optionalString(o, 'consumeFromWhere', what);
  if (consumeFromWhere !== undefined) out.consumeFromWhere = consumeFromWhere;
  return out;
}

export function encodeProducerConnection(p: ProducerConnection): Buffer {
  return Buffer.from(writeFastjson({ connectionSet: p.connectionSet.map((x) => ({ ...x })) }), 'utf8');
}

export function decodeProducerConnection(body: Buffer | string): ProducerConnection {
  const o = parseBodyObject(body, 'ProducerConnection');
  return { connectionSet: arrayField(o, 'connectionSet', 'ProducerConnection', connectionFromJson) };
}
