// RegisterBrokerBody (REGISTER_BROKER body; codes.md §6), in two forms chosen by the request
// header's `compressed` flag:
//
// JSON:  {"filterServerList":[],"topicConfigSerializeWrapper":{TopicConfigSerializeWrapper}}
//
// Compressed (broker compressedRegister=true): one zlib stream (Java DeflaterOutputStream,
// best compression) holding, all integers big-endian int32:
//   len | DataVersion JSON
//   topicCount
//   topicCount x ( len | "topicName readQueueNums writeQueueNums perm topicFilterType" )
//                 (TopicConfig.encode: space-separated; 5.x appends the attributes JSON
//                  as a sixth part when there are attributes; topicSysFlag and order are
//                  not carried)
//   len | filterServerList JSON
// 5.x may append more sections (static-topic mappings); they are ignored.
import { inflateSync, deflateSync, constants as zlibConstants } from 'node:zlib';
import { BodyFormatError } from '../errors.js';
import { dataVersionToJson, decodeDataVersion } from './data-version.js';
import { parseFastjson } from './fastjson-parse.js';
import { writeFastjson } from './fastjson-write.js';
import { arrayField, asMap, asString, asStringArray, parseBodyObject, stringKey } from './json-fields.js';
import {
  topicConfigDefaults,
  topicConfigWrapperFromJson,
  topicConfigWrapperToJson,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
} from './topic-config.js';

/** Largest inflated compressed body accepted (bounds a hostile "zip bomb"). */
export const registerBodyInflatedBytesMax = 64 * 1024 * 1024;

export interface RegisterBrokerBody {
  topicConfigSerializeWrapper: TopicConfigSerializeWrapper;
  filterServerList: string[];
}

export function encodeRegisterBrokerBody(body: RegisterBrokerBody, options: { compressed?: boolean } = {}): Buffer {
  if (options.compressed) return encodeCompressed(body);
  const json = {
    topicConfigSerializeWrapper: topicConfigWrapperToJson(body.topicConfigSerializeWrapper),
    filterServerList: body.filterServerList,
  };
  return Buffer.from(writeFastjson(json), 'utf8');
}

export function decodeRegisterBrokerBody(data: Buffer, options: { compressed?: boolean } = {}): RegisterBrokerBody {
  if (options.compressed) return decodeCompressed(data);
  const what = 'RegisterBrokerBody';
  const o = parseBodyObject(data, what);
  return {
    topicConfigSerializeWrapper:
      o.topicConfigSerializeWrapper == null
        ? { topicConfigTable: new Map(), dataVersion: { timestamp: 0, counter: 0 } }
        : topicConfigWrapperFromJson(o.topicConfigSerializeWrapper, `${what}.topicConfigSerializeWrapper`),
    filterServerList: arrayField(o, 'filterServerList', what, asString),
  };
}

function lengthPrefixed(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.allocUnsafe(4);
  length.writeInt32BE(bytes.length, 0);
  return [length, bytes];
}

/** TopicConfig.encode(): the five space-separated fields, plus 5.x attributes JSON. */
function topicConfigLine(t: TopicConfig): string {
  const line = `${t.topicName} ${t.readQueueNums} ${t.writeQueueNums} ${t.perm} ${t.topicFilterType}`;
  return t.attributes && t.attributes.size > 0 ? `${line} ${writeFastjson(t.attributes)}` : line;
}

function encodeCompressed(body: RegisterBrokerBody): Buffer {
  const wrapper = body.topicConfigSerializeWrapper;
  const parts: Buffer[] = [...lengthPrefixed(writeFastjson(dataVersionToJson(wrapper.dataVersion)))];
  const count = Buffer.allocUnsafe(4);
  count.writeInt32BE(wrapper.topicConfigTable.size, 0);
  parts.push(count);
  for (const config of wrapper.topicConfigTable.values()) parts.push(...lengthPrefixed(topicConfigLine(config)));
  parts.push(...lengthPrefixed(writeFastjson(body.filterServerList)));
  return deflateSync(Buffer.concat(parts), { level: zlibConstants.Z_BEST_COMPRESSION });
}

function decodeCompressed(data: Buffer): RegisterBrokerBody {
  let plain: Buffer;
  try {
    plain = inflateSync(data, { maxOutputLength: registerBodyInflatedBytesMax });
  } catch (err) {
    throw new BodyFormatError(`compressed RegisterBrokerBody does not inflate: ${(err as Error).message}`);
  }
  const reader = new SectionReader(plain);
  const dataVersion = decodeDataVersion(reader.section('DataVersion'));
  const topicCount = reader.int32('topic count');
  if (topicCount < 0) throw new BodyFormatError(`compressed RegisterBrokerBody: topic count ${topicCount}`);
  const topicConfigTable = new Map<string, TopicConfig>();
  for (let i = 0; i < topicCount; i++) {
    const config = parseTopicConfigLine(reader.section('TopicConfig').toString('utf8'));
    topicConfigTable.set(config.topicName, config);
  }
  const filterServerList = asStringArray(parseFastjson(reader.section('filterServerList')), 'filterServerList');
  return { topicConfigSerializeWrapper: { topicConfigTable, dataVersion }, filterServerList };
}

function parseTopicConfigLine(line: string): TopicConfig {
  const parts = line.split(' ');
  const [topicName, read, write, perm, filterType] = parts;
  const numbers = [read, write, perm].map((p) => (p !== undefined && /^-?\d{1,10}$/.test(p) ? Number(p) : NaN));
  if (parts.length < 5 || !topicName || numbers.some((n) => !Number.isInteger(n))) {
    throw new BodyFormatError(`compressed RegisterBrokerBody: bad topic config ${JSON.stringify(line.slice(0, 200))}`);
  }
  const config: TopicConfig = {
    topicName,
    readQueueNums: numbers[0]!,
    writeQueueNums: numbers[1]!,
    perm: numbers[2]!,
    topicFilterType: filterType || topicConfigDefaults.topicFilterType,
    topicSysFlag: 0,
    order: false,
  };
  if (parts.length > 5) {
    config.attributes = asMap(parseFastjson(parts.slice(5).join(' ')), 'TopicConfig.attributes', stringKey, asString);
  }
  return config;
}

/** Reads the int32-length-prefixed sections of the inflated body. */
class SectionReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  int32(what: string): number {
    if (this.buf.length - this.at < 4) throw new BodyFormatError(`compressed RegisterBrokerBody cut before ${what}`);
    const n = this.buf.readInt32BE(this.at);
    this.at += 4;
    return n;
  }

  section(what: string): Buffer {
    const length = this.int32(`${what} length`);
    if (length < 0 || length > this.buf.length - this.at) {
      throw new BodyFormatError(`compressed RegisterBrokerBody: ${what} length ${length} beyond the data`);
    }
    const out = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }
}
