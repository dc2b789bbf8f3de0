// Admin: who is connected (mqadmin consumerConnection, producerConnection). Each master of the
// route is asked and the answers merged; a group connected to none of them is an error
// (CONSUMER_NOT_ONLINE from the brokers).
import {
  decodeConsumerConnection,
  decodeProducerConnection,
  type Connection,
  type ConsumerConnection,
  type ProducerConnection,
} from '../../remoting/protocol/bodies/connection.js';
import { GetConsumerConnectionListRequestHeader, GetProducerConnectionListRequestHeader } from '../../remoting/protocol/headers/broker-admin.js';
import { RequestCode } from '../../remoting/protocol/request-code.js';
import { ConsumerNotOnlineError } from '../errors/broker-response-errors.js';
import { NoRouteError } from '../errors/client-errors.js';
import { clientRequest } from '../instance/requests.js';
import { retryTopicPrefix } from '../producer/message-validation.js';
import { onEachBroker, topicMasters, type AdminContext } from './admin-context.js';

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

/** One entry per client id and address. */
function mergeConnections(sets: Connection[][]): Connection[] {
  const byKey = new Map<string, Connection>();
  for (const set of sets) for (const c of set) byKey.set(`${c.clientId} ${c.clientAddr}`, c);
  return [...byKey.values()];
}
