// GetConsumerListByGroupResponseBody (GET_CONSUMER_LIST_BY_GROUP answer):
//   {"consumerIdList":["10.0.0.9@4242#8123456789",...]}
import { writeFastjson } from './fastjson-write.js';
import { arrayField, asString, parseBodyObject } from './json-fields.js';

export interface ConsumerIdList {
  consumerIdList: string[];
}

export function encodeConsumerIdList(list: ConsumerIdList): Buffer {
  return Buffer.from(writeFastjson({ consumerIdList: list.consumerIdList }), 'utf8');
}

export function decodeConsumerIdList(body: Buffer | string): ConsumerIdList {
  const o = parseBodyObject(body, 'ConsumerIdList');
  return { consumerIdList: arrayField(o, 'consumerIdList', 'ConsumerIdList', asString) };
}
