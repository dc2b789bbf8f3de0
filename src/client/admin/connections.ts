// Admin: who is connected (mqadmin consumerConnection, producerConnection). Each master of the
// route is asked and the answers merged; a group connected to none of them is an error
// (CONSUMER_NOT_ONLINE from the brokers). And what one connected consumer is doing (mqadmin
// consumerStatus), or what it does with one stored message (the dashboard's "resend to
// consumer"): a broker forwards the question to the client.
import {
  decodeConsumerConnection,
  decodeProducerConnection,
  type Connection,
  type ConsumerConnection,
  type ProducerConnection,
} from '../../remoting/protocol/bodies/connection.js';
import { decodeConsumeMessageDirectlyResult, type ConsumeMessageDirectlyResult } from '../../remoting/protocol/bodies/consume-message-directly-result.js';
import { decodeConsumerRunningInfo, type ConsumerRunningInfo } from '../../remoting/protocol/bodies/consumer-running-info.js';
import { decodeProducerTableInfo, type ProducerInfo } from '../../remoting/protocol/bodies/producer-table-info.js';
import { decodeGetConsumerStatusBody } from '../../remoting/protocol/bodies/consumer-status.js';
import type { MessageQueueEntries } from '../../remoting/protocol/bodies/message-queue.js';
import {
  GetConsumerConnectionListRequestHeader,
  GetConsumerStatusRequestHeader,
  GetProducerConnectionListRequestHeader,
} from '../../remoting/protocol/headers/broker-admin.js';
import { ConsumeMessageDirectlyResultRequestHeader, GetConsumerRunningInfoRequestHeader } from '../../remoting/protocol/headers/client.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { ConsumerNotOnlineError } from '../errors/broker-response-errors.js';
import { NoRouteError } from '../errors/client-errors.js';
import { clientRequest } from '../instance/requests.js';
import { retryTopicPrefix } from '../producer/message-validation.js';
import { brokerOfOffsetMsgId, onEachBroker, topicMasters, type AdminContext } from './admin-context.js';

export async function consumerConnections(ctx: AdminContext, group: string): Promise<ConsumerConnection> {
  const extFields = GetConsumerConnectionListRequestHeader.encode({ consumerGroup: group });
  const masters = await topicMasters(ctx, retryTopicPrefix + group);
  let notOnline: ConsumerNotOnlineError | undefined;
  const answers = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => {
      try {
        const response = await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.GET_CONSUMER_CONNECTION_LIST, { extFields }));
        return decodeConsumerConnection(response.body ?? '{}');
      } catch (error) {
        if (!(error instanceof ConsumerNotOnlineError)) throw error;
        notOnline = error;
        return undefined;
      }
    },
  );
  const found = answers.filter((a): a is ConsumerConnection => a !== undefined);
  const first = found[0];
  if (first === undefined) throw notOnline ?? new NoRouteError(retryTopicPrefix + group, `no master broker in the route of ${retryTopicPrefix}${group}`);
  const merged: ConsumerConnection = { ...first, connectionSet: mergeConnections(found.map((c) => c.connectionSet)), subscriptionTable: new Map() };
  for (const c of found) for (const [topic, sub] of c.subscriptionTable) merged.subscriptionTable.set(topic, sub);
  return merged;
}

export async function producerConnections(ctx: AdminContext, group: string, topic: string): Promise<ProducerConnection> {
  const extFields = GetProducerConnectionListRequestHeader.encode({ producerGroup: group });
  const masters = await topicMasters(ctx, topic);
  const answers = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeProducerConnection((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.GET_PRODUCER_CONNECTION_LIST, { extFields }))).body ?? '{}'),
  );
  return { connectionSet: mergeConnections(answers.map((a) => a.connectionSet)) };
}

/** The broker waits up to 10 s for the client; this leaves it time to answer (Java: 3x the call timeout). */
const consumerCallTimeoutMs = 15_000;

export async function consumerRunningInfo(ctx: AdminContext, group: string, clientId: string): Promise<ConsumerRunningInfo> {
  const extFields = GetConsumerRunningInfoRequestHeader.encode({ consumerGroup: group, clientId, jstackEnable: false });
  const [master] = await topicMasters(ctx, retryTopicPrefix + group);
  if (master === undefined) throw new NoRouteError(retryTopicPrefix + group, `no master broker in the route of ${retryTopicPrefix}${group}`);
  const request = clientRequest(RequestCode.GET_CONSUMER_RUNNING_INFO, { extFields });
  const response = await ctx.instance.invokeBroker(master.addr, request, { timeoutMs: consumerCallTimeoutMs });
  return decodeConsumerRunningInfo(response.body ?? '{}');
}

/** CONSUME_MESSAGE_DIRECTLY: sent to the broker the offsetMsgId names, which forwards the message to the client. */
export async function consumeMessageDirectly(ctx: AdminContext, group: string, clientId: string, offsetMsgId: string): Promise<ConsumeMessageDirectlyResult> {
  const { addr } = brokerOfOffsetMsgId(offsetMsgId);
  const extFields = ConsumeMessageDirectlyResultRequestHeader.encode({ consumerGroup: group, clientId, msgId: offsetMsgId });
  const request = clientRequest(RequestCode.CONSUME_MESSAGE_DIRECTLY, { extFields });
  const response = await ctx.instance.invokeBroker(addr, request, { timeoutMs: consumerCallTimeoutMs });
  return decodeConsumeMessageDirectlyResult(response.body ?? '{}');
}

/**
 * INVOKE_BROKER_TO_GET_CONSUMER_STATUS on every master of the topic (mqadmin getConsumerStatus):
 * each member's offsets of the topic's queues by client id, or only `clientId`'s.
 */
export async function consumerStatus(ctx: AdminContext, group: string, topic: string, clientId?: string): Promise<Map<string, MessageQueueEntries<number>>> {
  const extFields = GetConsumerStatusRequestHeader.encode({ topic, group, clientAddr: clientId });
  const masters = await topicMasters(ctx, topic);
  const answers = await onEachBroker(
    masters.map((m) => m.addr),
    async (addr) => decodeGetConsumerStatusBody((await ctx.instance.invokeBroker(addr, clientRequest(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { extFields }))).body ?? '{}'),
  );
  const merged = new Map<string, MessageQueueEntries<number>>();
  for (const answer of answers) for (const [id, table] of answer.consumerTable) merged.set(id, [...(merged.get(id) ?? []), ...table]);
  return merged;
}

/** GET_ALL_PRODUCER_INFO of one broker: producer group -> its clients. */
export async function allProducerInfo(ctx: AdminContext, brokerAddr: string): Promise<Map<string, ProducerInfo[]>> {
  const response = await ctx.instance.invokeBroker(brokerAddr, clientRequest(RequestCode.GET_ALL_PRODUCER_INFO));
  return decodeProducerTableInfo(response.body ?? '{}').data;
}

/** One entry per client id and address. */
function mergeConnections(sets: Connection[][]): Connection[] {
  const byKey = new Map<string, Connection>();
  for (const set of sets) for (const c of set) byKey.set(`${c.clientId} ${c.clientAddr}`, c);
  return [...byKey.values()];
}
