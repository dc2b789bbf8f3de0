// Message queries (QueryMessageProcessor): VIEW_MESSAGE_BY_ID reads the record at a commit log
// offset (the offset inside an offsetMsgId); QUERY_MESSAGE finds records by a KEYS token, or by
// UNIQ_KEY when extField _UNIQUE_KEY_QUERY is "true" (then at most defaultQueryMaxNum), stored
// within [beginTimestamp, endTimestamp]. Bodies are stored records back to back, as pulls send.
//
// The index is a hash table, so a lookup may return records of another key or topic with the
// same hash; RocketMQ leaves them to the client, we drop them here.
import { decodeProperties } from '../../common/message/properties-codec.js';
import { PropertyKey } from '../../common/message/property-keys.js';
import { locateStoredMessageFields, StoredMessageFields } from '../../common/message/stored-message-decoder.js';
import { readInt64, StoredMessagePosition } from '../../common/message/stored-message-layout.js';
import { ResponseCode } from '../../common/response-code.js';
import type { ProcessorRegistry } from '../../remoting/net/index.js';
import type { RemotingCommand } from '../../remoting/protocol/command.js';
import { QueryMessageRequestHeader, QueryMessageResponseHeader, uniqueKeyQueryField, ViewMessageRequestHeader } from '../../remoting/protocol/headers/query.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { MessageStoreApi } from '../../store/api.js';
import type { BrokerConfig } from '../broker-config.js';
import { failure, success } from './shared/responses.js';

const keySeparator = ' ';

export interface QueryContext {
  config: Pick<BrokerConfig, 'defaultQueryMaxNum'>;
  store: Pick<MessageStoreApi, 'readMessage' | 'queryMessage'>;
}

export function registerQueryProcessors(server: ProcessorRegistry, ctx: QueryContext): void {
  server.registerProcessor(RequestCode.VIEW_MESSAGE_BY_ID, (request) => viewMessageById(ctx, request));
  server.registerProcessor(RequestCode.QUERY_MESSAGE, (request) => queryMessage(ctx, request));
}

function viewMessageById(ctx: QueryContext, request: RemotingCommand): RemotingCommand {
  const { offset } = ViewMessageRequestHeader.decode(request.extFields);
  const record = ctx.store.readMessage(offset);
  // A record starting there says so in its PHYSICALOFFSET field; anything else is not a message id.
  if (record === undefined || readInt64(record, StoredMessagePosition.physicalOffset) !== offset) {
    return failure(request, ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${offset}`);
  }
  return success(request, { body: record });
}

function queryMessage(ctx: QueryContext, request: RemotingCommand): RemotingCommand {
  const header = QueryMessageRequestHeader.decode(request.extFields);
  const byUniqueKey = request.extFields?.[uniqueKeyQueryField] === 'true';
  const maxNum = byUniqueKey ? ctx.config.defaultQueryMaxNum : header.maxNum;
  const found = ctx.store.queryMessage(header.topic, header.key, maxNum, header.beginTimestamp, header.endTimestamp);
  const extFields = QueryMessageResponseHeader.encode({
    indexLastUpdateTimestamp: found.indexLastUpdateTimestamp,
    indexLastUpdatePhyoffset: found.indexLastUpdatePhyoffset,
  });
  const records = found.messages.filter((record) => hasKey(record, header.topic, header.key, byUniqueKey));
  if (records.length === 0) {
    return { ...failure(request, ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct'), extFields };
  }
  return success(request, { extFields, body: records.length === 1 ? records[0]! : Buffer.concat(records) });
}

/** Whether a record found under `key` really is of `topic` and carries `key` (UNIQ_KEY or a KEYS token). */
function hasKey(record: Buffer, topic: string, key: string, byUniqueKey: boolean): boolean {
  const fields = new StoredMessageFields();
  if (locateStoredMessageFields(record, 0, record.length, fields) !== undefined) return false;
  if (record.toString('utf8', fields.topicAt, fields.topicAt + fields.topicBytes) !== topic) return false;
  const properties = decodeProperties(record.toString('utf8', fields.propertiesAt, fields.propertiesAt + fields.propertiesBytes));
  if (properties.get(PropertyKey.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) === key) return true;
  return !byUniqueKey && (properties.get(PropertyKey.KEYS)?.split(keySeparator).includes(key) ?? false);
}
