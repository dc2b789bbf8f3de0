// Admin: message queries (mqadmin queryMsgById, queryMsgByKey, queryMsgByUniqueKey, queryCq).
// VIEW_MESSAGE_BY_ID goes to the broker named inside the offsetMsgId; QUERY_MESSAGE goes to
// every master of the topic. The broker's index is a hash index, so hits are checked against
// the key here, as RocketMQ's client does.
import { ResponseCode } from '../../common/response-code.js';
import { QueryMessageRequestHeader, uniqueKeyQueryField, ViewMessageRequestHeader } from '../../remoting/protocol/headers/query.js';
import { QueryConsumeQueueRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import { decodeQueryConsumeQueueResponseBody, type QueryConsumeQueueResponseBody } from '../../remoting/protocol/bodies/query-consume-queue.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import type { QueryMessageOptions, ReceivedMessage } from '../api.js';
import { QueryNotFoundError } from '../errors/broker-response-errors.js';
import { decodeReceivedMessages } from '../instance/received-message.js';
import { clientRequest } from '../instance/requests.js';
import { brokerOfOffsetMsgId, onEachBroker, topicMasters, type AdminContext } from './admin-context.js';

/** The broker's defaultQueryMaxNum, also what it forces for unique-key queries. */
export const queryMaxNumDefault = 32;

export async function viewMessage(ctx: AdminContext, offsetMsgId: string): Promise<ReceivedMessage> {
  const { addr, commitLogOffset } = brokerOfOffsetMsgId(offsetMsgId);
  const extFields = ViewMessageRequestHeader.encode({ offset: Number(commitLogOffset) });
  const response = await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.VIEW_MESSAGE_BY_ID, { extFields }));
  const [message] = decodeReceivedMessages(response.body ?? Buffer.alloc(0));
  if (message === undefined) {
    throw new QueryNotFoundError({ brokerAddr: addr, requestCode: RequestCode.VIEW_MESSAGE_BY_ID, responseCode: ResponseCode.QUERY_NOT_FOUND, remark: 'empty body' }, 'never');
  }
  return message;
}

/** QUERY_CONSUME_QUEUE of one broker: `count` raw entries of a consume queue from `index`. */
export async function consumeQueueEntries(
  ctx: AdminContext,
  brokerAddr: string,
  query: { topic: string; queueId: number; index: number; count: number; consumerGroup?: string },
): Promise<QueryConsumeQueueResponseBody> {
  const extFields = QueryConsumeQueueRequestHeader.encode(query);
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.QUERY_CONSUME_QUEUE, { extFields }));
  return decodeQueryConsumeQueueResponseBody(response.body ?? '{}');
}

export async function queryMessagesByKey(ctx: AdminContext, topic: string, key: string, options: QueryMessageOptions = {}): Promise<ReceivedMessage[]> {
  const found = await queryMessages(ctx, topic, key, false, options);
  return found.filter((m) => m.topic === topic && m.keys.includes(key));
}

export async function queryMessageByUniqueKey(ctx: AdminContext, topic: string, msgId: string, options: QueryMessageOptions = {}): Promise<ReceivedMessage | undefined> {
  const found = await queryMessages(ctx, topic, msgId, true, options);
  return found.find((m) => m.topic === topic && m.properties.get('UNIQ_KEY') === msgId);
}

async function queryMessages(ctx: AdminContext, topic: string, key: string, uniqueKey: boolean, options: QueryMessageOptions): Promise<ReceivedMessage[]> {
  const header = QueryMessageRequestHeader.encode({
    topic,
    key,
    maxNum: options.maxNum ?? queryMaxNumDefault,
    beginTimestamp: options.beginTimestamp ?? 0,
    endTimestamp: options.endTimestamp ?? Number.MAX_SAFE_INTEGER,
  });
  const extFields = uniqueKey ? { ...header, [uniqueKeyQueryField]: 'true' } : header;
  const masters = await topicMasters(ctx, topic);
  const perBroker = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => {
      const response = await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.QUERY_MESSAGE, { extFields }), {
        accept: [ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND],
      });
      return response.code === ResponseCode.SUCCESS && response.body !== undefined ? decodeReceivedMessages(response.body) : [];
    },
  );
  return perBroker.flat().sort((a, b) => a.storeTimestamp - b.storeTimestamp);
}
