// Offset tables with Java Integer keys, written by fastjson with unquoted keys:
//   ConsumerOffsetSerializeWrapper (consumerOffset.json, GET_ALL_CONSUMER_OFFSET):
//     {"offsetTable":{"TopicTest@G1":{0:12,1:7}}}          "<topic>@<group>" -> queueId -> offset
//   DelayOffsetSerializeWrapper (delayOffset.json, GET_ALL_DELAY_OFFSET):
//     {"offsetTable":{1:33,3:5}}                            delay level -> offset
import { writeFastjson } from './fastjson-write.js';
import { asLong, asMap, longKey, mapField, parseBodyObject, stringKey } from './json-fields.js';

export interface ConsumerOffsetSerializeWrapper {
  offsetTable: Map<string, Map<number, number>>;
}

export interface DelayOffsetSerializeWrapper {
  offsetTable: Map<number, number>;
}

export function encodeConsumerOffsetSerializeWrapper(w: ConsumerOffsetSerializeWrapper): Buffer {
  return Buffer.from(writeFastjson({ offsetTable: w.offsetTable }), 'utf8');
}

export function decodeConsumerOffsetSerializeWrapper(body: Buffer | string): ConsumerOffsetSerializeWrapper {
  const what = 'ConsumerOffsetSerializeWrapper';
  const o = parseBodyObject(body, what);
  return { offsetTable: mapField(o, 'offsetTable', what, stringKey, (v, w) => asMap(v, w, longKey, asLong)) };
}

export function encodeDelayOffsetSerializeWrapper(w: DelayOffsetSerializeWrapper): Buffer {
  return Buffer.from(writeFastjson({ offsetTable: w.offsetTable }), 'utf8');
}

export function decodeDelayOffsetSerializeWrapper(body: Buffer | string): DelayOffsetSerializeWrapper {
  const what = 'DelayOffsetSerializeWrapper';
  const o = parseBodyObject(body, what);
  return { offsetTable: mapField(o, 'offsetTable', what, longKey, asLong) };
}
